import * as z from 'zod';
import { NotFound } from '../../domain/errors';
import { courtChainId } from '../../domain/roster/court';
import { webhookDeliveryStatuses, webhookEventTypes } from '../../domain/webhooks/webhook-events';
import type { EntityWrite, StateStore } from '../../ports/state-store';

/**
 * How callbacks sit in the store:
 * - a court's endpoint: one item beside the court (`COURT#<id>`, `WEBHOOK`), its secret sealed by
 *   the vault, changed on the court's own chain;
 * - one delivery per event and court: its own aggregate and chain (`WEBHOOK#<deliveryId>`), so
 *   attempts never wait on a case's writes;
 * - one item per attempt beside its delivery, on the court's attempt index (`gsi1pk`), which the
 *   delivery log pages through in time order.
 */
export const webhookRecords = {
  endpointKey: (courtId: string) => ({ pk: courtChainId(courtId), sk: 'WEBHOOK' }),
  deliveryChainId: (deliveryId: string) => `WEBHOOK#${deliveryId}`,
  deliveryKey: (deliveryId: string) => ({ pk: `WEBHOOK#${deliveryId}`, sk: 'ROOT' }),
  attemptKey: (deliveryId: string, attemptNo: number) => ({
    pk: `WEBHOOK#${deliveryId}`,
    sk: `ATTEMPT#${String(attemptNo).padStart(4, '0')}`,
  }),
  attemptIndex: (courtId: string) => `WEBHOOK_ATTEMPTS#${courtId}`,
};

export const endpointSchema = z.object({
  courtId: z.string(),
  url: z.string(),
  /** `whsec_…`, sealed (envelope-encrypted) by the vault. */
  sealedSecret: z.string(),
  secretIssuedAt: z.string(),
  createdAt: z.string(),
  changedAt: z.string(),
});
export type WebhookEndpoint = z.infer<typeof endpointSchema>;

export const deliverySchema = z.object({
  deliveryId: z.string(),
  courtId: z.string(),
  eventType: z.enum(webhookEventTypes),
  /** The JSON body every attempt sends (and signs), byte for byte. */
  body: z.string(),
  createdAt: z.string(),
  status: z.enum(webhookDeliveryStatuses),
  attempts: z.number().int().nonnegative(),
  firstAttemptAt: z.string().optional(),
  nextAttemptAt: z.string().optional(),
  deliveredAt: z.string().optional(),
  failedAt: z.string().optional(),
  stall: z.object({ error: z.string(), cause: z.string(), at: z.string() }).optional(),
});
export type WebhookDelivery = z.infer<typeof deliverySchema>;

export const attemptSchema = z.object({
  deliveryId: z.string(),
  eventType: z.enum(webhookEventTypes),
  attemptNo: z.number().int().positive(),
  at: z.string(),
  statusCode: z.number().int().optional(),
  error: z.string().optional(),
  outcome: z.enum(['delivered', 'retry', 'failed']),
  nextAttemptAt: z.string().optional(),
});
export type WebhookAttempt = z.infer<typeof attemptSchema>;

export async function loadEndpoint(
  store: StateStore,
  courtId: string,
): Promise<{ value: WebhookEndpoint; version: number } | undefined> {
  const stored = await store.get(webhookRecords.endpointKey(courtId));
  return stored ? { value: endpointSchema.parse(stored.attributes), version: stored.version } : undefined;
}

export async function loadDelivery(
  store: StateStore,
  deliveryId: string,
): Promise<{ value: WebhookDelivery; version: number }> {
  const stored = await store.get(webhookRecords.deliveryKey(deliveryId));
  if (!stored) throw new NotFound(`no webhook delivery ${deliveryId}`);
  return { value: deliverySchema.parse(stored.attributes), version: stored.version };
}

export function deliveryWrite(version: number, delivery: WebhookDelivery): EntityWrite {
  return {
    key: webhookRecords.deliveryKey(delivery.deliveryId),
    expectedVersion: version,
    attributes: withoutUndefined(delivery),
  };
}

export function attemptWrite(courtId: string, attempt: WebhookAttempt): EntityWrite {
  return {
    key: webhookRecords.attemptKey(attempt.deliveryId, attempt.attemptNo),
    expectedVersion: 0,
    attributes: withoutUndefined(attempt),
    index: {
      gsi1pk: webhookRecords.attemptIndex(courtId),
      gsi1sk: `${attempt.at}#${attempt.deliveryId}#${String(attempt.attemptNo).padStart(4, '0')}`,
    },
  };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
