/**
 * The events a court is called back with (DESIGN.md, Messages to people; issue 12, item 5). Each
 * is emitted in the same transaction as the fact it reports, through the outbox, so it is
 * delivered at least once.
 */
export const webhookEventTypes = [
  'application.submitted',
  'application.withdrawn',
  'service.recipient_served',
  'service.recipient_unserved',
  'service.completed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** The delivery states: attempts go on while `pending`; `delivered` and `failed` are final. */
export const webhookDeliveryStatuses = ['pending', 'delivered', 'failed'] as const;
export type WebhookDeliveryStatus = (typeof webhookDeliveryStatuses)[number];

/** The outbox item that asks for a court to be called back. */
export const webhookEventOutboxType = 'webhook.event';

/** An outbox message (the state store's `OutboxMessage`) carrying one event for one court. */
export type WebhookEventMessage = {
  type: typeof webhookEventOutboxType;
  payload: { eventType: WebhookEventType; courtId: string; occurredAt: string; data: Record<string, unknown> };
};

/**
 * The outbox message a use case adds to the commit that records a fact a court hears of: the
 * callback then follows the fact at least once, and never happens without it.
 */
export function webhookEvent(
  eventType: WebhookEventType,
  courtId: string,
  occurredAt: string,
  data: Record<string, unknown>,
): WebhookEventMessage {
  return { type: webhookEventOutboxType, payload: { eventType, courtId, occurredAt, data } };
}
