/**
 * Requests a client may make per minute (DESIGN.md, Operations: per-client throttling). API
 * Gateway's HTTP API throttles per route only, so one court's integration gone wrong could take
 * every court's share: each court's client has its own quota, counted across every function.
 */
export interface RequestQuota {
  /** Uses one request of `subject`'s quota: allowed, or refused until `retryAt`. */
  take(subject: string): Promise<{ ok: true } | { ok: false; retryAt: Date }>;
}
