import { z } from '@hono/zod-openapi';
import { disputeCategories } from '../../../shared/domain/mediation/categories';
import { eligibilityPlaces, MAX_ELIGIBILITY_PLACES } from '../../../shared/domain/mediation/eligibility';
import type { Mediator } from '../../../shared/domain/mediation/mediator';
import type { Principal } from '../../../shared/domain/principal';
import { getMediator, listMediators } from '../../../shared/use-cases/roster/read-roster';
import { registerMediator } from '../../../shared/use-cases/roster/register-mediator';
import { updateMediator } from '../../../shared/use-cases/roster/update-mediator';
import type { HttpPorts } from '../deps';
import { created, json, jsonBody, routeGroup } from './route-kit';
import { DateSchema, IdNumberSchema, IdParamSchema, PageQuerySchema, pageOf, RegionCodeSchema, text } from './schemas';

const LeaveSchema = z
  .object({ from: DateSchema, to: DateSchema })
  .strict()
  .refine((leave) => leave.from <= leave.to, { message: 'a leave ends on or after its first day', path: ['to'] });

const LanguageSchema = z.string().regex(/^[a-z]{2,3}$/, 'a BCP 47 primary language tag, e.g. zh, en, yue');

const mediatorFields = {
  name: text({ min: 2, max: 80 }),
  contact: z
    .object({
      phone: z
        .string()
        .regex(/^\+[1-9]\d{7,14}$/, 'an E.164 phone number')
        .optional(),
      email: z.email().optional(),
    })
    .strict()
    .refine((contact) => contact.phone !== undefined || contact.email !== undefined, {
      message: 'a phone number or an email address, for offers',
    }),
  organizationId: z.string().min(1).max(64),
  specialties: z.array(z.enum(disputeCategories)).min(1).max(disputeCategories.length),
  languages: z.array(LanguageSchema).min(1).max(10),
  regions: z.array(RegionCodeSchema).max(100),
  online: z.boolean(),
  capacity: z.number().int().min(1).max(200),
  leave: z.array(LeaveSchema).max(50),
  crossBorderQualified: z.boolean(),
};

export const MediatorRegistrationSchema = z
  .object({
    ...mediatorFields,
    subjectId: z.string().min(1).max(128).optional().openapi({
      description:
        "the mediator's Cognito sub, when they have a staff sign-in already; without it the platform creates the sign-in for `contact.email` (or reuses the staff account with that email) and Cognito emails them an invitation",
    }),
    leave: mediatorFields.leave.default([]),
    conflictIdNumbers: z.array(IdNumberSchema).max(500).default([]).openapi({
      description: 'ID numbers of persons or companies they must not mediate for; stored only as keyed hashes',
    }),
  })
  .strict()
  .refine((registration) => registration.subjectId !== undefined || registration.contact.email !== undefined, {
    message: "a subjectId, or a contact email to create the mediator's sign-in with",
    path: ['subjectId'],
  })
  .refine((registration) => eligibilityPlaces(registration).length <= MAX_ELIGIBILITY_PLACES, {
    message: `specialties × (distinct regions, plus online) must come to at most ${MAX_ELIGIBILITY_PLACES} places; list a wider region for its districts`,
    path: ['regions'],
  })
  .openapi('MediatorRegistration');

export const MediatorPatchSchema = z
  .object({
    ...Object.fromEntries(Object.entries(mediatorFields).map(([name, schema]) => [name, schema.optional()])),
    addConflicts: z.array(IdNumberSchema).max(500).optional(),
  })
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'name at least one field to change' })
  .openapi('MediatorPatch');

