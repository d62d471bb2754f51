import { AlreadyExists } from '../../domain/errors';
import { type RecipientRecord, type RecipientStatus, recipientStatuses } from '../../domain/service/recipient';
import { type ServiceRecord, serviceActor } from '../../domain/service/service';
import { recipientChainId, serviceChainId } from '../../domain/service/service-chains';
import type { WebhookEventType } from '../../domain/webhooks/webhook-events';
import { recipientServedKey, webhookEvent } from '../../domain/webhooks/webhook-events';
import type { Clock } from '../../ports/clock';
import type { OutboxHandler } from '../../ports/outbox';
import type { EntityWrite, OutboxMessage, StateStore } from '../../ports/state-store';
import * as z from '../../validation/zod-mini';

/** The service chain's event that names a settled recipient's chain head. */
export const recipientHeadEventType = 'service.recipient_head';

const payloadSchema = z.object({
  serviceId: z.string().check(z.minLength(1)),
  recipientId: z.string().check(z.minLength(1)),
});

/**
 * DESIGN.md, Proof: a service's chain records its own events and its recipients' heads. Run from
 * the outbox when a recipient settles (served, unserved, served alternatively): the recipient's
 * writes never wait on the service's chain, and this write alone may (a redelivered item retries
 * it). The head recorded is the recipient chain's head when this runs, which includes the settling
 * event; a head already recorded is not recorded twice.
 *
 * The serving court is called back in the same write (DESIGN.md, Messages to people): when the
 * recipient's status differs from the one its previous recorded head carried,
 * `service.recipient_served` (electronically or alternatively) or `service.recipient_unserved`;
 * and once every recipient is served, `service.completed`, once per service.
 */
export function onRecipientSettled(deps: { store: StateStore; clock: Clock }): OutboxHandler {
  return async (item) => {
    const { serviceId, recipientId } = z.parseOrThrow(payloadSchema, item.payload);
    for (let attempt = 1; ; attempt++) {
      const { head } = await deps.store.readChain(recipientChainId(serviceId, recipientId));
      if (head.seq === 0) return;
      // The recipient's own status, not the last event's: a message's events (`delivered`, say)
      // share the recipient's chain and carry the message's status.
      const recipient = (await deps.store.services.recipient(serviceId, recipientId)).value;
      const { status } = recipient;
      const callbacks = await courtCallbacks(deps, recipient);
      try {
        await deps.store.commit({
          chainId: serviceChainId(serviceId),
          // Names this head once: a redelivered item finds it and records nothing again.
          writes: [
            deps.store.services.recordedHeadWrite(serviceId, { recipientId, seq: head.seq, hash: head.hash, status }),
            ...callbacks.writes,
          ],
          event: {
            type: recipientHeadEventType,
            actor: serviceActor,
            data: { recipientId, seq: head.seq, hash: head.hash, status },
          },
          ...(callbacks.outbox.length > 0 ? { outbox: callbacks.outbox } : {}),
        });
        return;
      } catch (error) {
        if (!(error instanceof AlreadyExists)) throw error;
        // The head is recorded already; or another recipient's write completed the service first,
        // and this head is recorded on the next pass, without the completion.
        if ((await deps.store.services.headRecorded(serviceId, recipientId, head.seq)) || attempt >= 3) return;
      }
    }
  };
}

const servedStatuses = new Set<string>(['served', 'served_alternatively']);

/**
 * The callbacks (and the completion marker) that go with recording this head, if the service is a
 * court's. A served callback is keyed by its recipient and status, and the completion names every
 * recipient's as what must reach the court before it (DESIGN.md: callbacks in the order of the
 * facts): it may be decided here, on the recipients' records, before another recipient's head
 * (and its served callback) is recorded, and each callback is delivered on its own.
 */
async function courtCallbacks(
  deps: { store: StateStore; clock: Clock },
  recipient: RecipientRecord,
): Promise<{ writes: EntityWrite[]; outbox: OutboxMessage[] }> {
  const { serviceId, recipientId, status } = recipient;
  const none = { writes: [], outbox: [] };
  const service = (await deps.store.services.service(serviceId)).value;
  const courtId = service.courtId;
  if (!courtId) return none;
  const now = deps.clock.now().toISOString();
  const writes: EntityWrite[] = [];
  const outbox: OutboxMessage[] = [];

  // The court heard of the status the last head recorded with one; heads recorded before this rule
  // may name a message's status instead, which the court never heard of.
  const recorded = await deps.store.services.recordedHeads(serviceId, recipientId);
  const previousStatus = recorded.findLast((head) => isRecipientStatus(head.status))?.status;
  const type = recipientEventType(status);
  if (type && previousStatus !== status) {
    const key = type === 'service.recipient_served' ? { key: recipientServedKey(serviceId, recipientId, status) } : {};
    outbox.push(webhookEvent(type, courtId, now, recipientEventData(service, recipient), key));
  }

  if (servedStatuses.has(status)) {
    const recipients = await deps.store.services.recipients(serviceId);
    const allServed = recipients.every((recipient) => servedStatuses.has(recipient.status));
    if (allServed && !(await deps.store.services.completionRecorded(serviceId))) {
      writes.push(deps.store.services.completionWrite(serviceId, now));
      outbox.push(
        webhookEvent(
          'service.completed',
          courtId,
          now,
          {
            serviceId,
            courtId,
            recipients: recipients.map((recipient) => ({
              recipientId: recipient.recipientId,
              status: recipient.status,
              ...(recipient.served ? { servedAt: recipient.served.at } : {}),
              ...(recipient.alternative ? { servedAt: recipient.alternative.at } : {}),
            })),
          },
          {
            after: recipients.map((recipient) =>
              recipientServedKey(serviceId, recipient.recipientId, recipient.status),
            ),
          },
        ),
      );
    }
  }
  return { writes, outbox };
}

function isRecipientStatus(status: string | undefined): status is RecipientStatus {
  return (recipientStatuses as readonly string[]).includes(status ?? '');
}

function recipientEventType(status: string): WebhookEventType | undefined {
  if (servedStatuses.has(status)) return 'service.recipient_served';
  if (status === 'unserved') return 'service.recipient_unserved';
  return undefined;
}

/**
 * What the court learns of the recipient (the record the head was recorded with, not read again):
 * who, the status, and when and by which rule it was served (or why not).
 */
function recipientEventData(service: ServiceRecord, recipient: RecipientRecord): Record<string, unknown> {
  const { status } = recipient;
  return {
    serviceId: service.serviceId,
    courtId: service.courtId,
    recipientId: recipient.recipientId,
    personId: recipient.personId,
    status,
    ...(recipient.served
      ? { servedAt: recipient.served.at, rule: recipient.served.rule, attemptNo: recipient.served.attemptNo }
      : {}),
    ...(recipient.alternative ? { servedAt: recipient.alternative.at, method: recipient.alternative.method } : {}),
    ...(status === 'unserved' && recipient.unserved
      ? { unservedAt: recipient.unserved.at, reason: recipient.unserved.reason }
      : {}),
  };
}
