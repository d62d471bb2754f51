import { z } from '@hono/zod-openapi';
import { normalizeEmail, normalizePhone } from '../../../shared/domain/contacts/contact-normalization';
import { companyNamedByResidentId } from '../../../shared/domain/id-number';
import { consentBases } from '../../../shared/domain/mediation/case-party';
import { disputeCategories } from '../../../shared/domain/mediation/categories';
import {
  declineReasons,
  disputeForClient,
  disputeStages,
  disputeStatuses,
  summaryLength,
} from '../../../shared/domain/mediation/dispute';
import { filterCodes, scoreFactors } from '../../../shared/domain/mediation/matching';
import { agreeToExtension } from '../../../shared/use-cases/disputes/agree-extension';
import { closeMediation, failureReasons } from '../../../shared/use-cases/disputes/close-mediation';
import { declineMediation } from '../../../shared/use-cases/disputes/decline-mediation';
import { fileDispute } from '../../../shared/use-cases/disputes/file-dispute';
import { rateMediation } from '../../../shared/use-cases/disputes/rate-mediation';
import { getDispute, listDisputes } from '../../../shared/use-cases/disputes/read-disputes';
import { recommendMediators } from '../../../shared/use-cases/disputes/recommend-mediators';
import { recordConsent } from '../../../shared/use-cases/disputes/record-consent';
import { recordPicks } from '../../../shared/use-cases/disputes/record-picks';
import { reinviteParty } from '../../../shared/use-cases/disputes/reinvite-party';
import type { HttpDeps } from '../deps';
import { idFromIdempotencyKey } from '../middleware/idempotency';
import { IdentityAssuranceSchema } from './identity-checks';
import { created, json, jsonBody, routeGroup } from './route-kit';
import {
  ClaimSchema,
  DeadlineSchema,
  IdNumberSchema,
  IdParamSchema,
  PageQuerySchema,
  pageOf,
  RegionCodeSchema,
  text,
} from './schemas';

