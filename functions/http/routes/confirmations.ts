import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { courtVisibleStatuses, rejectionReasons } from '../../../shared/domain/settlement/confirmation-request';
import { applyForConfirmation } from '../../../shared/use-cases/confirmations/apply-for-confirmation';
import type { ConfirmationDeps } from '../../../shared/use-cases/confirmations/confirmation-facts';
import {
  listCourtQueue,
  queueItem,
  readCourtApplication,
} from '../../../shared/use-cases/confirmations/court-applications';
import {
  answerAcceptance,
  extendRuling,
  recordDecision,
} from '../../../shared/use-cases/confirmations/court-decisions';
import { eligibleCourts } from '../../../shared/use-cases/confirmations/eligible-courts';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { allow } from '../middleware/authentication';
import { validationHook } from '../validation-hook';
import { DateSchema, IdempotencyHeaderSchema, IdParamSchema, PageQuerySchema, problemResponses } from './schemas';

const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});

const ApplicationBodySchema = z
  .object({ courtId: z.string().min(1).max(64).openapi({ description: 'a competent court (see eligible-courts)' }) })
  .strict()
  .openapi('ConfirmationApplication');

const AcceptanceBodySchema = z
  .object({
    accepted: z.boolean(),
    reasons: z.string().trim().min(1).max(2000).optional().openapi({ description: 'required when not accepted' }),
  })
  .strict()
  .openapi('ConfirmationAcceptance');

const ExtensionBodySchema = z
  .object({ reason: z.string().trim().min(1).max(2000).optional() })
  .strict()
  .openapi('ConfirmationExtension');

const DecisionBodySchema = z
  .discriminatedUnion('outcome', [
    z
      .object({
        outcome: z.literal('confirmed'),
        rulingNumber: z.string().trim().min(1).max(100).openapi({ example: '(2026)粤0304民特123号' }),
        rulingDate: DateSchema,
      })
      .strict(),
    z
      .object({
        outcome: z.literal('rejected'),
        reasons: z.array(z.enum(rejectionReasons)).min(1).max(rejectionReasons.length),
        text: z.string().trim().min(1).max(5000),
      })
      .strict(),
  ])
  .openapi('ConfirmationDecision');

const RequestSchema = z.record(z.string(), z.unknown()).openapi('ConfirmationRequest');
const QueueItemSchema = z
  .object({
    requestId: z.string(),
    settlementId: z.string(),
    disputeId: z.string(),
    status: z.string(),
    submittedAt: z.string().optional(),
    acceptanceDeadline: z.object({ lastDay: z.string(), endsAt: z.string() }).optional(),
    rulingDeadline: z.object({ lastDay: z.string(), endsAt: z.string() }).optional(),
    extended: z.boolean(),
    acceptanceOverdue: z.boolean(),
    rulingOverdue: z.boolean(),
  })
  .openapi('ConfirmationQueueItem');

const confirmationDeps = (deps: HttpDeps): ConfirmationDeps => ({
  store: deps.store,
  clock: deps.clock,
  ids: deps.ids,
  calendar: deps.calendar,
});

/** GET /v1/settlements/{id}/eligible-courts and POST /v1/settlements/{id}/confirmation-requests. */
export function settlementConfirmationRoutes(deps: HttpDeps) {
  const useCaseDeps = confirmationDeps(deps);
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/eligible-courts',
        tags: ['confirmation'],
        summary: "Pre-check: every rule's verdict and the competent courts (its parties, its mediator)",
        middleware: [allow('party', 'mediator')] as const,
        request: { params: IdParamSchema },
        responses: {
          200: json(z.record(z.string(), z.unknown()).openapi('EligibleCourts'), 'verdicts and competent courts'),
          ...problemResponses(401, 403, 404),
        },
      }),
      async (c) => c.json(await eligibleCourts(useCaseDeps, c.get('principal'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/confirmation-requests',
        tags: ['confirmation'],
        summary: 'Apply for judicial confirmation to a competent court, or join the open application (each party)',
        middleware: [allow('party')] as const,
        request: {
          headers: IdempotencyHeaderSchema,
          params: IdParamSchema,
          body: { required: true, content: { 'application/json': { schema: ApplicationBodySchema } } },
        },
        responses: {
          201: json(RequestSchema, 'a new application (gathering, or submitted when every party is in)'),
          200: json(RequestSchema, 'joined the open application, or a repeat'),
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      }),
      async (c) => {
        const { request, outcome } = await applyForConfirmation(
          useCaseDeps,
          c.get('principal'),
          c.req.valid('param').id,
          c.req.valid('json').courtId,
        );
        if (outcome === 'opened') {
          return c.json(request as unknown as Record<string, unknown>, 201, {
            location: `/v1/confirmation-requests/${request.requestId}`,
          });
        }
        return c.json(request as unknown as Record<string, unknown>, 200);
      },
    );
}

