import {
  type ConfirmationRequest,
  confirmationStatuses,
  rejectionReasons,
} from '../../domain/settlement/confirmation-request';
import type { ConfirmationRequests } from '../../ports/confirmation-requests';
import type { TableReads } from '../../ports/table';
import * as z from '../../validation/zod-mini';
import { attributesOf, readParsed } from './entity-attributes';

/**
 * How applications for judicial confirmation sit in the store.
 *
 * - Root item `{ pk: 'CONFIRMATION#<requestId>', sk: 'ROOT' }`: the `ConfirmationRequest`,
 *   versioned. Listed on the index under `gsi1pk = 'COURT_CONFIRMATIONS#<courtId>#<status>'`,
 *   `gsi1sk = '<submittedAt|openedAt>#<requestId>'`: a court's queue is one query on its own
 *   partition key, so no court can page into another court's applications.
 * - Open pointer `{ pk: 'SETTLEMENT_CONFIRMATION#<settlementId>', sk: 'OPEN' }` with
 *   `{ requestId }`: the one application parties of a settlement join. Created with
 *   `expectedVersion: 0` (two parties opening at once cannot make two applications) and moved to a
 *   new application, conditional on its version, only when the previous one is closed (not
 *   accepted, rejected or withdrawn).
 * - History items `{ pk: 'SETTLEMENT_CONFIRMATION#<settlementId>', sk: 'REQUEST#<openedAt>#<requestId>' }`
 *   with `{ requestId }`: one per application the settlement ever had, written as a companion of
 *   every write of the application (the root's version orders them), so the settlement's view
 *   and the rule on re-applying after a rejection read every application, closed ones too.
 *
 * Every change extends the DISPUTE's hash chain `CASE#<disputeId>` (events
 * `confirmation.opened`, `confirmation.joined`, `confirmation.submitted`, `confirmation.acceptance`,
 * `confirmation.extended`, `confirmation.decided`).
 */
export const confirmationRecords = {
  key: (requestId: string) => ({ pk: `CONFIRMATION#${requestId}`, sk: 'ROOT' }),
  courtQueue: (courtId: string, status: string) => `COURT_CONFIRMATIONS#${courtId}#${status}`,
  openKey: (settlementId: string) => ({ pk: `SETTLEMENT_CONFIRMATION#${settlementId}`, sk: 'OPEN' }),
  historyKey: (settlementId: string, openedAt: string, requestId: string) => ({
    pk: `SETTLEMENT_CONFIRMATION#${settlementId}`,
    sk: `REQUEST#${openedAt}#${requestId}`,
  }),
  historyPrefix: 'REQUEST#',
};

const deadlineSchema = z.object({ lastDay: z.string(), endsAt: z.string() });
const documentSchema = z.object({
  documentId: z.string(),
  sha256: z.string(),
  size: z.number(),
  mediaType: z.string(),
  key: z.string(),
});
const decisionSchema = z.discriminatedUnion('outcome', [
  z.object({
    outcome: z.literal('confirmed'),
    rulingNumber: z.string(),
    rulingDate: z.string(),
    decidedAt: z.string(),
    document: z.optional(documentSchema),
    late: z.boolean(),
  }),
  z.object({
    outcome: z.literal('rejected'),
    reasons: z.array(z.enum(rejectionReasons)),
    text: z.string(),
    decidedAt: z.string(),
    document: z.optional(documentSchema),
    late: z.boolean(),
  }),
]);

const requestSchema: z.ZodMiniType<ConfirmationRequest> = z.object({
  requestId: z.string(),
  settlementId: z.string(),
  disputeId: z.string(),
  settlementVersion: z.number(),
  documentSha256: z.string(),
  courtId: z.string(),
  status: z.enum(confirmationStatuses),
  requiredPartyIds: z.array(z.string()),
  applicants: z.array(z.object({ partyId: z.string(), subjectId: z.string(), appliedAt: z.string() })),
  openedAt: z.string(),
  submittedAt: z.optional(z.string()),
  acceptanceDeadline: z.optional(deadlineSchema),
  acceptance: z.optional(
    z.object({ accepted: z.boolean(), reasons: z.optional(z.string()), decidedAt: z.string(), late: z.boolean() }),
  ),
  rulingDeadline: z.optional(deadlineSchema),
  extension: z.optional(
    z.object({ grantedAt: z.string(), reason: z.optional(z.string()), previousLastDay: z.string() }),
  ),
  decision: z.optional(decisionSchema),
  enforceable: z.boolean(),
  withdrawal: z.optional(z.object({ partyId: z.string(), at: z.string() })),
  ruling: z.optional(
    z.object({
      serviceId: z.string(),
      documentKey: z.string(),
      sha256: z.string(),
      size: z.number(),
      recordedAt: z.string(),
      cover: z.optional(z.object({ key: z.string(), sha256: z.string(), size: z.number() })),
    }),
  ),
});

const openPointerSchema = z.object({ requestId: z.string() });
const historySchema = z.object({ requestId: z.string() });

export function dynamoConfirmationRequests(table: TableReads): ConfirmationRequests {
  return {
    request: async (requestId) => {
      const loaded = await readParsed(table, confirmationRecords.key(requestId), requestSchema);
      return loaded ? { request: loaded.value, version: loaded.version } : undefined;
    },
    requestWrite: (expectedVersion, request) => ({
      key: confirmationRecords.key(request.requestId),
      expectedVersion,
      attributes: JSON.parse(JSON.stringify(request)) as Record<string, unknown>,
      index: {
        gsi1pk: confirmationRecords.courtQueue(request.courtId, request.status),
        gsi1sk: `${request.submittedAt ?? request.openedAt}#${request.requestId}`,
      },
      companions: [
        {
          kind: 'put',
          key: confirmationRecords.historyKey(request.settlementId, request.openedAt, request.requestId),
          attributes: { requestId: request.requestId },
        },
      ],
    }),
    requestsOfSettlement: async (settlementId) => {
      const listed = await table.listByPrefix(
        confirmationRecords.openKey(settlementId).pk,
        confirmationRecords.historyPrefix,
      );
      const roots = await table.getMany(
        listed.map((item) => confirmationRecords.key(z.parseOrThrow(historySchema, item.attributes).requestId)),
      );
      return roots.flatMap((root) => (root ? [z.parseOrThrow(requestSchema, root.attributes)] : []));
    },
    openRequestOf: async (settlementId) => {
      const pointer = await readParsed(table, confirmationRecords.openKey(settlementId), openPointerSchema);
      return pointer ? { requestId: pointer.value.requestId, version: pointer.version } : undefined;
    },
    openRequestWrite: (expectedVersion, settlementId, requestId) => ({
      key: confirmationRecords.openKey(settlementId),
      expectedVersion,
      attributes: attributesOf({ requestId, settlementId }),
    }),
    courtQueue: async (courtId, status, page) => {
      const result = await table.listByIndex(confirmationRecords.courtQueue(courtId, status), page);
      return { ...result, items: result.items.map((item) => z.parseOrThrow(requestSchema, item.attributes)) };
    },
  };
}
