import type { MessageRecord } from '../../domain/messages/message-record';
import type { Address } from '../../domain/service/address';
import { withObservation } from '../../domain/service/address-book';
import { type RecipientRecord, type ServiceAttempt, serviceRules } from '../../domain/service/recipient';
import {
  type AttemptOutcome,
  completesServiceAt,
  earlierServiceSource,
  recordOutcome as learnOutcome,
  recordReach,
} from '../../domain/service/service-completion';
import type { EntityWrite } from '../../ports/state-store';
import type { ServiceDeliveryDeps } from './deps';

/*
 * A recipient served: which attempt served and by which rule, the attempts settled with their best
 * outcomes, and what the address book learns. Shared by the ServiceDelivery workflow and the late
 * reconciliation of a receipt or a signature that arrives after the workflow moved on.
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

/**
 * The recipient once served: every attempt settled with its best outcome and learned from, and the
 * serving address gains `earlier_service`, so the next service to this person starts there.
 */
export async function servedRecipient(
  deps: Pick<ServiceDeliveryDeps, 'store' | 'clock'>,
  recipient: RecipientRecord,
  attempts: ServiceAttempt[],
  messages: MessageRecord[],
  served: NonNullable<RecipientRecord['served']>,
): Promise<{ recipient: RecipientRecord; writes: EntityWrite[] }> {
  const at = deps.clock.now().toISOString();
  const settled = attempts.map((attempt, index) => {
    const message = messages[index];
    if (attempt.outcome && !(attempt.acknowledgedAt && attempt.outcome !== 'acknowledged')) return attempt;
    return { ...attempt, outcome: message ? outcomeOf(attempt, message) : ('unknown' as const), settledAt: at };
  });
  const learned = await learnFrom(deps, recipient, settled, messages, served);
  return {
    recipient: { ...recipient, attempts: learned.attempts, status: 'served', served, waitToken: undefined },
    writes: learned.writes,
  };
}

/**
 * Learning (issue 4, item 7): each settled attempt not yet learned from updates its address's
 * outcome record once; the attempt that served adds `earlier_service` to its address. Each attempt
 * the person opened or signed for counts once as reaching them at its address (issue 16), whether
 * that came before or after service was complete: the portal learns it when it happens
 * (`recordOpened`, `acknowledgeAttempt`), the workflow when it settles an attempt that has it.
 */
export async function learnFrom(
  deps: Pick<ServiceDeliveryDeps, 'store'>,
  recipient: RecipientRecord,
  attempts: ServiceAttempt[],
  _messages: MessageRecord[],
  served: RecipientRecord['served'],
): Promise<{ attempts: ServiceAttempt[]; writes: EntityWrite[] }> {
  const toLearn = attempts.filter((attempt) => attempt.outcome && !attempt.learned);
  const toReach = attempts.filter(reachedUnlearned);
  if (toLearn.length === 0 && toReach.length === 0 && !served) return { attempts, writes: [] };
  const book = await deps.store.services.addressBook(recipient.personHash);
  const serving = served ? attempts.find((attempt) => attempt.attemptNo === served.attemptNo) : undefined;
  const addresses: Address[] = book.value.map((address) => {
    let next = address;
    for (const attempt of toLearn) {
      if (attempt.addressId !== address.addressId) continue;
      next = learnOutcome(next, attempt.outcome as AttemptOutcome, attempt.settledAt ?? attempt.createdAt);
    }
    for (const attempt of toReach) {
      if (attempt.addressId !== address.addressId) continue;
      next = recordReach(next, (attempt.openedAt ?? attempt.acknowledgedAt) as string);
    }
    // Also when that attempt was learned from before (signed for after the workflow moved on).
    if (served && serving?.addressId === address.addressId) {
      next = { ...next, sources: withObservation(next.sources, earlierServiceSource(served.at, recipient.serviceId)) };
    }
    return next;
  });
  const learned = attempts.map((attempt) => {
    const next = attempt.outcome && !attempt.learned ? { ...attempt, learned: true } : attempt;
    return reachedUnlearned(next) ? { ...next, reachLearned: true } : next;
  });
  return {
    attempts: learned,
    writes: book.value.length > 0 ? [deps.store.services.addressBookWrite(book, recipient.personHash, addresses)] : [],
  };
}

/** Opened or signed for, and not yet counted as reaching the person at its address. */
function reachedUnlearned(attempt: ServiceAttempt): boolean {
  return (attempt.openedAt !== undefined || attempt.acknowledgedAt !== undefined) && attempt.reachLearned !== true;
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
