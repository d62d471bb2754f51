import type { MessageRecord } from '../../domain/messages/message-record';
import type { Address } from '../../domain/service/address';
import { withObservation } from '../../domain/service/address-book';
import { outcomeOf } from '../../domain/service/attempt-outcomes';
import type { RecipientRecord, ServiceAttempt } from '../../domain/service/recipient';
import {
  type AttemptOutcome,
  earlierServiceSource,
  recordOutcome as learnOutcome,
  recordReach,
} from '../../domain/service/service-completion';
import type { EntityWrite } from '../../ports/state-store';
import type { ServiceDeliveryDeps } from './deps';

/*
 * A recipient served: the attempts settled with their best outcomes (domain/service/attempt-outcomes.ts),
 * and what the address book learns. Shared by the ServiceDelivery workflow and the late
 * reconciliation of a receipt or a signature that arrives after the workflow moved on.
 */

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
