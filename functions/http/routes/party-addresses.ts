import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { InvalidInput } from '../../../shared/domain/errors';
import { addressChannels, addressSources } from '../../../shared/domain/service/address';
import { exclusionCodes, rankingFactors } from '../../../shared/domain/service/address-ranking';
import { documentIdPattern } from '../../../shared/use-cases/documents/uploaded-documents';
import { addOwnAddresses, readOwnAddresses } from '../../../shared/use-cases/service/own-addresses';
import {
  addPartyAddresses,
  maxCandidatesPerRequest,
  rankPartyAddresses,
} from '../../../shared/use-cases/service/party-addresses';
import type { HttpDeps } from '../deps';
import { problemResponse } from '../problem';
import { json, jsonBody, routeGroup } from './route-kit';
import { text } from './schemas';

const PersonIdParamSchema = z.object({
  id: z.string().regex(/^psn_[0-9a-f]{32}$/, 'a person id (psn_ and 32 hex digits)'),
});

const CandidateSchema = z
  .object({
    channel: z.enum(addressChannels),
    value: text({ max: 500 }),
    source: z.enum(addressSources),
    observedAt: z.string().max(40).openapi({ description: 'when the source saw or gave it (ISO 8601)' }),
    reference: text({ max: 200 }).optional().openapi({ description: 'a case number, a registry, a filing' }),
    evidence: z
      .object({
        documentId: z
          .string()
          .regex(documentIdPattern, 'a document id, as its upload was offered with (POST /v1/services/documents)'),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex'),
      })
      .strict()
      .optional()
      .openapi({
        description:
          'the designation document: required for a `recipient_designated` address, else 422 `designation_needs_evidence`. Upload it first (`POST /v1/services/documents`, then PUT the bytes) and name its `documentId` and SHA-256 here. It must be your own upload (a court’s, or for an operator the platform’s) and hash to `sha256`: else 422 `document_missing` (no such upload of yours) or `document_hash_mismatch`, with the item’s `index` in `details`. The platform keeps a copy; uploads expire.',
      }),
  })
  .strict()
  .openapi('AddressCandidate');

const AddressBatchSchema = z
  .object({ addresses: z.array(CandidateSchema).min(1).max(maxCandidatesPerRequest) })
  .strict()
  .openapi('AddressBatch');

const AddressBatchResultSchema = z
  .object({
    personId: z.string(),
    received: z.number().int(),
    added: z.number().int(),
    merged: z.number().int(),
    total: z.number().int(),
  })
  .openapi('AddressBatchResult');

const FactorSchema = z.object({
  name: z.enum(rankingFactors),
  value: z.number(),
  weight: z.number(),
  contribution: z.number(),
  explanation: z.string(),
});
const AddressPlanSchema = z
  .object({
    personId: z.string(),
    consent: z.object({ basis: z.string(), recordedAt: z.string() }).nullable(),
    plan: z.array(
      z.object({
        addressId: z.string(),
        channel: z.enum(['sms', 'email']),
        value: z.string().openapi({ description: 'in full for the court handling the case, masked for operators' }),
        sources: z.array(z.enum(addressSources)),
        score: z.number(),
        completesAtDelivery: z.boolean(),
        reach: z.enum(['reaches', 'silent', 'untested']).openapi({
          description:
            'what earlier services showed: the person opened or signed there; delivered there and never opened; neither',
        }),
        factors: z.array(FactorSchema),
      }),
    ),
    excluded: z.array(
      z.object({
        addressId: z.string(),
        channel: z.string().openapi({ description: addressChannels.join(', ') }),
        value: z.string(),
        reasons: z.array(z.object({ code: z.enum(exclusionCodes), reason: z.string() })),
      }),
    ),
  })
  .openapi('AddressPlan');

/** A batch with invalid items: 400 naming each item's value by its index (else the error goes on). */
function invalidAddresses(c: Context, error: unknown): Response {
  const itemErrors = error instanceof InvalidInput ? error.details?.errors : undefined;
  if (!Array.isArray(itemErrors)) throw error;
  return problemResponse(c, {
    status: 400,
    code: 'invalid_addresses',
    detail: (error as Error).message,
    errors: (itemErrors as Array<{ index: number; code: string; message: string }>).map((item) => ({
      path: `body.addresses.${item.index}.value`,
      message: `${item.code}: ${item.message}`,
    })),
  });
}

