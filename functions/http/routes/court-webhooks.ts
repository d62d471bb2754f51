import { z } from '@hono/zod-openapi';
import { checkEndpointUrl } from '../../../shared/domain/webhooks/endpoint-policy';
import { webhookEventTypes } from '../../../shared/domain/webhooks/webhook-events';
import { defaultWebhookSettings, type WebhookDeps } from '../../../shared/use-cases/webhooks/deps';
import { listWebhookAttempts, readWebhook } from '../../../shared/use-cases/webhooks/read-webhooks';
import { registerWebhook } from '../../../shared/use-cases/webhooks/register-webhook';
import type { HttpPorts } from '../deps';
import { json, jsonBody, routeGroup, secretAnswer } from './route-kit';
import { PageQuerySchema, pageOf } from './schemas';

const CourtPathSchema = z.object({ id: z.string().max(64) });

const WebhookEndpointSchema = z
  .object({
    courtId: z.string(),
    url: z.string().openapi({ description: 'where callbacks are POSTed' }),
    secretIssuedAt: z.iso.datetime().openapi({ description: 'when the current signing secret was issued' }),
    createdAt: z.iso.datetime(),
    changedAt: z.iso.datetime(),
  })
  .openapi('WebhookEndpoint');

const RegisteredWebhookSchema = WebhookEndpointSchema.extend({
  secret: z.string().optional().openapi({
    description:
      'the signing secret (`whsec_…`, Standard Webhooks), present only in the answer that issued it: keep it, it is never shown again',
  }),
}).openapi('RegisteredWebhook');

const WebhookAttemptSchema = z
  .object({
    eventId: z.string().openapi({ description: 'the `webhook-id` of the event: the same on every attempt' }),
    type: z.enum(webhookEventTypes),
    attemptNo: z.number().int().positive(),
    at: z.iso.datetime(),
    statusCode: z.number().int().optional().openapi({ description: 'the endpoint’s answer, when it answered' }),
    error: z.string().optional().openapi({ description: 'why there was no answer (or why the platform did not call)' }),
    outcome: z.enum(['delivered', 'retry', 'failed']).openapi({
      description: '`failed`: the last attempt of the 24 hours; the event will not be sent again',
    }),
    nextAttemptAt: z.iso.datetime().optional().openapi({ description: 'when the next attempt is due' }),
  })
  .openapi('WebhookAttempt');

/** Who reaches which court's endpoint. */
const reach = { operator: 'any court', court: 'its own only: another court’s is 404' };

/** The body, with the URL checked against the endpoint policy so a refusal names the field. */
function registrationSchema(deps: WebhookDeps['settings']) {
  return z
    .object({
      url: z
        .string()
        .max(2048)
        .superRefine((url, ctx) => {
          const check = checkEndpointUrl(url, deps.policy);
          if (!check.ok) ctx.addIssue({ code: 'custom', message: check.detail });
        })
        .openapi({ description: 'an `https` URL on a public host', example: 'https://court.example/callbacks' }),
      rotateSecret: z
        .boolean()
        .default(false)
        .openapi({ description: 'issue a new secret (answered once); the old one stops signing at once' }),
    })
    .strict()
    .openapi('WebhookRegistration');
}

export function courtWebhookRoutes(deps: HttpPorts) {
  const settings = deps.webhooks ?? defaultWebhookSettings;
  const webhookDeps: WebhookDeps = { ...deps, settings };

  return routeGroup('/v1/courts', 'roster')
    .operation(
      'put',
      '/{id}/webhook',
      {
        operationId: 'registerCourtWebhook',
        summary: 'Register the court’s callback endpoint',
        roles: reach,
        notes:
          `Events (\`${webhookEventTypes.join('`, `')}\`) are POSTed signed as the Standard Webhooks ` +
          'specification says (`webhook-id`, `webhook-timestamp`, `webhook-signature`), retried with backoff for 24 hours. ' +
          'The platform issues the secret: the first registration (and `rotateSecret`) answers it once. ' +
          'A repeat of the same URL changes nothing and shows no secret. An answer with the secret is not cached (`Cache-Control: no-store`), ' +
          'and a retry of it with the same `Idempotency-Key` is told the request succeeded (409 `secret_shown_once`), never shown the secret again: ask with `rotateSecret` for a new one.',
        request: { params: CourtPathSchema, body: jsonBody(registrationSchema(settings)) },
        responses: {
          200: json(RegisteredWebhookSchema, 'registered (changed, or as it was)'),
          201: json(RegisteredWebhookSchema, 'registered for the first time: the answer carries the secret'),
        },
      },
      async (c) => {
        const result = await registerWebhook(
          webhookDeps,
          c.get('principal'),
          c.req.valid('param').id,
          c.req.valid('json'),
        );
        const status = result.created ? 201 : 200;
        return result.secret
          ? secretAnswer(c, { ...result.endpoint, secret: result.secret }, status)
          : c.json(result.endpoint, status);
      },
    )
    .operation(
      'get',
      '/{id}/webhook',
      {
        operationId: 'getCourtWebhook',
        summary: 'The court’s callback endpoint (never its secret)',
        roles: reach,
        request: { params: CourtPathSchema },
        responses: { 200: json(WebhookEndpointSchema, 'the endpoint') },
      },
      async (c) => c.json(await readWebhook(deps, c.get('principal'), c.req.valid('param').id), 200),
    )
    .operation(
      'get',
      '/{id}/webhook-deliveries',
      {
        operationId: 'listCourtWebhookDeliveries',
        summary: 'Every attempt to call the court back, oldest first',
        roles: reach,
        request: { params: CourtPathSchema, query: PageQuerySchema },
        responses: { 200: json(pageOf(WebhookAttemptSchema).openapi('WebhookAttemptPage'), 'a page of attempts') },
      },
      async (c) => {
        const page = await listWebhookAttempts(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('query'));
        return c.json(
          {
            items: page.items.map(({ deliveryId, eventType, ...attempt }) => ({
              eventId: deliveryId,
              type: eventType,
              ...attempt,
            })),
            ...(page.cursor ? { cursor: page.cursor } : {}),
          },
          200,
        );
      },
    );
}
