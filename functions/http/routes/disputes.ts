import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { normalizeEmail, normalizePhone } from '../../../shared/domain/contacts/contact-normalization';
import { consentBases } from '../../../shared/domain/mediation/case-party';
import { disputeCategories } from '../../../shared/domain/mediation/categories';
import { disputeStages, disputeStatuses } from '../../../shared/domain/mediation/dispute';
import { agreeToExtension } from '../../../shared/use-cases/disputes/agree-extension';
import { closeMediation, failureReasons } from '../../../shared/use-cases/disputes/close-mediation';
import { fileDispute } from '../../../shared/use-cases/disputes/file-dispute';
import { rateMediation } from '../../../shared/use-cases/disputes/rate-mediation';
import { getDispute, listDisputes } from '../../../shared/use-cases/disputes/read-disputes';
import { recommendMediators } from '../../../shared/use-cases/disputes/recommend-mediators';
import { recordConsent } from '../../../shared/use-cases/disputes/record-consent';
import { recordPicks } from '../../../shared/use-cases/disputes/record-picks';
import { reinviteParty } from '../../../shared/use-cases/disputes/reinvite-party';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { allow } from '../middleware/authentication';
import { validationHook } from '../validation-hook';
import { IdempotencyHeaderSchema, IdParamSchema, PageQuerySchema, problemResponses, RegionCodeSchema } from './schemas';

const CountrySchema = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code');
const IdNumberSchema = z.string().trim().min(6).max(40);

/** A phone in any usual form, stored in E.164 (default region CN). */
const PhoneSchema = z.string().transform((phone, ctx) => {
  const normalized = normalizePhone(phone);
  if (!normalized) ctx.addIssue({ code: 'custom', message: 'not a valid phone number' });
  return normalized ?? z.NEVER;
});
const EmailSchema = z.string().transform((email, ctx) => {
  const normalized = normalizeEmail(email);
  if (!normalized) ctx.addIssue({ code: 'custom', message: 'not a valid email address' });
  return normalized ?? z.NEVER;
});

const ContactSchema = z
  .object({ phone: PhoneSchema.optional(), email: EmailSchema.optional() })
  .strict()
  .refine((contact) => contact.phone !== undefined || contact.email !== undefined, {
    message: 'every party needs a phone number or an email address, to be invited and served',
  });

/** Money as a decimal string, so no float ever touches an amount: "1234.50" → 123450 minor units. */
const AmountSchema = z
  .string()
  .regex(/^\d{1,13}(\.\d{1,2})?$/, 'a non-negative amount with at most two decimals, as a string')
  .transform((amount) => {
    const [whole = '0', fraction = ''] = amount.split('.');
    return Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  });

const PartySchema = z
  .object({
    role: z.enum(['applicant', 'respondent']),
    kind: z.enum(['person', 'company']),
    name: z.string().trim().min(1).max(120),
    idNumber: IdNumberSchema.openapi({
      description: 'resident ID, passport or unified social credit code; stored encrypted',
    }),
    domicile: z.object({ country: CountrySchema, regionCode: RegionCodeSchema.optional() }).strict(),
    nationality: CountrySchema.optional(),
    contact: ContactSchema,
    representatives: z
      .array(z.object({ name: z.string().trim().min(1).max(120), idNumber: IdNumberSchema }).strict())
      .max(5)
      .default([]),
  })
  .strict();

const DisputeFilingSchema = z
  .object({
    category: z.enum(disputeCategories),
    claim: z.object({ amount: AmountSchema, currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code') }).strict(),
    regionCode: RegionCodeSchema,
    subjectMatterRegion: RegionCodeSchema,
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .default('zh'),
    summary: z.string().trim().min(10).max(4000),
    stage: z.enum(disputeStages),
    onlineAccepted: z.boolean().default(true),
    crossBorder: z.boolean().optional(),
    courtId: z.string().min(1).max(64).optional().openapi({ description: 'the court that invited the mediation' }),
    // At most 15 parties: a filing with every party invited is one transaction of at most 100 items.
    parties: z.array(PartySchema).min(2).max(15),
  })
  .strict()
  .openapi('DisputeFiling');

const DisputeSchema = z
  .object({
    id: z.string(),
    status: z.enum(disputeStatuses),
    category: z.enum(disputeCategories),
    claim: z.object({ amountMinor: z.number().int(), currency: z.string() }),
    track: z.enum(['simple', 'complex']),
    flags: z.object({ crossBorder: z.boolean(), manyParties: z.boolean() }),
    mediationDeadline: z.object({ lastDay: z.string(), endsAt: z.string() }),
    mediatorId: z.string().optional(),
    createdAt: z.string(),
  })
  .passthrough()
  .openapi('Dispute');

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
});

