import { NotFound } from '../../domain/errors';
import {
  lapseReasons,
  type SigningLink,
  type StoredSettlement,
  settlementDocumentKey,
  settlementStatuses,
} from '../../domain/settlement/settlement';
import type { Settlements } from '../../ports/settlements';
import type { TableReads } from '../../ports/table';
import * as z from '../../validation/zod-mini';
import { currentLinkAt } from './current-link';
import { invitationFields } from './dispute-records';
import { readParsed } from './entity-attributes';

/**
 * How a settlement sits in the store (DESIGN.md flow 2).
 *
 * - Root item `{ pk: 'SETTLEMENT#<settlementId>', sk: 'ROOT' }`: the CURRENT version of the
 *   settlement, attributes = `StoredSettlement` (the domain `Settlement` plus `courtIds`), versioned
 *   as any entity (`expectedVersion`). Listed on the index under
 *   `gsi1pk = 'DISPUTE_SETTLEMENT#<disputeId>'`, `gsi1sk = '<createdAt>#<settlementId>'`.
 *   `settlement.version` (the terms' version, 1, 2, …) is not the item's store version: the store
 *   owns the attribute `version`, so the terms' version is stored as `settlementVersion`; always
 *   read with the Settlements port.
 * - Pointer item `{ pk: 'CASE#<disputeId>', sk: 'SETTLEMENT' }` with `{ settlementId }`: one
 *   settlement per dispute; created with `expectedVersion: 0` at the first recording, so two first
 *   recordings cannot both succeed. `settlementOfDispute` follows it.
 * - Superseded versions `{ pk: 'SETTLEMENT#<settlementId>', sk: 'VERSION#<nnnn>' }` (4-digit, the
 *   terms' version): a frozen copy of an earlier version with its signatures, `status: 'superseded'`,
 *   kept as evidence when the terms change.
 * - Signing links `{ pk: 'SIGNLINK#<sha256(token)>', sk: 'ROOT' }`: `SigningLink` (below): only
 *   hashes are stored; the code is salted with the token; five wrong tries lock it for 15 minutes.
 * - Documents in S3 (DocumentStore): `settlements/<settlementId>/<sha256>.json`, the canonical
 *   bytes (`application/json`), content-addressed so a recording that loses a race cannot overwrite
 *   the winner's bytes; `settlement.document` names the current one with its sha256.
 *
 * Every change of a settlement extends the DISPUTE's hash chain `CASE#<disputeId>`
 * (events `settlement.recorded`, `settlement.signed`, `settlement.effective`,
 * `settlement.signing_link_sent`, `settlement.signing_failed`).
 *
 * Visibility: its parties and its mediator (the dispute's membership items), operators, and every
 * court in `courtIds` (court ROSTER ids, `crt_…`; a court principal is mapped to its id through
 * its API client). Whoever creates a confirmation request for a
 * court appends that court's id to `courtIds` in the same commit, with `expectedVersion` = the
 * root's store version .
 * `isSettlementVisibleTo` (use-cases/settlements/settlement-access.ts) is the one check.
 *
 * Status: `awaiting_signatures` → `effective` (every party signed; `effectiveAt`,
 * `applicationDeadline` set; the dispute becomes `settled` in the same commit), or `lapsed` when
 * the mediation fails, is withdrawn or expires first (`lapsed: { reason, at }`, in the dispute's
 * closing commit, every party's open signing link revoked with it). Recording new
 * terms while awaiting signatures bumps `version`, voids signatures. An effective settlement's
 * terms cannot be changed (422 `settlement_effective`).
 */
export const settlementRecords = {
  key: (settlementId: string) => ({ pk: `SETTLEMENT#${settlementId}`, sk: 'ROOT' }),
  versionKey: (settlementId: string, version: number) => ({
    pk: `SETTLEMENT#${settlementId}`,
    sk: `VERSION#${String(version).padStart(4, '0')}`,
  }),
  pointerKey: (disputeId: string) => ({ pk: `CASE#${disputeId}`, sk: 'SETTLEMENT' }),
  disputeIndex: (disputeId: string) => `DISPUTE_SETTLEMENT#${disputeId}`,
  signingLinkKey: (tokenHash: string) => ({ pk: `SIGNLINK#${tokenHash}`, sk: 'ROOT' }),
  /** Which signing link of a party is the current one: a new one revokes it. */
  currentSigningLinkKey: (settlementId: string, partyId: string) => ({
    pk: `SIGNLINK_OF#${settlementId}#${partyId}`,
    sk: 'ROOT',
  }),
  documentKey: settlementDocumentKey,
};

