/** What was answered to a mutating request, replayed to a retry with the same key and body. */
export interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
  /** The `Location` of a 201, so that a replay names what was created as the first answer did. */
  location?: string;
}

export type IdempotencyClaim =
  /** `run` names this run of the request: a claim taken over after a crash is another run. */
  | { outcome: 'claimed'; run: string }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in_progress' }
  | { outcome: 'mismatch' };

/**
 * Remembers `Idempotency-Key`s per caller. `claim` is atomic: of two concurrent requests with the
 * same key, one is `claimed` and the other sees `in_progress`.
 */
export interface IdempotencyStore {
  claim(scope: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  /**
   * Does the claimed run's work so that the first state change it commits also marks the key as
   * done by this run, in the same transaction. A later run of the same key (one that took over the
   * claim of a run that crashed after its commit, before its answer was kept) then commits nothing:
   * its first commit fails with `AlreadyDone`, so no retry does the work twice. A change that only
   * finishes work already recorded (`StateChange.finishesRecordedWork`) is not held back.
   */
  guard<T>(scope: string, key: string, run: string, work: () => Promise<T>): Promise<T>;
  /** Keeps the run's answer for retries; a run whose claim was taken over keeps nothing. */
  complete(scope: string, key: string, run: string, response: StoredResponse): Promise<void>;
  /**
   * Lets a retry run again after the first attempt failed without a lasting effect. A run that had
   * committed keeps its mark: the key is left for the next retry to take over at once, and meet it.
   */
  release(scope: string, key: string, run: string): Promise<void>;
}
