import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { alternativeMethods, serviceRules, unservedReasons } from '../../../shared/domain/service/recipient';
import type { WebhookEventType } from '../../../shared/domain/webhooks/webhook-events';
import { DeadlineSchema } from './schemas';

/*
 * The callbacks a court receives (docs/court-integration.md §2), described as the OpenAPI
 * document's `webhooks`, so that a court's generated client types them as it types the API's
 * answers. test/flows/court-callbacks.test.ts checks every callback it receives against these.
 * Objects are open (no additionalProperties: false): a field added later must not break a client.
 */

const instant = (description: string) => z.string().openapi({ description: `ISO 8601 instant: ${description}` });

const applicationIds = {
  requestId: z.string(),
  settlementId: z.string(),
  disputeId: z.string(),
  courtId: z.string(),
};

const recipientIds = {
  serviceId: z.string(),
  courtId: z.string(),
  recipientId: z.string(),
  personId: z.string(),
};

const servedStatus = z.enum(['served', 'served_alternatively']);

/** Each event's `data`, by type. */
export const callbackData = {
  'application.submitted': z.object({
    ...applicationIds,
    submittedAt: instant('when the last party applied'),
    acceptanceDeadline: DeadlineSchema.optional().openapi({ description: 'as in the application: 3 days' }),
  }),
  'application.withdrawn': z.object({ ...applicationIds, withdrawnAt: instant('when a party withdrew it') }),
  'service.recipient_served': z.object({
    ...recipientIds,
    status: servedStatus,
    servedAt: instant('when service took effect'),
    rule: z
      .enum([serviceRules.delivery, serviceRules.acknowledgement])
      .optional()
      .openapi({ description: 'served electronically: the rule that made it so' }),
    attemptNo: z.number().int().optional().openapi({ description: 'served electronically: the attempt that served' }),
    method: z
      .enum(alternativeMethods)
      .optional()
      .openapi({ description: 'served alternatively (status served_alternatively): post or public notice' }),
  }),
  'service.recipient_unserved': z.object({
    ...recipientIds,
    status: z.literal('unserved'),
    unservedAt: instant('when the last address failed'),
    reason: z.enum(unservedReasons),
  }),
  'service.completed': z.object({
    serviceId: z.string(),
    courtId: z.string(),
    recipients: z.array(z.object({ recipientId: z.string(), status: servedStatus, servedAt: instant('when served') })),
  }),
} satisfies Record<WebhookEventType, z.ZodObject>;

const descriptions: Record<WebhookEventType, string> = {
  'application.submitted': 'Every party has applied: the application is in your queue.',
  'application.withdrawn': 'A party withdrew the application before your decision; a decision on it is refused (422).',
  'service.recipient_served': 'One recipient is served.',
  'service.recipient_unserved': 'No address worked for a recipient (guide §6: alternative service or a retry).',
  'service.completed':
    'Every recipient is served. Sent after every `service.recipient_served` it lists, so it is the last of its service.',
};

const pascal = (type: string) =>
  type
    .split(/[._]/)
    .map((part) => `${part[0]?.toUpperCase()}${part.slice(1)}`)
    .join('');

/** The body a court receives for `type`: `{ type, timestamp, data }`. */
export const callbackBody = (type: WebhookEventType) =>
  z
    .object({
      type: z.literal(type),
      timestamp: instant('when the fact happened'),
      data: callbackData[type],
    })
    .openapi(`${pascal(type)}Callback`);

const signatureHeaders = z.object({
  'webhook-id': z.string().openapi({ description: 'the event id, the same on every attempt: drop duplicates by it' }),
  'webhook-timestamp': z.string().openapi({ description: 'Unix seconds of this attempt' }),
  'webhook-signature': z.string().openapi({
    description: 'v1,<base64 HMAC-SHA256> by the Standard Webhooks specification, with your whsec_ secret',
  }),
});

/** Registers every callback under the document's `webhooks`, keyed by its type. */
export function registerCallbacks(registry: OpenAPIHono['openAPIRegistry']): void {
  // What authenticates a callback to the court: the signature, made with the court's whsec_ secret.
  registry.registerComponent('securitySchemes', 'webhookSignature', {
    type: 'apiKey',
    in: 'header',
    name: 'webhook-signature',
    description:
      'Standard Webhooks: verify the signature (with webhook-id and webhook-timestamp) before trusting a callback.',
  });
  for (const type of Object.keys(callbackData) as WebhookEventType[]) {
    registry.registerWebhook({
      method: 'post',
      path: type,
      operationId: `${pascal(type).replace(/^./, (first) => first.toLowerCase())}Callback`,
      summary: `Callback ${type}`,
      description: `${descriptions[type]} Sent to your registered endpoint (PUT /v1/courts/{id}/webhook), signed as Standard Webhooks says.`,
      tags: [type.startsWith('application.') ? 'confirmation' : 'service'],
      security: [{ webhookSignature: [] }],
      request: {
        headers: signatureHeaders,
        body: { content: { 'application/json': { schema: callbackBody(type) } }, required: true },
      },
      responses: {
        200: { description: 'Any 2xx: received. Answer quickly; process later.' },
        400: { description: 'Any other answer, or none within 15 s: retried with backoff for 24 hours.' },
      },
    });
  }
}
