import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { raw } from 'hono/html';
import { confirmationStatuses, rejectionReasons } from '../../../shared/domain/settlement/confirmation-request';
import type { StoredSettlement } from '../../../shared/domain/settlement/settlement';
import { lapseReasons, settlementStatuses } from '../../../shared/domain/settlement/settlement';
import {
  parseSettlementDocument,
  settlementDocumentFormat,
  settlementDocumentHtml,
} from '../../../shared/domain/settlement/settlement-document';
import type { SigningClient } from '../../../shared/domain/settlement/settlement-signing';
import type { SendAllowances } from '../../../shared/ports/send-allowances';
import { getSettlement, getSettlementDocument } from '../../../shared/use-cases/settlements/read-settlement';
import { recordSettlement } from '../../../shared/use-cases/settlements/record-settlement';
import type { SettlementDeps } from '../../../shared/use-cases/settlements/settlement-deps';
import { signSettlement } from '../../../shared/use-cases/settlements/sign-settlement';
import { sendSigningLink } from '../../../shared/use-cases/settlements/signing-links';
import type { AppEnv } from '../app-env';
import type { HttpDeps } from '../deps';
import { pageLayout } from '../pages/page-layout';
import { json, jsonBody, routeGroup } from './route-kit';
import { DateSchema, DeadlineSchema, IdParamSchema, RegionCodeSchema, text } from './schemas';

const PartyIdSchema = z.string().min(1).max(64);
const AmountMinorSchema = z.number().int().positive().max(Number.MAX_SAFE_INTEGER).openapi({
  description: 'in minor units (fen for CNY), above zero',
});

export const ObligationSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('payment'),
        debtor: PartyIdSchema,
        creditor: PartyIdSchema,
        amountMinor: AmountMinorSchema,
        currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
        instalments: z
          .array(z.object({ dueDate: DateSchema, amountMinor: AmountMinorSchema }).strict())
          .min(1)
          .max(120),
      })
      .strict(),
    z
      .object({
        kind: z.literal('act'),
        debtor: PartyIdSchema,
        creditor: PartyIdSchema,
        description: text({ min: 1, max: 2000, multiline: true }),
        dueDate: DateSchema,
      })
      .strict(),
  ])
  .openapi('Obligation');

export const SubjectMatterSchema = z
  .object({
    description: text({ min: 1, max: 2000, multiline: true }),
    touchesPersonalStatus: z.boolean().openapi({ description: 'identity, marriage, adoption: not confirmable' }),
    confirmsTitle: z
      .boolean()
      .openapi({ description: 'confirmation of title to property or intellectual property: not confirmable' }),
    locationRegion: RegionCodeSchema.optional(),
  })
  .strict()
  .openapi('SubjectMatter');

const SettlementTermsSchema = z
  .object({
    obligations: z.array(ObligationSchema).min(1).max(50),
    clauses: z
      .array(text({ min: 1, max: 4000, multiline: true }))
      .max(50)
      .default([]),
    subjectMatter: SubjectMatterSchema,
  })
  .strict()
  .openapi('SettlementTerms');

const SettlementSchema = z
  .object({
    settlementId: z.string(),
    disputeId: z.string(),
    version: z.number().int(),
    status: z.enum(settlementStatuses),
    obligations: z.array(ObligationSchema),
    clauses: z.array(z.string()),
    subjectMatter: SubjectMatterSchema,
    document: z.object({ sha256: z.string(), size: z.number().int(), mediaType: z.string() }),
    signatures: z.array(
      z.object({
        partyId: z.string(),
        signedBy: z.string(),
        signedAt: z.string(),
        method: z.enum(['session', 'signing_link']),
        documentSha256: z.string(),
      }),
    ),
    effectiveAt: z.string().optional().openapi({ description: 'when the last party signed' }),
    applicationDeadline: DeadlineSchema.optional().openapi({
      description: 'the last day to apply for judicial confirmation',
    }),
    lapsed: z
      .object({ reason: z.enum(lapseReasons), at: z.string() })
      .optional()
      .openapi({
        description:
          'status `lapsed`: the mediation failed, was withdrawn or expired before every party signed; its signing links are revoked and a signature is refused (422 `settlement_lapsed`)',
      }),
    recordedBy: z.string(),
    createdAt: z.string(),
  })
  .openapi('Settlement');

