import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { organizationKinds } from '../../../shared/domain/roster/organization';
import { getOrganization, listOrganizations } from '../../../shared/use-cases/roster/read-roster';
import { registerOrganization } from '../../../shared/use-cases/roster/register-organization';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { allow } from '../middleware/authentication';
import { validationHook } from '../validation-hook';
import { IdempotencyHeaderSchema, IdParamSchema, PageQuerySchema, problemResponses, RegionCodeSchema } from './schemas';

const OrganizationRegistrationSchema = z
  .object({
    name: z.string().trim().min(2).max(120),
    kind: z.enum(organizationKinds),
    regionCode: RegionCodeSchema,
    linkedCourtIds: z.array(z.string().min(1).max(64)).max(50).default([]),
  })
  .strict()
  .openapi('OrganizationRegistration');

const OrganizationSchema = OrganizationRegistrationSchema.extend({
  id: z.string(),
  createdAt: z.iso.datetime(),
}).openapi('Organization');

export function organizationRoutes(deps: HttpDeps) {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['roster'],
        summary: 'Register a mediation organization (operators)',
        middleware: [allow('operator')] as const,
        request: {
          headers: IdempotencyHeaderSchema,
          body: { required: true, content: { 'application/json': { schema: OrganizationRegistrationSchema } } },
        },
        responses: {
          201: { description: 'registered', content: { 'application/json': { schema: OrganizationSchema } } },
          ...problemResponses(400, 401, 403, 422),
        },
      }),
      async (c) => {
        const organization = await registerOrganization(deps, c.get('principal'), c.req.valid('json'));
        return c.json(organization, 201, { location: `/v1/organizations/${organization.id}` });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['roster'],
        summary: 'The roster of mediation organizations (any signed-in user)',
        request: { query: PageQuerySchema },
        responses: {
          200: {
            description: 'a page of organizations',
            content: {
              'application/json': {
                schema: z.object({ items: z.array(OrganizationSchema), cursor: z.string().optional() }),
              },
            },
          },
          ...problemResponses(400, 401),
        },
      }),
      async (c) => c.json(await listOrganizations(deps, c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags: ['roster'],
        summary: 'One organization',
        request: { params: IdParamSchema },
        responses: {
          200: { description: 'the organization', content: { 'application/json': { schema: OrganizationSchema } } },
          ...problemResponses(401, 404),
        },
      }),
      async (c) => c.json(await getOrganization(deps, c.req.valid('param').id), 200),
    );
}
