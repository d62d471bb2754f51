/**
 * When a callback that failed is tried again (DESIGN.md, Messages to people: "retried for 24
 * hours"). The Standard Webhooks specification suggests immediately, then after 5 s, 5 min,
 * 30 min, 2 h, 5 h and 10 h; the window caps it: a retry that would fall after the window's end
 * is made at the end instead, and an attempt at or after the end is the last one.
 */
export interface RetrySchedule {
  /** The waits after the first, second, … failed attempt, in milliseconds. */
  delaysMs: number[];
  /** How long after the event retries go on, in milliseconds. */
  windowMs: number;
}

export const standardRetrySchedule: RetrySchedule = {
  delaysMs: [5, 300, 1800, 7200, 18_000, 36_000].map((seconds) => seconds * 1000),
  windowMs: 24 * 3600 * 1000,
};

/**
 * The time of the next attempt after failed attempt number `attemptNo` (1-based) made at
 * `attemptedAt`, for an event first tried at `firstAttemptAt`; undefined when that attempt was the
 * last (the delivery has failed for good).
 */
export function nextAttemptAt(
  schedule: RetrySchedule,
  input: { firstAttemptAt: Date; attemptedAt: Date; attemptNo: number },
): Date | undefined {
  const end = input.firstAttemptAt.getTime() + schedule.windowMs;
  if (input.attemptedAt.getTime() >= end) return undefined;
  const delay = schedule.delaysMs[input.attemptNo - 1];
  // Past the listed waits, one last try at the window's end.
  const next = delay === undefined ? end : input.attemptedAt.getTime() + delay;
  return new Date(Math.min(next, end));
}
