import type { AllowancePolicy } from '../domain/limits/allowance';

/**
 * Keeps the platform under each provider's send rate (SNS SMS and SES have per-second quotas): a
 * send goes ahead only if a slot in the current second was free. Shared by every task function,
 * so the limit holds however many run at once.
 */
export interface SendRateLimiter {
  tryAcquire(channel: 'sms' | 'email'): Promise<boolean>;
}

/**
 * The other limits, per subject rather than per provider (domain/limits/allowance.ts): sends to
 * one recipient that someone else triggers, an addressee's own code requests, wrong codes from one
 * client. Subjects are opaque keys (keyed hashes): the limits keep no address and no IP in the clear.
 */
export interface Allowances {
  /** When `subject` may next use `policy`; `undefined` if now. Reads only. */
  check(policy: AllowancePolicy, subject: string): Promise<Date | undefined>;
  /**
   * Uses `policy` once for every subject, all or none: if any is not allowed now, nothing is
   * recorded and the answer is the latest time one of them is allowed again.
   */
  take(policy: AllowancePolicy, subjects: readonly string[]): Promise<{ ok: true } | { ok: false; retryAt: Date }>;
  /** How many uses of `policy` `subject` has left now. Reads only. */
  remaining(policy: AllowancePolicy, subject: string): Promise<number>;
  /** Gives `subject`'s latest use of `policy` back (a use that should not have counted); nothing if none. */
  giveBack(policy: AllowancePolicy, subject: string): Promise<void>;
}
