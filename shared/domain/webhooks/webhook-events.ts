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