export function partyAddressRoutes(deps: HttpDeps) {
  const defaultRegion = deps.service?.defaultRegion ?? 'CN';
  return routeGroup('/v1/parties', 'service')
    .operation(
      'post',
      '/{id}/addresses',
      {
        operationId: 'addPartyAddresses',
        summary: 'Add candidate addresses of a person (operators; a court for parties of its cases)',
        roles: { court: 'for a party of its own cases; anyone else: 404' },
        notes:
          'One or thousands of candidates; every one is normalized (E.164, default region CN; email domain lower-cased and IDN-converted). A request with any invalid item is rejected whole, with the reason for each bad item by index. Duplicates merge their sources. A `recipient_designated` address needs `evidence`: a designation document you uploaded, checked against its SHA-256 (422 otherwise; nothing is written).',
        request: { params: PersonIdParamSchema, body: jsonBody(AddressBatchSchema) },
        responses: { 200: json(AddressBatchResultSchema, 'merged into the book') },
        problems: [422],
      },
      async (c) => {
        try {
          const result = await addPartyAddresses(
            { ...deps, defaultRegion },
            c.get('principal'),
            c.req.valid('param').id,
            c.req.valid('json').addresses,
          );
          return c.json(result, 200);
        } catch (error) {
          return invalidAddresses(c, error) as never;
        }
      },
    )
    .operation(
      'get',
      '/{id}/addresses',
      {
        operationId: 'getPartyAddressPlan',
        summary: "A person's ranked service plan with reasons, and the excluded addresses with why",
        roles: { operator: 'addresses masked', court: 'for a party of its own cases, in full; anyone else: 404' },
        request: { params: PersonIdParamSchema },
        responses: { 200: json(AddressPlanSchema, 'the plan') },
      },
      async (c) => c.json(await rankPartyAddresses(deps, c.get('principal'), c.req.valid('param').id), 200),
    );
}

const OwnAddressesSchema = z
  .object({
    personId: z.string().openapi({ description: 'your person on the platform' }),
    consent: z.object({ basis: z.string(), recordedAt: z.string() }).nullable(),
    identityVerified: z.boolean().openapi({ description: 'whether you may designate addresses (verified identity)' }),
    addresses: z.array(
      z.object({
        addressId: z.string(),
        channel: z.enum(['sms', 'email']),
        value: z.string(),
        sources: z.array(z.enum(addressSources)),
      }),
    ),
  })
  .openapi('OwnAddresses');

const OwnAddressBatchSchema = z
  .object({
    addresses: z
      .array(z.object({ channel: z.enum(['sms', 'email']), value: text({ max: 320 }) }).strict())
      .min(1)
      .max(10),
    consent: z
      .boolean()
      .optional()
      .describe('true: you consent to electronic service (recorded with your verified identity, with these addresses)'),
  })
  .strict()
  .openapi('OwnAddressBatch');

/** `/v1/me/addresses`: the signed-in party's own addresses for service. */
export function ownAddressRoutes(deps: HttpDeps) {
  const defaultRegion = deps.service?.defaultRegion ?? 'CN';
  return routeGroup('/v1/me', 'service')
    .operation(
      'get',
      '/addresses',
      {
        operationId: 'getOwnAddresses',
        summary: 'Your own service addresses, with their sources, and whether you may designate more',
        roles: { party: 'a party of at least one dispute; otherwise 404' },
        notes: 'Values are shown in full: they are yours.',
        responses: { 200: json(OwnAddressesSchema, 'your addresses') },
        problems: [404, 422],
      },
      async (c) => c.json(await readOwnAddresses(deps, c.get('principal'), c.get('signInSub')), 200),
    )
    .operation(
      'post',
      '/addresses',
      {
        operationId: 'addOwnAddresses',
        summary: 'Designate your own addresses for electronic service (recipient_designated)',
        notes:
          'Needs your verified identity (422 `identity_not_verified`): a carrier match or operator document check on record, or your sign-in linked to you at a level other than `none`; an invalid value is a 400 naming it; nothing is written then. A document waiting unserved for want of an address is served at it without anyone asking again.',
        request: { body: jsonBody(OwnAddressBatchSchema) },
        responses: { 200: json(OwnAddressesSchema, 'your addresses, with the new ones') },
        problems: [404, 422],
      },
      async (c) => {
        const body = c.req.valid('json');
        try {
          return c.json(
            await addOwnAddresses({ ...deps, defaultRegion }, c.get('principal'), body.addresses, {
              ...(body.consent ? { consent: 'platform_declaration' as const } : {}),
              signInSub: c.get('signInSub'),
            }),
            200,
          );
        } catch (error) {
          return invalidAddresses(c, error) as never;
        }
      },
    );
}
