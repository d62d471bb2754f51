import { createRoute, z } from '@hono/zod-openapi';
import { assignByOperator } from '../../../shared/use-cases/offers/assign-by-operator';
import { assignOpenDisputes } from '../../../shared/use-cases/offers/assign-open-disputes';
import { defaultOfferSettings, type OfferDeps } from '../../../shared/use-cases/offers/deps';
import type { HttpDeps } from '../deps';
import { OfferSchema } from './offers';
import { apiRoutes, json, jsonBody } from './route-kit';
import { IdempotencyHeaderSchema, IdParamSchema, problemResponses } from './schemas';

const AssignmentSchema = z
  .object({
    mediatorId: z
      .string()
      .min(1)
      .max(64)
      .optional()
      .openapi({ description: 'the mediator to offer; must pass every hard filter. Absent: the best candidate' }),
  })
  .strict()
  .openapi('Assignment');

const BatchRequestSchema = z.object({}).strict().openapi('BatchAssignmentRequest');

const BatchReportSchema = z
  .object({
    assignments: z.array(
      z.object({ disputeId: z.string(), mediatorId: z.string(), score: z.number(), offerId: z.string() }),
    ),
    skipped: z.array(z.object({ disputeId: z.string(), mediatorId: z.string(), code: z.string() })),
    unassigned: z.array(z.string()),
    totalScore: z.number(),
    assignedCount: z.number().int(),
    greedy: z.object({ totalScore: z.number(), assignedCount: z.number().int() }),
    method: z.enum(['optimal', 'greedy']),
    disputesConsidered: z.number().int(),
    mediatorsConsidered: z.number().int(),
    ms: z.number(),
  })
  .openapi('BatchAssignmentReport');

function offerDeps(deps: HttpDeps): OfferDeps {
  const settings = deps.offers ?? { ...defaultOfferSettings, publicBaseUrl: deps.publicBaseUrl };
  return { store: deps.store, clock: deps.clock, ids: deps.ids, settings };
}

/** POST /v1/disputes/{id}/assignment: an operator offers a dispute to a mediator (or the best). */
export function disputeAssignmentRoutes(deps: HttpDeps) {
  return apiRoutes().openapi(
    createRoute({
      method: 'post',
      path: '/{id}/assignment',
      tags: ['offers'],
      operationId: 'assignDispute',
      summary: 'Offer a triaged or unassigned dispute to a chosen mediator, or the best candidate (operators)',
      description: 'Roles: `operator`. Other roles: 403.',
      request: { params: IdParamSchema, headers: IdempotencyHeaderSchema, body: jsonBody(AssignmentSchema) },
      responses: {
        201: json(OfferSchema, 'offered'),
        ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
      },
    }),
    async (c) => {
      const offer = await assignByOperator(
        offerDeps(deps),
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(offer, 201);
    },
  );
}

/** POST /v1/assignments/batch: optimal batch assignment of every open dispute (operators). */
export function assignmentRoutes(deps: HttpDeps) {
  return apiRoutes().openapi(
    createRoute({
      method: 'post',
      path: '/batch',
      tags: ['offers'],
      operationId: 'assignOpenDisputes',
      summary: 'Assign every open dispute optimally (min-cost flow), with the greedy total for comparison',
      description: 'Roles: `operator`. Other roles: 403.',
      request: {
        headers: IdempotencyHeaderSchema,
        body: { required: false, content: { 'application/json': { schema: BatchRequestSchema } } },
      },
      responses: {
        200: json(BatchReportSchema, 'the assignment and the offers made'),
        ...problemResponses(400, 401, 403, 409, 413, 415),
      },
    }),
    async (c) => c.json(await assignOpenDisputes(offerDeps(deps), c.get('principal')), 200),
  );
}
