import type { MessageRecord } from '../messages/message-record';
import { type RecipientRecord, type ServiceAttempt, serviceRules } from './recipient';
import { type AttemptOutcome, completesServiceAt } from './service-completion';

/*
 * What a recipient's attempts show once their messages have settled: when each was delivered or
 * signed for, which one served and by which rule, and how each ended at its best (what the
 * address book learns).
 */

/** Which attempt served, and by which rule, at `servedAt`. */
export function servedBy(
  attempts: readonly ServiceAttempt[],
  servedAt: string,
): NonNullable<RecipientRecord['served']> {
  const serving = attempts.find((attempt) => completesServiceAt(attemptTimes(attempt)) === servedAt) as ServiceAttempt;
  const rule = serving.acknowledgedAt === servedAt ? serviceRules.acknowledgement : serviceRules.delivery;
  return { at: servedAt, rule, attemptNo: serving.attemptNo };
}

/** The attempt with what its message knows: the delivery time and, where a signature is needed, its deadline. */
export function withMessageFacts(
  attempt: ServiceAttempt,
  message: MessageRecord,
  recipient: Pick<RecipientRecord, 'timeouts'>,
): ServiceAttempt {
  if (message.status !== 'delivered' || attempt.deliveredAt) return attempt;
  const deliveredAt = message.settledAt ?? message.sentAt ?? attempt.createdAt;
  const acknowledgementDeadline = attempt.completesAtDelivery
    ? undefined
    : new Date(Date.parse(deliveredAt) + recipient.timeouts.acknowledgement[attempt.channel] * 1000).toISOString();
  return { ...attempt, deliveredAt, ...(acknowledgementDeadline ? { acknowledgementDeadline } : {}) };
}

/** The times and sources of an attempt that decide when it completes service. */
export function attemptTimes(attempt: ServiceAttempt) {
  return {
    addressSources: attempt.sources.map((observation) => observation.source),
    ...(attempt.deliveredAt ? { deliveredAt: attempt.deliveredAt } : {}),
    ...(attempt.acknowledgedAt ? { acknowledgedAt: attempt.acknowledgedAt } : {}),
  };
}

/** How an attempt ended at its best, from its message (what the address book learns). */
export function outcomeOf(attempt: ServiceAttempt, message: MessageRecord): AttemptOutcome {
  if (attempt.acknowledgedAt) return 'acknowledged';
  switch (message.status) {
    case 'delivered':
      return 'delivered';
    case 'no_receipt':
      return 'no_receipt';
    case 'failed': {
      const reason = message.failureReason ?? '';
      if (/^bounce: Transient|^carrier:/.test(reason)) return 'soft_bounce';
      return 'hard_bounce';
    }
    default:
      return 'unknown';
  }
}
