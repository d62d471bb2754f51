import { courtChainId } from '../../domain/roster/court';
import { webhookDeliveryStatuses, webhookEventTypes } from '../../domain/webhooks/webhook-events';
import {
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookEndpoint,
  webhookDeliveryChainId,
} from '../../domain/webhooks/webhook-records';
import type { TableReads } from '../../ports/table';
import type { Webhooks } from '../../ports/webhooks';
import * as z from '../../validation/zod-mini';
import { attributesOf, readParsed, readParsedOrNotFound } from './entity-attributes';

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
  deliveryKey: (deliveryId: string) => ({ pk: webhookDeliveryChainId(deliveryId), sk: 'ROOT' }),
  attemptKey: (deliveryId: string, attemptNo: number) => ({
    pk: webhookDeliveryChainId(deliveryId),
    sk: `ATTEMPT#${String(attemptNo).padStart(4, '0')}`,
  }),
  attemptIndex: (courtId: string) => `WEBHOOK_ATTEMPTS#${courtId}`,
};

const endpointSchema: z.ZodMiniType<WebhookEndpoint> = z.object({
  courtId: z.string(),
  url: z.string(),
  sealedSecret: z.string(),
  secretIssuedAt: z.string(),
  createdAt: z.string(),
  changedAt: z.string(),
});

const deliverySchema: z.ZodMiniType<WebhookDelivery> = z.object({
  deliveryId: z.string(),
  courtId: z.string(),
  eventType: z.enum(webhookEventTypes),
  body: z.string(),
  createdAt: z.string(),
  after: z.optional(z.array(z.string())),
  status: z.enum(webhookDeliveryStatuses),
  attempts: z.int().check(z.nonnegative()),
  firstAttemptAt: z.optional(z.string()),
  nextAttemptAt: z.optional(z.string()),
  deliveredAt: z.optional(z.string()),
  failedAt: z.optional(z.string()),
  stall: z.optional(z.object({ error: z.string(), cause: z.string(), at: z.string() })),
});

const attemptSchema: z.ZodMiniType<WebhookAttempt> = z.object({
  deliveryId: z.string(),
  eventType: z.enum(webhookEventTypes),
  attemptNo: z.int().check(z.positive()),
  at: z.string(),
  statusCode: z.optional(z.int()),
  error: z.optional(z.string()),
  outcome: z.enum(['delivered', 'retry', 'failed']),
  nextAttemptAt: z.optional(z.string()),
});

export function dynamoWebhooks(table: TableReads): Webhooks {
  return {
    endpoint: (courtId) => readParsed(table, webhookRecords.endpointKey(courtId), endpointSchema),
    endpointWrite: (expectedVersion, endpoint) => ({
      key: webhookRecords.endpointKey(endpoint.courtId),
      expectedVersion,
      attributes: attributesOf(endpoint),
    }),
    delivery: (deliveryId) =>
      readParsedOrNotFound(
        table,
        webhookRecords.deliveryKey(deliveryId),
        deliverySchema,
        `webhook delivery ${deliveryId}`,
      ),
    deliveryWrite: (expectedVersion, delivery) => ({
      key: webhookRecords.deliveryKey(delivery.deliveryId),
      expectedVersion,
      attributes: attributesOf(delivery),
    }),
    attemptWrite: (courtId, attempt) => ({
      key: webhookRecords.attemptKey(attempt.deliveryId, attempt.attemptNo),
      expectedVersion: 0,
      attributes: attributesOf(attempt),
      index: {
        gsi1pk: webhookRecords.attemptIndex(courtId),
        gsi1sk: `${attempt.at}#${attempt.deliveryId}#${String(attempt.attemptNo).padStart(4, '0')}`,
      },
    }),
    attempts: async (courtId, page) => {
      const result = await table.listByIndex(webhookRecords.attemptIndex(courtId), page);
      return { ...result, items: result.items.map((item) => z.parseOrThrow(attemptSchema, item.attributes)) };
    },
  };
}
