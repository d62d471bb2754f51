import { z } from '@hono/zod-openapi';
import { idKinds } from '../../../shared/domain/identity/identity-assurance';
import { recordIdentityDocumentCheck } from '../../../shared/use-cases/disputes/record-identity-document-check';
import type { HttpDeps } from '../deps';
import { json, jsonBody, routeGroup } from './route-kit';
import { IdParamSchema } from './schemas';

/** The level a consent or designation rests on, as recorded with it and in the chained events. */
export const IdentityAssuranceSchema = z
  .object({
    level: z.enum(['carrier_3f', 'operator_document']),
    checkedAt: z.string(),
    providerReference: z.string().optional().openapi({ description: 'carrier_3f: the provider’s reference' }),
    documentKind: z.enum(idKinds).optional(),
    documentId: z.string().optional(),
    documentSha256: z.string().optional(),
    checkedBy: z.string().optional().openapi({ description: 'operator_document: the operator' }),
  })
  .openapi('IdentityAssurance');

const DocumentCheckSchema = z
  .object({
    documentKind: z.enum(idKinds).openapi({ description: 'must be the kind of ID the party is known by' }),
    documentId: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._:/-]{0,99}$/, 'a reference of letters, digits and . _ : / - (at most 100)')
      .openapi({ description: 'the reference of the document scan in the records system (not the ID number)' }),
    documentSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/, 'SHA-256 as 64 lower-case hex digits')
      .openapi({ description: 'SHA-256 of the document scan' }),
  })
  .strict()
  .openapi('IdentityDocumentCheck');

/**
 * POST /v1/disputes/{id}/parties/{partyId}/identity-checks: an operator records that they checked
 * a party's identity document, which lifts the party to `operator_document` (DESIGN.md, Identity).
 */
export function identityCheckRoutes(deps: HttpDeps) {
  return routeGroup('/v1/disputes', 'mediation').operation(
    'post',
    '/{id}/parties/{partyId}/identity-checks',
    {
      operationId: 'recordIdentityDocumentCheck',
      summary: "An operator records a check of a party's identity document (level `operator_document`)",
      notes:
        'The party must have joined (422 `party_not_joined`); the document must be of the kind ' +
        'of ID the party is known by (422 `document_kind_mismatch`). Passports, travel permits and companies reach a verified ' +
        'identity only this way; the party may then consent to electronic service and designate addresses.',
      request: {
        params: IdParamSchema.extend({ partyId: z.string().min(1).max(64) }),
        body: jsonBody(DocumentCheckSchema),
      },
      responses: {
        201: json(
          z.object({ partyId: z.string(), identityAssurance: IdentityAssuranceSchema }).openapi('PartyIdentityCheck'),
          'the check is recorded',
        ),
      },
      problems: [422],
    },
    async (c) => {
      const { id, partyId } = c.req.valid('param');
      return c.json(await recordIdentityDocumentCheck(deps, c.get('principal'), id, partyId, c.req.valid('json')), 201);
    },
  );
}
