import { z } from '@hono/zod-openapi';
import { assignByOperator } from '../../../shared/use-cases/offers/assign-by-operator';
import { assignOpenDisputes } from '../../../shared/use-cases/offers/assign-open-disputes';
import { type HttpDeps, offerDepsOf } from '../deps';
import { OfferSchema } from './offers';
import { json, jsonBody, routeGroup } from './route-kit';
import { IdParamSchema } from './schemas';

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

/** POST /v1/disputes/{id}/assignment: an operator offers a dispute to a mediator (or the best). */
export function disputeAssignmentRoutes(deps: HttpDeps) {
  return routeGroup('/v1/disputes', 'offers').operation(
    'post',
    '/{id}/assignment',
    {
      operationId: 'assignDispute',
      summary: 'Offer a triaged or unassigned dispute to a chosen mediator, or the best candidate (operators)',
      request: { params: IdParamSchema, body: jsonBody(AssignmentSchema) },
      responses: { 201: json(OfferSchema, 'offered') },
      problems: [422],
    },
    async (c) => {
      const offer = await assignByOperator(
        offerDepsOf(deps),
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
  return routeGroup('/v1/assignments', 'offers').operation(
    'post',
    '/batch',
    {
      operationId: 'assignOpenDisputes',
      summary: 'Assign every open dispute optimally (min-cost flow), with the greedy total for comparison',
      request: { body: { required: false, content: { 'application/json': { schema: BatchRequestSchema } } } },
      responses: { 200: json(BatchReportSchema, 'the assignment and the offers made') },
    },
    async (c) => c.json(await assignOpenDisputes(offerDepsOf(deps), c.get('principal')), 200),
  );
}
