import { AsyncLocalStorage } from 'node:async_hooks';

/** One run of a request under its Idempotency-Key: the claim's `run` token, new for every claim. */
export interface IdempotentRun {
  scope: string;
  key: string;
  run: string;
}

interface Open {
  run: IdempotentRun;
  open: boolean;
}

/*
 * The request's run, as the state store sees it while the request's work is under way. It lives in
 * the async context because the store is shared by every request of the process (a route's deps are
 * built once); work a request leaves behind (a timer, a nudged relay in the local runtime) inherits
 * the context, so the run is marked closed once the request's work returns and no longer counts.
 */
const current = new AsyncLocalStorage<Open>();

/** Runs `work` as the run's work: every change the state store commits meanwhile is tied to the run. */
export async function withinIdempotentRun<T>(run: IdempotentRun, work: () => Promise<T>): Promise<T> {
  const open: Open = { run, open: true };
  try {
    return await current.run(open, work);
  } finally {
    open.open = false;
  }
}

/** The run whose work is being done now, if any. */
export function idempotentRunNow(): IdempotentRun | undefined {
  const open = current.getStore();
  return open?.open ? open.run : undefined;
}
