import { SendNotAccepted } from '../ports/message-channels';

export interface SendSlotsOptions {
  /** Sends in flight at once; the client's socket pool is sized to it, so no request waits for a socket. */
  limit: number;
  /** How long a send may wait for its turn before it is given up, unsent, as retryable. */
  maxWaitMs: number;
  /** The provider and what is sent, for the error's message: `SES`, `email`. */
  provider: { name: string; what: string };
}

/**
 * The turns of one client's sends. The SDK's request timeout runs from the moment a request is
 * built, so a request that waits in the HTTP agent's socket queue spends its timeout there and can
 * time out before a byte leaves: an outcome the caller must record as unknown and never resend,
 * though nothing was sent. Sends wait their turn here instead, before their request exists, so the
 * timeout measures only the provider's answer; one that waits too long is given up as certainly not
 * sent, which the caller may retry. One Lambda invocation sends once and never waits; a process that
 * sends for many workflows at once (the local runtime, a burst of a service's recipients) does.
 */
export class SendSlots {
  private inFlight = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly options: SendSlotsOptions) {
    if (!Number.isInteger(options.limit) || options.limit < 1) {
      throw new RangeError(`send slots need a whole limit of at least 1, not ${options.limit}`);
    }
  }

  /** Runs `send` once a slot is free, and frees the slot when it settles. */
  async run<T>(send: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await send();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.inFlight < this.options.limit) {
      this.inFlight += 1;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const ahead = this.waiting.length;
      const take = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiting.splice(this.waiting.indexOf(take), 1);
        const { name, what } = this.options.provider;
        reject(
          new SendNotAccepted(
            `the ${what} was not sent to ${name}: no turn within ${this.options.maxWaitMs} ms (${ahead} sends were waiting ahead of it); it may be retried`,
            { retryable: true },
          ),
        );
      }, this.options.maxWaitMs);
      this.waiting.push(take);
    });
  }

  /** Hands the slot to the longest-waiting send, or frees it. */
  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.inFlight -= 1;
  }
}

/** The SDK's own socket pool size: one process sends no more at once than the SDK would by default. */
export const defaultConcurrentSends = 50;
/** Long enough for a burst of a thousand sends to drain, short of a workflow task's timeout. */
export const defaultSendWaitMs = 30_000;