/** One application for the settlement's confirmation, as the settlement's readers see it. */
const SettlementConfirmationSchema = z
  .object({
    requestId: z.string().openapi({ description: 'GET /v1/confirmation-requests/{id} for the application itself' }),
    courtId: z.string(),
    courtName: z.string().optional(),
    status: z.enum(confirmationStatuses),
    openedAt: z.string(),
    submittedAt: z.string().optional(),
    acceptance: z
      .object({ accepted: z.boolean(), reasons: z.string().optional(), decidedAt: z.string() })
      .optional()
      .openapi({ description: 'the court’s answer on acceptance (reasons when not accepted)' }),
    decision: z
      .discriminatedUnion('outcome', [
        z.object({
          outcome: z.literal('confirmed'),
          rulingNumber: z.string(),
          rulingDate: z.string(),
          decidedAt: z.string(),
        }),
        z.object({
          outcome: z.literal('rejected'),
          reasons: z.array(z.enum(rejectionReasons)),
          text: z.string(),
          decidedAt: z.string(),
        }),
      ])
      .optional(),
    enforceable: z.boolean().openapi({ description: 'a confirmed settlement is enforceable' }),
    withdrawnAt: z.string().optional(),
    rulingServiceId: z.string().optional().openapi({ description: 'the service serving the ruling on the parties' }),
  })
  .openapi('SettlementConfirmation');

const SettlementWithConfirmationsSchema = SettlementSchema.extend({
  confirmations: z.array(SettlementConfirmationSchema).openapi({
    description:
      'every application for judicial confirmation made for it, oldest first (a court sees only its own): where each went, where it stands, what the court decided',
  }),
}).openapi('SettlementWithConfirmations');

/** The canonical document: what every party signs, byte for byte (canonical JSON, UTF-8). */
const SettlementDocumentSchema = z
  .object({
    format: z.literal(settlementDocumentFormat),
    settlementId: z.string(),
    disputeId: z.string(),
    settlementVersion: z.number().int(),
    parties: z.array(
      z.object({
        partyId: z.string(),
        name: z.string(),
        role: z.enum(['applicant', 'respondent']),
        kind: z.enum(['person', 'company']),
        idMasked: z.string(),
      }),
    ),
    mediator: z.object({ mediatorId: z.string(), name: z.string(), organizationId: z.string() }),
    obligations: z.array(ObligationSchema),
    clauses: z.array(z.string()),
    subjectMatter: SubjectMatterSchema,
  })
  .openapi('SettlementDocument');

const DocumentHeadersSchema = z.object({
  etag: z.string().openapi({ description: 'the SHA-256 of the canonical document, quoted' }),
  'x-document-sha256': z.string().openapi({ description: 'the SHA-256 of the canonical document' }),
  'cache-control': z.string().openapi({ description: 'no-store' }),
});

const SignatureRequestSchema = z
  .object({ documentSha256: z.string().regex(/^[0-9a-f]{64}$/, 'the document’s SHA-256, 64 hex digits') })
  .strict()
  .openapi('SignatureRequest');

const SigningLinkRequestSchema = z
  .object({
    partyId: PartyIdSchema.optional().openapi({ description: 'the party (mediators); a party asks for its own' }),
  })
  .strict()
  .openapi('SigningLinkRequest');

/** Who reads a settlement: every role, each only the settlements it is part of (anyone else: 404). */
const settlementReaders = {
  party: 'its parties',
  mediator: 'its mediator',
  court: 'a court a confirmation request was made to',
};

export function settlementDeps(deps: HttpDeps): SettlementDeps & { sendAllowances: SendAllowances } {
  return {
    sendAllowances: deps.sendAllowances,
    store: deps.store,
    clock: deps.clock,
    ids: deps.ids,
    calendar: deps.calendar,
    publicBaseUrl: deps.publicBaseUrl,
    requestMessage: deps.requestMessage,
    ...(deps.documents ? { documents: deps.documents } : {}),
  };
}

/** What a client sees of a settlement: the document's S3 key stays inside. */
export function settlementView(settlement: StoredSettlement) {
  const { courtIds: _courtIds, document, signatures, ...rest } = settlement;
  return {
    ...rest,
    document: { sha256: document.sha256, size: document.size, mediaType: document.mediaType },
    signatures: signatures.map(({ client: _client, ...signature }) => signature),
  };
}

export function signingClientOf(c: Context<AppEnv>): SigningClient {
  const userAgent = c.req.header('user-agent');
  const ip = c.get('clientAddress');
  return { ...(userAgent ? { userAgent } : {}), ...(ip && ip !== 'unknown' ? { ip } : {}) };
}

