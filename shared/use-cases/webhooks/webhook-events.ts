import { createHash } from 'node:crypto';
import { AlreadyExists } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { webhookEventTypes } from '../../domain/webhooks/webhook-events';
import { type WebhookDelivery, webhookDeliveryChainId } from '../../domain/webhooks/webhook-records';
import type { OutboxHandler } from '../../ports/outbox';
import * as z from '../../validation/zod-mini';
import type { WebhookEventDeps } from './deps';

const payloadSchema = z.object({
  eventType: z.enum(webhookEventTypes),
  courtId: z.string().check(z.minLength(1)),
  occurredAt: z.string().check(z.minLength(1)),
  data: z.record(z.string(), z.unknown()),
  key: z.optional(z.string()),
  after: z.optional(z.array(z.string())),
});

/** The platform, as the actor of the deliveries' events. */
const webhookActor: Principal = { role: 'operator', subjectId: 'platform:webhooks' };

/**
 * Run from the outbox: a court with a registered endpoint gets one delivery per event, created
 * once (its id is derived from the event's key, or else from the fact's place in its chain, so a
 * redelivered outbox item finds it), naming the deliveries it must follow
 * and driven by a WebhookDelivery execution of the same name. A court without an endpoint is not
 * called. The body is fixed here, so every attempt signs and sends the same bytes.
 */
export function onWebhookEvent(deps: WebhookEventDeps): OutboxHandler {
  return async (item) => {
    const event = z.parseOrThrow(payloadSchema, item.payload);
    if (!(await deps.store.webhooks.endpoint(event.courtId))) return;
    const deliveryId = event.key
      ? keyedDeliveryId(event.key, event.courtId)
      : deliveryIdOf(item.chainId, item.eventSeq, event.eventType, event.courtId);
    const delivery: WebhookDelivery = {
      deliveryId,
      courtId: event.courtId,
      eventType: event.eventType,
      // Standard Webhooks' payload shape: the type, when it happened, and the event's data.
      body: JSON.stringify({ type: event.eventType, timestamp: event.occurredAt, data: event.data }),
      createdAt: deps.clock.now().toISOString(),
      ...(event.after?.length ? { after: event.after.map((key) => keyedDeliveryId(key, event.courtId)) } : {}),
      status: 'pending',
      attempts: 0,
    };
    try {
      await deps.store.commit({
        chainId: webhookDeliveryChainId(deliveryId),
        writes: [deps.store.webhooks.deliveryWrite(0, delivery)],
        event: {
          type: 'webhook.delivery_created',
          actor: webhookActor,
          data: { deliveryId, courtId: event.courtId, eventType: event.eventType },
        },
      });
    } catch (error) {
      if (!(error instanceof AlreadyExists)) throw error;
    }
    await deps.workflows.start('WebhookDelivery', deliveryId, { deliveryId });
  };
}

/**
 * The delivery of an event that happens once, by its key (WebhookEventOrder): however often and
 * from whichever write it comes, one delivery, which a later event can name before it exists.
 */
export function keyedDeliveryId(key: string, courtId: string): string {
  return `msg_${createHash('sha256').update(`key\n${key}\n${courtId}`).digest('hex').slice(0, 32)}`;
}

/** `msg_` and 32 hex digits: the `webhook-id`, the delivery's id and its execution's name. */
export function deliveryIdOf(chainId: string, eventSeq: number, eventType: string, courtId: string): string {
  const digest = createHash('sha256').update(`${chainId}\n${eventSeq}\n${eventType}\n${courtId}`).digest('hex');
  return `msg_${digest.slice(0, 32)}`;
}
