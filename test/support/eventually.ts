import { vi } from 'vitest';

export interface EventuallyOptions {
  /** How long to keep trying, in ms (default 10 s). */
  timeout?: number;
  /** Pause between tries, in ms (default 20). */
  interval?: number;
}

/**
 * Waits until `check` holds, for what the stack does on its own time (a receipt arriving, a
 * workflow reaching its wait, the relay handing an outbox item on). `check` holds when it returns
 * without throwing and its value is not `false`; an `expect` inside it is the clearest check, since
 * its message is what a timeout reports. Built on `vi.waitFor`; never use it for a deadline the
 * platform computes: drive the test clock for those.
 *
 * @param what what is awaited, in words ("the first SMS is sent"): it heads the timeout's message.
 * @returns the check's last value.
 */
export async function eventually<T>(
  what: string,
  check: () => T | Promise<T>,
  { timeout = 10_000, interval = 20 }: EventuallyOptions = {},
): Promise<Exclude<T, false>> {
  try {
    return await vi.waitFor(
      async () => {
        const value = await check();
        if (value === false) throw new Error('the check returned false');
        return value as Exclude<T, false>;
      },
      { timeout, interval },
    );
  } catch (error) {
    const last = error instanceof Error ? error.message : String(error);
    throw new Error(`${what}: not within ${timeout} ms (last try: ${last})`, { cause: error });
  }
}