const CountrySchema = z.string().regex(/^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 country code');

/** A phone in any usual form, stored in E.164 (default region CN). */
const PhoneSchema = z.string().transform((phone, ctx) => {
  const normalized = normalizePhone(phone);
  if (!normalized) ctx.addIssue({ code: 'custom', message: 'not a valid phone number' });
  return normalized ?? z.NEVER;
});
/** An email as the platform sends to it (contact-normalization.ts `checkEmail`): a plain address, the domain in ASCII. */
const EmailSchema = text()
  .transform((email, ctx) => {
    const normalized = normalizeEmail(email);
    if (!normalized) ctx.addIssue({ code: 'custom', message: 'not a valid email address' });
    return normalized ?? z.NEVER;
  })
  .openapi({
    description:
      "A plain address: the part before @ is a dot-atom (letters, digits and !#$%&'*+/=?^_`{|}~.-, no leading, trailing or double dot; no quotes, comments or angle brackets); the domain is labels under an alphabetic top-level domain (an internationalized domain is accepted and stored as punycode). Anything else is refused with 400.",
    example: 'zhang.san@example.com',
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

/**
 * A company filed with a person's resident ID number is refused at the field (both languages, as
 * the filing page shows it): such a party could never have its identity checked by the carrier,
 * so it could neither consent to electronic service nor be served a ruling.
 */
const companyWithResidentIdMessage =
  '这是个人的居民身份证号码：对方是个人时请选择"个人"，是企业时请填写其统一社会信用代码 / ' +
  'This is a resident ID number (a person\'s): choose "A person" if the other party is one, or give the company\'s unified social credit code';

const PartySchema = z
  .object({
    role: z.enum(['applicant', 'respondent']),
    kind: z.enum(['person', 'company']),
    name: text({ min: 1, max: 120 }),
    idNumber: IdNumberSchema.openapi({
      description: 'resident ID, passport or unified social credit code; stored encrypted',
    }),
    domicile: z.object({ country: CountrySchema, regionCode: RegionCodeSchema.optional() }).strict(),
    nationality: CountrySchema.optional(),
    contact: ContactSchema,
    consent: z
      .object({ basis: z.enum(consentBases), evidence: text({ max: 200 }).optional() })
      .strict()
      .optional()
      .openapi({
        description:
          "the filing party's own consent to electronic service (only on the filer's own entry; needs its verified identity: else 422 `identity_not_verified`)",
      }),
    serviceAddress: z
      .object({ phone: PhoneSchema.optional(), email: EmailSchema.optional() })
      .strict()
      .optional()
      .openapi({
        description:
          "the filing party's own addresses for service, given with its consent; they and its contact become its designated addresses",
      }),
    representatives: z
      .array(z.object({ name: text({ min: 1, max: 120 }), idNumber: IdNumberSchema }).strict())
      .max(5)
      .default([]),
  })
  .strict()
  .superRefine((party, ctx) => {
    if (party.kind === 'company' && companyNamedByResidentId(party.idNumber)) {
      ctx.addIssue({ code: 'custom', path: ['idNumber'], message: companyWithResidentIdMessage });
    }
  });

export const DisputeFilingSchema = z
  .object({
    category: z.enum(disputeCategories),
    claim: z.object({ amount: AmountSchema, currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code') }).strict(),
    regionCode: RegionCodeSchema,
    subjectMatterRegion: RegionCodeSchema,
    language: z
      .string()
      .regex(/^[a-z]{2,3}$/)
      .default('zh'),
    summary: text({ ...summaryLength, multiline: true }),
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
    claim: ClaimSchema,
    regionCode: z.string(),
    subjectMatterRegion: z.string(),
    language: z.string(),
    summary: z.string(),
    summaryForMediators: z.string().optional().openapi({
      description: 'the summary as mediators see it before accepting: roles for names, personal data masked',
    }),
    stage: z.enum(disputeStages),
    onlineAccepted: z.boolean(),
    track: z.enum(['simple', 'complex']),
    flags: z.object({ crossBorder: z.boolean(), manyParties: z.boolean() }),
    mediationDeadline: DeadlineSchema,
    extension: z.object({ used: z.boolean(), agreedBy: z.array(z.string()) }).openapi({
      description: 'the 30-day extension: whether it applied, and the parties who agreed so far',
    }),
    partyIds: z.array(z.string()),
    picks: z
      .record(z.string(), z.array(z.string()))
      .openapi({ description: "each party's ranked picks of mediator ids, by partyId" }),
    offeredMediatorIds: z.array(z.string()).openapi({ description: 'mediators offered so far, in order' }),
    currentOfferId: z.string().optional(),
    mediatorId: z.string().optional(),
    courtId: z.string().optional().openapi({ description: 'the court that invited the mediation' }),
    filedBy: z.object({ role: z.string(), subjectId: z.string() }),
    createdAt: z.string(),
    closedAt: z.string().optional(),
    outcome: z
      .object({
        kind: z.enum(['failed', 'withdrawn']),
        reason: z.string().openapi({ description: `the coded reason: ${failureReasons.join(', ')}` }),
        referralSummary: z.string().optional(),
      })
      .optional(),
    declined: z
      .object({
        partyId: z.string(),
        reason: z.enum(declineReasons),
        note: z.string().optional(),
        at: z.string(),
      })
      .optional()
      .openapi({ description: 'a respondent declined mediation before it began (status `declined`)' }),
  })
  .passthrough()
  .openapi('Dispute');

const ServiceConsentSchema = z
  .object({
    basis: z.enum(consentBases),
    recordedAt: z.string(),
    evidence: z.string().optional(),
    recordedBy: z.string().openapi({ description: "the party's own principal" }),
    assurance: IdentityAssuranceSchema.optional().openapi({ description: 'the identity level the consent rests on' }),
  })
  .openapi('ServiceConsent');

/** A party as the dispute's members see it: contacts and keyed hashes stay inside the platform. */
const DisputePartySchema = z
  .object({
    partyId: z.string(),
    role: z.enum(['applicant', 'respondent']),
    kind: z.enum(['person', 'company']),
    name: z.string(),
    idMasked: z.string().optional().openapi({ description: 'the masked ID number; a party reading sees only its own' }),
    domicile: z.object({ country: z.string(), regionCode: z.string().optional() }),
    representatives: z.array(z.string()).openapi({ description: "the representatives' names" }),
    subjectId: z
      .string()
      .optional()
      .openapi({ description: 'the principal acting as this party, once joined (not shown to parties)' }),
    you: z.boolean().optional().openapi({ description: 'for a party reading: whether this party is the reader' }),
    joinedAt: z.string().optional(),
    consent: ServiceConsentSchema.optional(),
  })
  .openapi('DisputeParty');

const DisputeViewSchema = z
  .object({
    dispute: DisputeSchema,
    parties: z.array(DisputePartySchema),
    timeline: z.array(
      z.object({
        seq: z.number().int(),
        type: z.string(),
        at: z.string(),
        actorRole: z.string(),
        data: z.record(z.string(), z.unknown()),
      }),
    ),
    chain: z.object({ length: z.number().int(), headHash: z.string() }).openapi({
      description: "the head of the dispute's hash chain",
    }),
  })
  .openapi('DisputeView');

const RankingSchema = z
  .object({
    candidates: z.array(
      z.object({
        mediatorId: z.string(),
        rank: z.number().int().openapi({ description: '1-based, among every eligible mediator' }),
        score: z.number().openapi({ description: 'in [0, 1]: the sum of the factors’ contributions' }),
        factors: z.array(
          z.object({
            factor: z.enum(scoreFactors),
            value: z.number(),
            weight: z.number(),
            contribution: z.number(),
            explanation: z.string(),
          }),
        ),
        picked: z.boolean().openapi({ description: 'whether any party picked this mediator' }),
      }),
    ),
    excluded: z.array(
      z.object({
        mediatorId: z.string(),
        reasons: z.array(z.object({ code: z.enum(filterCodes), reason: z.string() })),
      }),
    ),
    eligibleCount: z.number().int(),
    excludedCount: z.number().int(),
    outcomePrior: z.number().openapi({ description: 'the prior the outcome record was smoothed towards' }),
  })
  .openapi('MediatorRanking');

export function disputeRoutes(deps: HttpDeps) {
  const fileDeps = { ...deps, calendar: deps.calendar, publicBaseUrl: deps.publicBaseUrl };
  return routeGroup('/v1/disputes', 'mediation')
    .operation(
      'post',
      '/',
      {
        operationId: 'fileDispute',
        summary: 'File a dispute; a filing party becomes its applicant and the others are invited',
        roles: { party: 'the filer becomes the applicant', operator: 'files for the parties; every party is invited' },
        notes:
          'A filing party files through a sign-in linked to its person (422 `sign_in_not_linked` before it proved who it is at `/auth/link`) and is the applicant: the applicant’s ID number must be its own, or the applicant a company naming it among its `representatives` (422 `applicant_is_filer`). The filing party may give its own `consent` and `serviceAddress` (for itself only: 422 `consent_is_personal`; needs its verified identity: 422 `identity_not_verified`); its contacts then become its `recipient_designated` service addresses, and the contacts given for other parties their `other_party_provided` ones.',
        request: { body: jsonBody(DisputeFilingSchema) },
        responses: { 201: created(DisputeSchema, 'filed and triaged') },
        problems: [422, 429],
      },
      async (c) => {
        const filing = c.req.valid('json');
        // Named after the Idempotency-Key, if any: a retry after a crash finds the first run's dispute.
        const claimed = c.get('idempotencyKey');
        const dispute = await fileDispute(fileDeps, c.get('principal'), {
          ...filing,
          claim: { amountMinor: filing.claim.amount, currency: filing.claim.currency },
          ...(claimed ? { disputeId: idFromIdempotencyKey('dsp', claimed) } : {}),
        });
        return c.json(disputeForClient(dispute), 201, { location: `/v1/disputes/${dispute.id}` });
      },
    )
    .operation(
      'get',
      '/',
      {
        operationId: 'listDisputes',
        summary: 'My disputes (parties, mediators); by status (operators)',
        roles: {
          party: 'the disputes it is a party to; `status` filters them',
          mediator: 'the disputes it mediates; `status` filters them',
          operator: 'the disputes of one status, by default `awaiting_assignment`',
        },
        request: { query: PageQuerySchema.extend({ status: z.enum(disputeStatuses).optional() }) },
        responses: { 200: json(pageOf(DisputeSchema).openapi('DisputePage'), 'a page of disputes') },
      },
      async (c) => {
        const page = await listDisputes(deps, c.get('principal'), c.req.valid('query'));
        return c.json({ ...page, items: page.items.map(disputeForClient) }, 200);
      },
    )
    .operation(
      'get',
      '/{id}',
      {
        operationId: 'getDispute',
        summary: 'One dispute with its parties and timeline',
        roles: { party: 'its parties', mediator: 'its mediator' },
        notes: 'A dispute the caller is not a member of: 404.',
        request: { params: IdParamSchema },
        responses: {
          200: json(DisputeViewSchema, 'the dispute, its parties (masked), its timeline and its chain head'),
        },
      },
      async (c) => c.json(await getDispute(deps, c.get('principal'), c.req.valid('param').id), 200),
    )
    .operation(
      'post',
      '/{id}/invitations',
      {
        operationId: 'reinviteParty',
        summary: 'Invite (again) a party who has not joined',
        roles: { party: 'its applicant only; another party of the dispute: 403' },
        notes:
          'A dispute the caller is not a member of: 404. A party who already joined: 422 `already_joined`. The new invitation revokes the previous one (its link and code open nothing since). Invitations count against the recipient’s allowance of sends others trigger (three a day, the second at least 10 minutes and the third an hour after the one before): beyond it, 429 `recipient_send_limit` with `Retry-After`, and nothing is sent.',
        request: { params: IdParamSchema, body: jsonBody(z.object({ partyId: z.string().min(1).max(64) }).strict()) },
        responses: {
          202: json(
            z.object({ partyId: z.string(), channel: z.enum(['sms', 'email']) }).openapi('Invitation'),
            'invitation on its way',
          ),
        },
        problems: [422, 429],
      },
      async (c) =>
        c.json(
          await reinviteParty(fileDeps, c.get('principal'), c.req.valid('param').id, c.req.valid('json').partyId),
          202,
        ),
    )
    .operation(
      'get',
      '/{id}/recommendations',
      {
        operationId: 'recommendMediators',
        summary: 'Ranked mediators with scores and reasons',
        roles: { party: 'its parties' },
        notes: 'A dispute the caller is not a party to: 404.',
        request: {
          params: IdParamSchema,
          query: z.object({ limit: z.coerce.number().int().min(1).max(50).default(10) }),
        },
        responses: { 200: json(RankingSchema, 'the ranking, and the excluded mediators a party picked, with why') },
      },
      async (c) =>
        c.json(
          await recommendMediators(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('query').limit),
          200,
        ),
    )
    .operation(
      'post',
      '/{id}/picks',
      {
        operationId: 'recordPicks',
        summary: "The calling party's ranked picks of mediators",
        roles: { party: 'each party of the dispute, for itself' },
        notes: 'A dispute the caller is not a party to: 404.',
        request: {
          params: IdParamSchema,
          body: jsonBody(z.object({ mediatorIds: z.array(z.string().min(1).max(64)).min(1).max(5) }).strict()),
        },
        responses: { 200: json(DisputeSchema, 'picks recorded: the dispute with every party’s picks') },
        problems: [422],
      },
      async (c) =>
        c.json(
          disputeForClient(
            await recordPicks(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json').mediatorIds),
          ),
          200,
        ),
    )
    .operation(
      'post',
      '/{id}/parties/{partyId}/consent',
      {
        operationId: 'recordConsent',
        summary: 'A party records its own consent to electronic service, with its basis',
        roles: { party: 'a party of the dispute, for itself only; for another party: 422 `consent_is_personal`' },
        notes:
          'A dispute the caller is not a party to: 404. Needs a verified identity (the carrier matches the party’s mobile to its ID number and name, or an operator checked a document): otherwise 422 `identity_not_verified`; 503 `identity_check_unavailable` when the provider cannot answer.',
        request: {
          params: IdParamSchema.extend({ partyId: z.string().min(1).max(64) }),
          body: jsonBody(z.object({ basis: z.enum(consentBases), evidence: text({ max: 200 }).optional() }).strict()),
        },
        responses: {
          200: json(
            z.object({ partyId: z.string(), consent: ServiceConsentSchema }).openapi('PartyConsent'),
            'consent recorded',
          ),
        },
        problems: [422, 503],
      },
      async (c) => {
        const { id, partyId } = c.req.valid('param');
        const party = await recordConsent(deps, c.get('principal'), id, partyId, c.req.valid('json'));
        return c.json({ partyId: party.partyId, consent: party.consent ?? ({} as never) }, 200);
      },
    )
    .operation(
      'post',
      '/{id}/extension',
      {
        operationId: 'agreeToExtension',
        summary: 'Agree to extend mediation by 30 days (applies when every party agreed; once)',
        roles: { party: 'each party of the dispute' },
        notes: 'A dispute the caller is not a party to: 404.',
        request: { params: IdParamSchema },
        responses: {
          200: json(DisputeSchema, 'agreement recorded (and the extension applied when every party agreed)'),
        },
        problems: [422],
      },
      async (c) =>
        c.json(disputeForClient(await agreeToExtension(deps, c.get('principal'), c.req.valid('param').id)), 200),
    )
    .operation(
      'post',
      '/{id}/decline',
      {
        operationId: 'declineMediation',
        summary: 'A respondent declines mediation before it begins (the dispute closes as `declined`)',
        roles: {
          party:
            'a respondent of the dispute who has joined; before joining, the join page declines with the invitation',
        },
        notes:
          'A dispute the caller is not a party to: 404; an applicant (`decline_respondent_only`) or a dispute a ' +
          'mediator already holds or that is closed (`decline_not_open`): 422. A repeat by the same respondent ' +
          'answers the declined dispute.',
        request: {
          params: IdParamSchema,
          body: jsonBody(
            z
              .object({
                reason: z.enum(declineReasons),
                note: text({ min: 1, max: 500, multiline: true }).optional(),
              })
              .strict(),
          ),
        },
        responses: { 200: json(DisputeSchema, 'declined') },
        problems: [422],
      },
      async (c) =>
        c.json(
          disputeForClient(
            await declineMediation(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
          ),
          200,
        ),
    )
    .operation(
      'post',
      '/{id}/outcome',
      {
        operationId: 'closeMediation',
        summary: 'The mediator records a failure or withdrawal with a coded reason',
        roles: { mediator: 'its mediator only' },
        notes: 'A dispute the caller does not mediate: 404.',
        request: {
          params: IdParamSchema,
          body: jsonBody(
            z
              .object({
                kind: z.enum(['failed', 'withdrawn']),
                reason: z.enum(failureReasons),
                referralSummary: text({ min: 1, max: 4000, multiline: true }).optional(),
              })
              .strict(),
          ),
        },
        responses: { 200: json(DisputeSchema, 'closed') },
        problems: [422],
      },
      async (c) =>
        c.json(
          disputeForClient(
            await closeMediation(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
          ),
          200,
        ),
    )
    .operation(
      'post',
      '/{id}/ratings',
      {
        operationId: 'rateMediation',
        summary: 'A party rates the mediation after it closed (once)',
        roles: { party: 'each party of the dispute, once; a second rating: 409' },
        notes: 'A dispute the caller is not a party to: 404.',
        request: {
          params: IdParamSchema,
          body: jsonBody(
            z
              .object({
                score: z.number().int().min(1).max(5),
                comment: text({ max: 1000, multiline: true }).optional(),
              })
              .strict(),
          ),
        },
        responses: {
          201: json(
            z.object({ mean: z.number(), count: z.number().int() }).openapi('MediatorRating'),
            "the mediator's rating now",
          ),
        },
        problems: [422],
      },
      async (c) =>
        c.json(await rateMediation(deps, c.get('principal'), c.req.valid('param').id, c.req.valid('json')), 201),
    );
}