/** POST /v1/disputes/{id}/settlement: the dispute's mediator records the terms. */
export function disputeSettlementRoutes(deps: HttpDeps) {
  return routeGroup('/v1/disputes', 'settlements').operation(
    'post',
    '/{id}/settlement',
    {
      operationId: 'recordSettlement',
      summary: 'The mediator records the settlement terms (again: a new version, earlier signatures void)',
      roles: { mediator: 'its mediator only; another dispute: 404' },
      request: { params: IdParamSchema, body: jsonBody(SettlementTermsSchema) },
      responses: { 201: json(SettlementSchema, 'recorded, with the document hash every party signs') },
      problems: [422],
    },
    async (c) => {
      const settlement = await recordSettlement(
        settlementDeps(deps),
        c.get('principal'),
        c.req.valid('param').id,
        c.req.valid('json'),
      );
      return c.json(settlementView(settlement), 201);
    },
  );
}

/** GET /v1/settlements/{id}, its document, signatures and signing links. */
export function settlementRoutes(deps: HttpDeps) {
  return routeGroup('/v1/settlements', 'settlements')
    .operation(
      'get',
      '/{id}',
      {
        operationId: 'getSettlement',
        summary:
          'A settlement: terms, document hash, signatures, status, application deadline and its applications for confirmation',
        roles: settlementReaders,
        notes: 'Anyone else: 404.',
        request: { params: IdParamSchema },
        responses: { 200: json(SettlementWithConfirmationsSchema, 'the settlement and where its confirmation stands') },
      },
      async (c) => {
        const { settlement, confirmations } = await getSettlement(deps, c.get('principal'), c.req.valid('param').id);
        return c.json({ ...settlementView(settlement), confirmations }, 200);
      },
    )
    .operation(
      'get',
      '/{id}/document',
      {
        operationId: 'getSettlementDocument',
        summary: 'The canonical document (the bytes that are signed), or ?format=html a readable page',
        roles: settlementReaders,
        notes: 'Anyone else: 404.',
        request: {
          params: IdParamSchema,
          query: z.object({ format: z.enum(['canonical', 'html']).default('canonical') }).strict(),
        },
        responses: {
          200: {
            description:
              'the canonical document (canonical JSON: its bytes are what is signed) or, with `format=html`, its page',
            headers: DocumentHeadersSchema,
            content: {
              'application/json': { schema: SettlementDocumentSchema },
              'text/html': { schema: z.string().openapi({ description: 'the readable page (format=html)' }) },
            },
          },
        },
      },
      async (c) => {
        const loaded = await getSettlementDocument(deps, c.get('principal'), c.req.valid('param').id);
        const headers = { etag: `"${loaded.sha256}"`, 'x-document-sha256': loaded.sha256, 'cache-control': 'no-store' };
        if (c.req.valid('query').format === 'html') {
          const page = settlementDocumentHtml(parseSettlementDocument(loaded.content), loaded.sha256);
          return c.html(pageLayout('调解协议书 / Settlement agreement', raw(page)), 200, headers);
        }
        return c.body(new Uint8Array(loaded.content), 200, { ...headers, 'content-type': loaded.mediaType });
      },
    )
    .operation(
      'post',
      '/{id}/signatures',
      {
        operationId: 'signSettlement',
        summary: 'A party signs the current document by its SHA-256 (409 document_changed when it is not current)',
        notes: 'A settlement whose mediation ended before every party signed: 422 `settlement_lapsed`.',
        roles: { party: 'each party of the dispute, for itself; another dispute: 404' },
        request: { params: IdParamSchema, body: jsonBody(SignatureRequestSchema) },
        responses: { 201: json(SettlementSchema, 'signed (and effective when every party has signed)') },
        problems: [422],
      },
      async (c) => {
        const settlement = await signSettlement(settlementDeps(deps), c.get('principal'), c.req.valid('param').id, {
          documentSha256: c.req.valid('json').documentSha256,
          client: signingClientOf(c),
        });
        return c.json(settlementView(settlement), 201);
      },
    )
    .operation(
      'post',
      '/{id}/signing-links',
      {
        operationId: 'sendSigningLink',
        summary: 'Send a party a one-time signing link and code by SMS or email (the party itself, or the mediator)',
        roles: { party: 'its own link', mediator: 'its mediator, for a party it names' },
        notes: 'Another dispute: 404.',
        request: { params: IdParamSchema, body: jsonBody(SigningLinkRequestSchema) },
        responses: {
          202: json(
            z
              .object({
                partyId: z.string(),
                messageId: z.string(),
                channel: z.enum(['sms', 'email']),
                expiresAt: z.string(),
              })
              .openapi('SigningLinkSent'),
            'the link is on its way',
          ),
        },
        problems: [422, 429],
      },
      async (c) =>
        c.json(
          await sendSigningLink(settlementDeps(deps), c.get('principal'), c.req.valid('param').id, c.req.valid('json')),
          202,
        ),
    );
}
