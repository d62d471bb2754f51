import { createRoute, z } from '@hono/zod-openapi';
import { courtLevels } from '../../../shared/domain/roster/court';
import { getCourt, listCourts } from '../../../shared/use-cases/roster/read-courts';
import { registerCourt } from '../../../shared/use-cases/roster/register-court';
import type { HttpDeps } from '../deps';
import { apiRoutes, created, json, jsonBody } from './route-kit';
import { IdempotencyHeaderSchema, PageQuerySchema, pageOf, problemResponses, text } from './schemas';

const regionCode = z.string().regex(/^\d{2,6}$/, 'an administrative division code (2 to 6 digits)');

const CourtRegistrationSchema = z
  .object({
    name: text({ min: 2, max: 100 }),
    level: z.enum(courtLevels),
    regionCode: z.string().regex(/^\d{6}$/, 'a six-digit administrative division code'),
    jurisdiction: z
      .object({
        regions: z.array(regionCode).min(1).max(500),
        caseTypes: z
          .array(text({ min: 1, max: 60 }))
          .max(100)
          .default([]),
      })
      .strict(),
    clientId: z.string().regex(/^[A-Za-z0-9_-]{6,128}$/, 'a Cognito app client id'),
  })
  .strict()
  .openapi('CourtRegistration');

/** A court as the roster shows it (the registration, as stored, with its id). */
const CourtSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    level: z.enum(courtLevels),
    regionCode: z.string().openapi({ description: 'the six-digit division code of its seat' }),
    jurisdiction: z.object({
      regions: z.array(z.string()).openapi({ description: 'division codes it hears disputes from (prefixes)' }),
      caseTypes: z.array(z.string()).openapi({ description: 'dispute categories it hears; empty: all' }),
    }),
    clientId: z.string().openapi({ description: 'the app client by which the court calls the API' }),
    createdAt: z.iso.datetime(),
  })
  .openapi('Court');

const registerRoute = createRoute({
  method: 'post',
  path: '/',
  operationId: 'registerCourt',
  tags: ['roster'],
  summary: 'Register a court (operators)',
  description: 'Roles: `operator`. Other roles: 403.',
  request: { headers: IdempotencyHeaderSchema, body: jsonBody(CourtRegistrationSchema) },
  responses: {
    201: created(CourtSchema, 'registered'),
    ...problemResponses(400, 401, 403, 409, 413, 415, 422),
  },
});

const listRoute = createRoute({
  method: 'get',
  path: '/',
  operationId: 'listCourts',
  tags: ['roster'],
  summary: 'The roster of courts (any signed-in user)',
  description: 'Roles: any signed-in role (`party`, `mediator`, `operator`, `court`).',
  request: { query: PageQuerySchema },
  responses: {
    200: json(pageOf(CourtSchema).openapi('CourtPage'), 'a page of courts'),
    ...problemResponses(400, 401),
  },
});

const getRoute = createRoute({
  method: 'get',
  path: '/{id}',
  operationId: 'getCourt',
  tags: ['roster'],
  summary: 'One court',
  description: 'Roles: any signed-in role (`party`, `mediator`, `operator`, `court`).',
  request: { params: z.object({ id: z.string().max(64) }) },
  responses: {
    200: json(CourtSchema, 'the court'),
    ...problemResponses(400, 401, 404),
  },
});

export function courtRoutes(deps: HttpDeps) {
  return apiRoutes()
    .openapi(registerRoute, async (c) => {
      const court = await registerCourt(deps, c.get('principal'), c.req.valid('json'));
      return c.json(court, 201, { location: `/v1/courts/${court.id}` });
    })
    .openapi(listRoute, async (c) => c.json(await listCourts(deps, c.req.valid('query')), 200))
    .openapi(getRoute, async (c) => c.json(await getCourt(deps, c.req.valid('param').id), 200));
}