const dueDay = z.string();
const obligationSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('payment'),
    debtor: z.string(),
    creditor: z.string(),
    amountMinor: z.number(),
    currency: z.string(),
    instalments: z.array(z.object({ dueDate: dueDay, amountMinor: z.number() })),
  }),
  z.object({
    kind: z.literal('act'),
    debtor: z.string(),
    creditor: z.string(),
    description: z.string(),
    dueDate: dueDay,
  }),
]);

/** The item's attributes: the store owns `version`, so the terms' version is `settlementVersion`. */
const storedSettlementSchema = z.pipe(
  z.object({
    settlementId: z.string(),
    disputeId: z.string(),
    settlementVersion: z.number(),
    obligations: z.array(obligationSchema),
    clauses: z.array(z.string()),
    subjectMatter: z.object({
      description: z.string(),
      touchesPersonalStatus: z.boolean(),
      confirmsTitle: z.boolean(),
      locationRegion: z.optional(z.string()),
    }),
    document: z.object({ key: z.string(), sha256: z.string(), size: z.number(), mediaType: z.string() }),
    signatures: z.array(
      z.object({
        partyId: z.string(),
        signedBy: z.string(),
        signedAt: z.string(),
        method: z.enum(['session', 'signing_link']),
        documentSha256: z.string(),
        client: z.object({ userAgent: z.optional(z.string()), ipHash: z.optional(z.string()) }),
      }),
    ),
    status: z.enum(settlementStatuses),
    effectiveAt: z.optional(z.string()),
    applicationDeadline: z.optional(z.object({ lastDay: z.string(), endsAt: z.string() })),
    lapsed: z.optional(z.object({ reason: z.enum(lapseReasons), at: z.string() })),
    recordedBy: z.string(),
    createdAt: z.string(),
    courtIds: z._default(z.array(z.string()), []),
  }),
  z.transform(
    ({ settlementVersion, ...settlement }): StoredSettlement => ({ ...settlement, version: settlementVersion }),
  ),
);

const signingLinkSchema: z.ZodMiniType<SigningLink> = z.object({
  ...invitationFields,
  settlementId: z.string(),
  settlementVersion: z.number(),
  requestedBy: z.string(),
  createdAt: z.string(),
});

const pointerSchema = z.object({ settlementId: z.string() });

/** The attributes of a settlement item: the store owns `version`, so the terms' version is `settlementVersion`. */
function settlementAttributes(settlement: StoredSettlement): Record<string, unknown> {
  const { version, ...rest } = settlement;
  return JSON.parse(JSON.stringify({ ...rest, settlementVersion: version })) as Record<string, unknown>;
}

export function dynamoSettlements(table: TableReads): Settlements {
  const settlement = async (settlementId: string) => {
    const loaded = await readParsed(table, settlementRecords.key(settlementId), storedSettlementSchema);
    if (!loaded) throw new NotFound(`no settlement ${settlementId}`);
    return { settlement: loaded.value, version: loaded.version };
  };
  return {
    settlement,
    settlementOfDispute: async (disputeId) => {
      const pointer = await readParsed(table, settlementRecords.pointerKey(disputeId), pointerSchema);
      return pointer ? settlement(pointer.value.settlementId) : undefined;
    },
    settlementWrite: (loaded, next) => ({
      key: settlementRecords.key(next.settlementId),
      expectedVersion: loaded.version,
      attributes: settlementAttributes(next),
      index: {
        gsi1pk: settlementRecords.disputeIndex(next.disputeId),
        gsi1sk: `${next.createdAt}#${next.settlementId}`,
      },
    }),
    supersededWrite: (previous) => ({
      key: settlementRecords.versionKey(previous.settlementId, previous.version),
      expectedVersion: 0,
      attributes: settlementAttributes({ ...previous, status: 'superseded' }),
    }),
    disputePointerWrite: (disputeId, settlementId) => ({
      key: settlementRecords.pointerKey(disputeId),
      expectedVersion: 0,
      attributes: { settlementId },
    }),
    signingLink: async (tokenHash) => {
      const loaded = await readParsed(table, settlementRecords.signingLinkKey(tokenHash), signingLinkSchema);
      return loaded ? { link: loaded.value, version: loaded.version } : undefined;
    },
    signingLinkWrite: (expectedVersion, tokenHash, link) => ({
      key: settlementRecords.signingLinkKey(tokenHash),
      expectedVersion,
      attributes: { ...link },
    }),
    currentSigningLink: (settlementId, partyId, now) =>
      currentLinkAt(
        table,
        settlementRecords.currentSigningLinkKey(settlementId, partyId),
        settlementRecords.signingLinkKey,
        now,
      ),
    currentSigningLinkWrite: (expectedVersion, settlementId, partyId, tokenHash) => ({
      key: settlementRecords.currentSigningLinkKey(settlementId, partyId),
      expectedVersion,
      attributes: { tokenHash },
    }),
  };
}
