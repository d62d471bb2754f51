import { retryOnConflict } from '../../domain/retry-on-conflict';
import { attemptTimes, outcomeOf, servedBy, withMessageFacts } from '../../domain/service/attempt-outcomes';
import { serviceTime } from '../../domain/service/service-completion';
import type { OutboxHandler } from '../../ports/outbox';
import * as z from '../../validation/zod-mini';
import type { ServiceDeliveryDeps } from './deps';
import { recipientChange } from './recipient-change';
import { learnFrom, servedRecipient } from './served-recipient';

export const serviceLateFactType = 'service.late_fact';

const pointerSchema = z.object({
  serviceId: z.string().check(z.minLength(1)),
  recipientId: z.string().check(z.minLength(1)),
});

/**
 * A fact may arrive after the recipient's workflow moved on: a delivery receipt for an earlier
 * attempt (at a `recipient_designated` address that completes service), or a signature while the
 * workflow had stalled. Service time is the earliest effective time across all attempts (DESIGN.md),
 * so it is computed again over every attempt with its message's facts:
 * - an `unserved` or stalled recipient whose attempts now complete service becomes `served` at
 *   that time (and stops waiting for alternative service);
 * - a served recipient whose service time moves earlier is corrected.
 * Idempotent: nothing changes when the computed time equals the recorded one.
 */
export async function reconcileServiceTime(
  deps: Pick<ServiceDeliveryDeps, 'store' | 'clock'>,
  pointer: { serviceId: string; recipientId: string },
): Promise<'served' | 'corrected' | 'unchanged'> {
  return retryOnConflict(async () => {
    const loaded = await deps.store.services.recipient(pointer.serviceId, pointer.recipientId);
    const recipient = loaded.value;
    if (recipient.status === 'served_alternatively' || recipient.status === 'planned') return 'unchanged';
    const messages = await Promise.all(
      recipient.attempts.map((attempt) => deps.store.messages.message(attempt.messageId)),
    );
    const withFacts = recipient.attempts.map((attempt, index) =>
      withMessageFacts(attempt, messages[index]?.message ?? (undefined as never), recipient),
    );
    const servedAt = serviceTime(withFacts.map(attemptTimes));
    if (!servedAt) return 'unchanged';
    const stalled = recipient.status === 'attempting' && recipient.stall !== undefined;
    if (recipient.status === 'unserved' || stalled) {
      const served = await servedRecipient(
        deps,
        recipient,
        withFacts,
        messages.map((message) => message.message),
        servedBy(withFacts, servedAt),
      );
      await deps.store.commit(
        recipientChange(
          deps.store,
          loaded,
          { ...served.recipient, unserved: undefined, stall: undefined },
          'service.served',
          {
            data: { at: servedAt, late: true, served: served.recipient.served },
            writes: served.writes,
          },
        ),
      );
      return 'served';
    }
    if (recipient.status === 'served' && recipient.served && servedAt < recipient.served.at) {
      const earlier = servedBy(withFacts, servedAt);
      await deps.store.commit(
        recipientChange(
          deps.store,
          loaded,
          { ...recipient, attempts: withFacts, served: earlier },
          'service.time_corrected',
          {
            data: { from: recipient.served.at, to: servedAt, rule: earlier.rule, served: earlier },
          },
        ),
      );
      return 'corrected';
    }
    return 'unchanged';
  });
}

/**
 * A notice reminder's message settled (delivered, bounced, no receipt): the reminder is not a
 * service attempt, so no workflow step settles it; the address book learns its outcome here, once,
 * as from any attempt (issue 16: learning which addresses reach the person). Without it, a
 * reminder to a dead or silent address would be repeated in every later service.
 */
export async function learnReminderOutcomes(
  deps: Pick<ServiceDeliveryDeps, 'store' | 'clock'>,
  pointer: { serviceId: string; recipientId: string },
): Promise<number> {
  return retryOnConflict(async () => {
    const loaded = await deps.store.services.recipient(pointer.serviceId, pointer.recipientId);
    const recipient = loaded.value;
    const at = deps.clock.now().toISOString();
    let settledCount = 0;
    const attempts = await Promise.all(
      recipient.attempts.map(async (attempt) => {
        if (attempt.purpose !== 'notice_reminder' || attempt.outcome) return attempt;
        const { message } = await deps.store.messages.message(attempt.messageId);
        if (!['delivered', 'failed', 'no_receipt'].includes(message.status)) return attempt;
        settledCount += 1;
        return { ...attempt, outcome: outcomeOf(attempt, message), settledAt: at };
      }),
    );
    if (settledCount === 0) return 0;
    const learned = await learnFrom(deps, recipient, attempts, [], undefined);
    await deps.store.commit(
      recipientChange(deps.store, loaded, { ...recipient, attempts: learned.attempts }, 'service.reminder_settled', {
        data: { reminders: settledCount },
        writes: learned.writes,
      }),
    );
    return settledCount;
  });
}

/** The outbox consumer: a late receipt for an attempt's message (emitted when the receipt settled it). */
export function onServiceLateFact(deps: Pick<ServiceDeliveryDeps, 'store' | 'clock'>): OutboxHandler {
  return async (item) => {
    const pointer = z.parseOrThrow(pointerSchema, item.payload);
    await reconcileServiceTime(deps, pointer);
    await learnReminderOutcomes(deps, pointer);
  };
}
