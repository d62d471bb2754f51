import { z } from '@hono/zod-openapi';
import { organizationKinds } from '../../../shared/domain/roster/organization';
import { getOrganization, listOrganizations } from '../../../shared/use-cases/roster/read-roster';
import { registerOrganization } from '../../../shared/use-cases/roster/register-organization';
import type { HttpPorts } from '../deps';
import { created, json, jsonBody, routeGroup } from './route-kit';
import { IdParamSchema, PageQuerySchema, pageOf, RegionCodeSchema, text } from './schemas';

export const OrganizationRegistrationSchema = z
  .object({
    name: text({ min: 2, max: 120 }),
    kind: z.enum(organizationKinds),
    regionCode: RegionCodeSchema,
    linkedCourtIds: z.array(z.string().min(1).max(64)).max(50).default([]),
  })
  .strict()
  .openapi('OrganizationRegistration');

/** An organization as the roster shows it (the registration, as stored, with its id). */
const OrganizationSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(organizationKinds),
    regionCode: z.string().openapi({ description: 'the division code of its seat' }),
    linkedCourtIds: z.array(z.string()).openapi({ description: 'courts that invite its mediations' }),
    createdAt: z.iso.datetime(),
  })
  .openapi('Organization');

export function organizationRoutes(deps: HttpPorts) {
  return routeGroup('/v1/organizations', 'roster')
    .operation(
      'post',
      '/',
      {
        operationId: 'registerOrganization',
        summary: 'Register a mediation organization (operators)',
        request: { body: jsonBody(OrganizationRegistrationSchema) },
        responses: { 201: created(OrganizationSchema, 'registered') },
        problems: [422],
      },
      async (c) => {
        const organization = await registerOrganization(deps, c.get('principal'), c.req.valid('json'));
        return c.json(organization, 201, { location: `/v1/organizations/${organization.id}` });
      },
    )
    .operation(
      'get',
      '/',
      {
        operationId: 'listOrganizations',
        summary: 'The roster of mediation organizations (any signed-in user)',
        request: { query: PageQuerySchema },
        responses: { 200: json(pageOf(OrganizationSchema).openapi('OrganizationPage'), 'a page of organizations') },
      },
      async (c) => c.json(await listOrganizations(deps, c.req.valid('query')), 200),
    )
    .operation(
      'get',
      '/{id}',
      {
        operationId: 'getOrganization',
        summary: 'One organization',
        request: { params: IdParamSchema },
        responses: { 200: json(OrganizationSchema, 'the organization') },
      },
      async (c) => c.json(await getOrganization(deps, c.req.valid('param').id), 200),
    );
}