/** Conflicts are keyed hashes of other people's ID numbers: shown only as a count. */
const MediatorSchema = z
  .object({
    id: z.string(),
    subjectId: z.string().openapi({ description: "the mediator's Cognito sub" }),
    name: z.string(),
    contact: z
      .object({ phone: z.string().optional(), email: z.string().optional() })
      .optional()
      .openapi({ description: 'for operators and the mediator only' }),
    organizationId: z.string(),
    specialties: z.array(z.enum(disputeCategories)),
    languages: z.array(z.string()),
    regions: z.array(z.string()),
    online: z.boolean(),
    capacity: z.number().int(),
    activeCases: z.number().int(),
    leave: z.array(z.object({ from: z.string(), to: z.string() })),
    crossBorderQualified: z.boolean(),
    conflictCount: z.number().int(),
    record: z
      .record(z.string(), z.object({ settled: z.number().int(), closed: z.number().int() }))
      .openapi({ description: 'settled and closed mediations, by dispute category' }),
    responseHoursMedian: z.number().optional(),
    rating: z.object({ mean: z.number(), count: z.number().int() }).optional(),
    createdAt: z.string().optional().openapi({ description: 'when registered (absent in the registration answer)' }),
  })
  .openapi('Mediator');

/**
 * A mediator as the caller may see them: their contact only for operators and themselves (DESIGN.md,
 * personal data), and conflicts (keyed hashes of other people) only as a count.
 */
function present(mediator: Mediator, viewer?: Principal): z.infer<typeof MediatorSchema> {
  const { conflicts, contact, ...rest } = mediator;
  const mayContact =
    viewer?.role === 'operator' || (viewer?.role === 'mediator' && viewer.subjectId === mediator.subjectId);
  return {
    ...(mayContact ? { contact } : {}),
    ...rest,
    conflictCount: conflicts.length,
    record: rest.record as Record<string, { settled: number; closed: number }>,
  };
}

export function mediatorRoutes(deps: HttpPorts) {
  return routeGroup('/v1/mediators', 'roster')
    .operation(
      'post',
      '/',
      {
        operationId: 'registerMediator',
        summary: 'Register a mediator (operators)',
        notes:
          'Without `subjectId`, the platform gives the mediator a staff sign-in for `contact.email` (a new staff account, invited by email, or the existing one with that email) and answers its `subjectId`; a person who is a mediator already is refused (422 `mediator_subject_taken`), and so is an email that signs in as an operator (422 `staff_account_other_role`).',
        request: { body: jsonBody(MediatorRegistrationSchema) },
        responses: { 201: created(MediatorSchema, 'registered') },
        problems: [422],
      },
      async (c) => {
        const mediator = await registerMediator(deps, c.get('principal'), c.req.valid('json'));
        return c.json(present(mediator, c.get('principal')), 201, { location: `/v1/mediators/${mediator.id}` });
      },
    )
    .operation(
      'get',
      '/',
      {
        operationId: 'listMediators',
        summary: 'The roster of mediators (any signed-in user)',
        notes: 'Contacts are shown to operators and to the mediator only.',
        request: { query: PageQuerySchema },
        responses: { 200: json(pageOf(MediatorSchema).openapi('MediatorPage'), 'a page of mediators') },
      },
      async (c) => {
        const page = await listMediators(deps, c.req.valid('query'));
        return c.json({ ...page, items: page.items.map((mediator) => present(mediator, c.get('principal'))) }, 200);
      },
    )
    .operation(
      'get',
      '/{id}',
      {
        operationId: 'getMediator',
        summary: 'One mediator',
        notes: 'The contact is shown to operators and to the mediator only.',
        request: { params: IdParamSchema },
        responses: { 200: json(MediatorSchema, 'the mediator') },
      },
      async (c) => c.json(present(await getMediator(deps, c.req.valid('param').id), c.get('principal')), 200),
    )
    .operation(
      'patch',
      '/{id}',
      {
        operationId: 'updateMediator',
        summary: 'Change a mediator (operators; a mediator: own availability and online/offline only)',
        roles: {
          operator: 'any field',
          mediator: 'only `leave` and `online`, other fields: 403; only itself, another mediator: 404',
        },
        request: { params: IdParamSchema, body: jsonBody(MediatorPatchSchema) },
        responses: { 200: json(MediatorSchema, 'changed') },
        problems: [422],
      },
      async (c) => {
        const mediator = await updateMediator(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json'));
        return c.json(present(mediator, c.get('principal')), 200);
      },
    );
}
