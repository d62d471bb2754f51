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

/**
 * Where an event stands among the court's others. `key` names an event that happens once (a
 * recipient served): its delivery is found by it, so a later event can wait for it. `after` lists
 * the keys of the events that must reach the court first (see delivery-order.ts).
 */
export type WebhookEventOrder = {
  key?: string;
  after?: string[];
};

/** An outbox message (the state store's `OutboxMessage`) carrying one event for one court. */
export type WebhookEventMessage = {
  type: typeof webhookEventOutboxType;
  payload: {
    eventType: WebhookEventType;
    courtId: string;
    occurredAt: string;
    data: Record<string, unknown>;
    key?: string;
    after?: string[];
  };
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
  order: WebhookEventOrder = {},
): WebhookEventMessage {
  return { type: webhookEventOutboxType, payload: { eventType, courtId, occurredAt, data, ...order } };
}

/** The key of a recipient's `service.recipient_served` with `status`: a recipient reaches each served status once. */
export const recipientServedKey = (serviceId: string, recipientId: string, status: string) =>
  `service.recipient_served/${serviceId}/${recipientId}/${status}`;