/** The court API: its queue, one application, acceptance, extension, decision (that court only). */
export function confirmationRequestRoutes(deps: HttpDeps) {
  const useCaseDeps = confirmationDeps(deps);
  const mutation = (path: string, summary: string, schema: z.ZodType) =>
    createRoute({
      method: 'post',
      path,
      tags: ['confirmation'],
      summary,
      middleware: [allow('court')] as const,
      request: {
        headers: IdempotencyHeaderSchema,
        params: IdParamSchema,
        body: { required: true, content: { 'application/json': { schema } } },
      },
      responses: {
        200: json(z.record(z.string(), z.unknown()), 'the application as it now stands (also for an identical repeat)'),
        ...problemResponses(400, 401, 403, 404, 409, 422),
      },
    });

  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['confirmation'],
        summary: "The court's queue of one status, oldest first, overdue acceptance or ruling flagged",
        middleware: [allow('court')] as const,
        request: { query: PageQuerySchema.extend({ status: z.enum(courtVisibleStatuses).default('submitted') }) },
        responses: {
          200: json(
            z.object({ items: z.array(QueueItemSchema), cursor: z.string().optional() }).openapi('ConfirmationQueue'),
            'a page of the queue',
          ),
          ...problemResponses(400, 401, 403, 404),
        },
      }),
      async (c) => {
        const { status, limit, cursor } = c.req.valid('query');
        const page = await listCourtQueue(useCaseDeps, c.get('principal'), {
          status,
          limit,
          ...(cursor ? { cursor } : {}),
        });
        return c.json(page, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags: ['confirmation'],
        summary: 'One application: terms, document hash, signatures, parties (not masked for this court)',
        middleware: [allow('court')] as const,
        request: { params: IdParamSchema },
        responses: {
          200: json(z.record(z.string(), z.unknown()).openapi('CourtApplication'), 'the application'),
          ...problemResponses(401, 403, 404),
        },
      }),
      async (c) =>
        c.json(
          (await readCourtApplication(useCaseDeps, c.get('principal'), c.req.valid('param').id)) as Record<
            string,
            unknown
          >,
          200,
        ),
    )
    .openapi(
      mutation('/{id}/acceptance', 'Accept the application for review, or not (with reasons)', AcceptanceBodySchema),
      async (c) => {
        const body = c.req.valid('json') as z.infer<typeof AcceptanceBodySchema>;
        const { request } = await answerAcceptance(useCaseDeps, c.get('principal'), c.req.valid('param').id, body);
        return c.json({ ...request, ...queueItem(request, deps.clock.now()) } as Record<string, unknown>, 200);
      },
    )
    .openapi(
      mutation('/{id}/extension', 'Extend the ruling period once by 10 days', ExtensionBodySchema),
      async (c) => {
        const body = c.req.valid('json') as z.infer<typeof ExtensionBodySchema>;
        const { request } = await extendRuling(useCaseDeps, c.get('principal'), c.req.valid('param').id, body);
        return c.json({ ...request, ...queueItem(request, deps.clock.now()) } as Record<string, unknown>, 200);
      },
    )
    .openapi(
      mutation(
        '/{id}/decision',
        'Confirm (ruling number and date) or reject (coded reasons and text)',
        DecisionBodySchema,
      ),
      async (c) => {
        const body = c.req.valid('json') as z.infer<typeof DecisionBodySchema>;
        const { request } = await recordDecision(useCaseDeps, c.get('principal'), c.req.valid('param').id, body);
        return c.json({ ...request, ...queueItem(request, deps.clock.now()) } as Record<string, unknown>, 200);
      },
    );
}