export function disputeRoutes(deps: HttpDeps) {
  const fileDeps = { ...deps, calendar: deps.calendar, publicBaseUrl: deps.publicBaseUrl };
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook })
    .openapi(
      createRoute({
        method: 'post',
        path: '/',
        tags: ['mediation'],
        summary: 'File a dispute; a filing party becomes its applicant and the others are invited',
        middleware: [allow('party', 'operator')] as const,
        request: { headers: IdempotencyHeaderSchema, body: body(DisputeFilingSchema) },
        responses: { 201: json(DisputeSchema, 'filed and triaged'), ...problemResponses(400, 401, 403, 422) },
      }),
      async (c) => {
        const filing = c.req.valid('json');
        const dispute = await fileDispute(fileDeps, c.get('principal'), {
          ...filing,
          claim: { amountMinor: filing.claim.amount, currency: filing.claim.currency },
        });
        return c.json(dispute, 201, { location: `/v1/disputes/${dispute.id}` });
      },
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/',
        tags: ['mediation'],
        summary: 'My disputes (parties, mediators); by status (operators)',
        middleware: [allow('party', 'mediator', 'operator')] as const,
        request: { query: PageQuerySchema.extend({ status: z.enum(disputeStatuses).optional() }) },
        responses: {
          200: json(z.object({ items: z.array(DisputeSchema), cursor: z.string().optional() }), 'a page of disputes'),
          ...problemResponses(400, 401, 403),
        },
      }),
      async (c) => c.json(await listDisputes(deps, c.get('principal'), c.req.valid('query')), 200),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}',
        tags: ['mediation'],
        summary: 'One dispute with its parties and timeline',
        middleware: [allow('party', 'mediator', 'operator')] as const,
        request: { params: IdParamSchema },
        responses: { 200: json(z.object({}).passthrough(), 'the dispute'), ...problemResponses(401, 404) },
      }),
      async (c) => c.json(await getDispute(deps, c.get('principal'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/invitations',
        tags: ['mediation'],
        summary: 'Invite (again) a party who has not joined',
        middleware: [allow('party', 'operator')] as const,
        request: {
          params: IdParamSchema,
          headers: IdempotencyHeaderSchema,
          body: body(z.object({ partyId: z.string().min(1).max(64) }).strict()),
        },
        responses: {
          202: json(z.object({ partyId: z.string(), channel: z.enum(['sms', 'email']) }), 'invitation on its way'),
          ...problemResponses(400, 401, 403, 404, 422),
        },
      }),
      async (c) =>
        c.json(
          await reinviteParty(fileDeps, c.get('principal'), c.req.valid('param').id, c.req.valid('json').partyId),
          202,
        ),
    )
    .openapi(
      createRoute({
        method: 'get',
        path: '/{id}/recommendations',
        tags: ['mediation'],
        summary: 'Ranked mediators with scores and reasons',
        middleware: [allow('party', 'operator')] as const,
        request: {
          params: IdParamSchema,
          query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
        },
        responses: { 200: json(z.object({}).passthrough(), 'the ranking'), ...problemResponses(401, 403, 404) },
      }),
      async (c) =>
        c.json(
          await recommendMediators(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('query').limit),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/picks',
        tags: ['mediation'],
        summary: "The calling party's ranked picks of mediators",
        middleware: [allow('party')] as const,
        request: {
          params: IdParamSchema,
          headers: IdempotencyHeaderSchema,
          body: body(z.object({ mediatorIds: z.array(z.string().min(1).max(64)).min(1).max(5) }).strict()),
        },
        responses: { 200: json(DisputeSchema, 'picks recorded'), ...problemResponses(400, 401, 403, 404, 409, 422) },
      }),
      async (c) =>
        c.json(
          await recordPicks(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json').mediatorIds),
          200,
        ),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/parties/{partyId}/consent',
        tags: ['mediation'],
        summary: 'A party records its own consent to electronic service, with its basis',
        middleware: [allow('party')] as const,
        request: {
          params: IdParamSchema.extend({ partyId: z.string().min(1).max(64) }),
          headers: IdempotencyHeaderSchema,
          body: body(
            z.object({ basis: z.enum(consentBases), evidence: z.string().trim().max(200).optional() }).strict(),
          ),
        },
        responses: {
          200: json(z.object({ partyId: z.string(), consent: z.object({}).passthrough() }), 'consent recorded'),
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      }),
      async (c) => {
        const { id, partyId } = c.req.valid('param');
        const party = await recordConsent(deps, c.get('principal'), id, partyId, c.req.valid('json'));
        return c.json({ partyId: party.partyId, consent: party.consent ?? {} }, 200);
      },
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/extension',
        tags: ['mediation'],
        summary: 'Agree to extend mediation by 30 days (applies when every party agreed; once)',
        middleware: [allow('party')] as const,
        request: { params: IdParamSchema, headers: IdempotencyHeaderSchema },
        responses: { 200: json(DisputeSchema, 'agreement recorded'), ...problemResponses(401, 403, 404, 409, 422) },
      }),
      async (c) => c.json(await agreeToExtension(deps, c.get('principal'), c.req.valid('param').id), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/outcome',
        tags: ['mediation'],
        summary: 'The mediator records a failure or withdrawal with a coded reason',
        middleware: [allow('mediator')] as const,
        request: {
          params: IdParamSchema,
          headers: IdempotencyHeaderSchema,
          body: body(
            z
              .object({
                kind: z.enum(['failed', 'withdrawn']),
                reason: z.enum(failureReasons),
                referralSummary: z.string().trim().min(1).max(4000).optional(),
              })
              .strict(),
          ),
        },
        responses: { 200: json(DisputeSchema, 'closed'), ...problemResponses(400, 401, 403, 404, 409, 422) },
      }),
      async (c) =>
        c.json(await closeMediation(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 200),
    )
    .openapi(
      createRoute({
        method: 'post',
        path: '/{id}/ratings',
        tags: ['mediation'],
        summary: 'A party rates the mediation after it closed (once)',
        middleware: [allow('party')] as const,
        request: {
          params: IdParamSchema,
          headers: IdempotencyHeaderSchema,
          body: body(
            z
              .object({ score: z.number().int().min(1).max(5), comment: z.string().trim().max(1000).optional() })
              .strict(),
          ),
        },
        responses: {
          201: json(z.object({ mean: z.number(), count: z.number() }), "the mediator's rating now"),
          ...problemResponses(400, 401, 403, 404, 409, 422),
        },
      }),
      async (c) =>
        c.json(await rateMediation(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 201),
    );
}
