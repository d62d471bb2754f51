import { createRoute, z } from '@hono/zod-openapi';
import { InvalidInput } from '../../../shared/domain/errors';
import { addressChannels, addressSources } from '../../../shared/domain/service/address';
import { exclusionCodes, rankingFactors } from '../../../shared/domain/service/address-ranking';
import {
  addPartyAddresses,
  maxCandidatesPerRequest,
  rankPartyAddresses,
} from '../../../shared/use-cases/service/party-addresses';
import type { HttpDeps } from '../deps';
import { problemResponse } from '../problem';
import { apiRoutes, json, jsonBody } from './route-kit';
import { IdempotencyHeaderSchema, problemResponses, text } from './schemas';

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
        documentId: text({ min: 1, max: 128 }),
        sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lower-case hex'),
      })
      .strict()
      .optional()
      .openapi({
        description:
          'the designation document (its id and SHA-256): required for a `recipient_designated` address, else 422 `designation_needs_evidence`',
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

const addRoute = createRoute({
  method: 'post',
  path: '/{id}/addresses',
  tags: ['service'],
  operationId: 'addPartyAddresses',
  summary: 'Add candidate addresses of a person (operators; a court for parties of its cases)',
  description:
    'Roles: `operator` and `court` (for a party of its own cases; anyone else: 404). Other roles: 403. ' +
    'One or thousands of candidates; every one is normalized (E.164, default region CN; email domain lower-cased and IDN-converted). ' +
    'A request with any invalid item is rejected whole, with the reason for each bad item by index. Duplicates merge their sources.',
  request: { headers: IdempotencyHeaderSchema, params: PersonIdParamSchema, body: jsonBody(AddressBatchSchema) },
  responses: {
    200: json(AddressBatchResultSchema, 'merged into the book'),
    ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422),
  },
});

const planRoute = createRoute({
  method: 'get',
  path: '/{id}/addresses',
  tags: ['service'],
  operationId: 'getPartyAddressPlan',
  summary: "A person's ranked service plan with reasons, and the excluded addresses with why",
  description:
    'Roles: `operator` (addresses masked) and `court` (for a party of its own cases, in full; anyone else: 404). Other roles: 403.',
  request: { params: PersonIdParamSchema },
  responses: {
    200: json(AddressPlanSchema, 'the plan'),
    ...problemResponses(400, 401, 403, 404),
  },
});

export function partyAddressRoutes(deps: HttpDeps) {
  const defaultRegion = deps.service?.defaultRegion ?? 'CN';
  return apiRoutes()
    .openapi(addRoute, async (c) => {
      try {
        const result = await addPartyAddresses(
          { ...deps, defaultRegion },
          c.get('principal'),
          c.req.valid('param').id,
          c.req.valid('json').addresses,
        );
        return c.json(result, 200);
      } catch (error) {
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
        }) as never;
      }
    })
    .openapi(planRoute, async (c) =>
      c.json(await rankPartyAddresses(deps, c.get('principal'), c.req.valid('param').id), 200),
    );
}
