/** What was answered to a mutating request, replayed to a retry with the same key and body. */
export interface StoredResponse {
  status: number;
  body: string;
  contentType: string;
}

export type IdempotencyClaim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; response: StoredResponse }
  | { outcome: 'in_progress' }
  | { outcome: 'mismatch' };

/**
 * Remembers `Idempotency-Key`s per caller. `claim` is atomic: of two concurrent requests with the
 * same key, one is `claimed` and the other sees `in_progress`.
 */
export interface IdempotencyStore {
  claim(scope: string, key: string, requestHash: string): Promise<IdempotencyClaim>;
  complete(scope: string, key: string, response: StoredResponse): Promise<void>;
  /** Lets a retry run again after the first attempt failed without a lasting effect. */
  release(scope: string, key: string): Promise<void>;
}
