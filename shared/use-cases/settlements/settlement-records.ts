import { NotFound } from '../../domain/errors';
import type { Settlement } from '../../domain/settlement/settlement';
import type { EntityWrite, StateStore, StoredEntity } from '../../ports/state-store';

/**
 * How a settlement sits in the store (DESIGN.md flow 2).
 *
 * - Root item `{ pk: 'SETTLEMENT#<settlementId>', sk: 'ROOT' }`: the CURRENT version of the
 *   settlement, attributes = `StoredSettlement` (the domain `Settlement` plus `courtIds`), versioned
 *   as any entity (`expectedVersion`). Listed on the index under
 *   `gsi1pk = 'DISPUTE_SETTLEMENT#<disputeId>'`, `gsi1sk = '<createdAt>#<settlementId>'`.
 *   `settlement.version` (the terms' version, 1, 2, …) is not the item's store version: the store
 *   owns the attribute `version`, so the terms' version is stored as `settlementVersion`; always
 *   read with `settlementFromEntity`/`loadSettlement` and write with `settlementWrite`.
 * - Pointer item `{ pk: 'CASE#<disputeId>', sk: 'SETTLEMENT' }` with `{ settlementId }`: one
 *   settlement per dispute; created with `expectedVersion: 0` at the first recording, so two first
 *   recordings cannot both succeed. `loadSettlementOfDispute(store, disputeId)` follows it.
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
 * `courtRecords.clientIndex(principal.subjectId)`). Whoever creates a confirmation request for a
 * court appends that court's id to `courtIds` in the same commit, with `expectedVersion` = the
 * root's store version (use `settlementWrite(loaded, { ...settlement, courtIds: [...] })`).
 * `isSettlementVisibleTo(store, principal, settlement)` in settlement-access.ts is the one check.
 *
 * Status: `awaiting_signatures` → `effective` (every party signed; `effectiveAt`,
 * `applicationDeadline` set; the dispute becomes `settled` in the same commit). Recording new
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
  documentKey: (settlementId: string, sha256: string) => `settlements/${settlementId}/${sha256}.json`,
};

/** The settlement as stored: the domain entity and the courts it went to. */
export interface StoredSettlement extends Settlement {
  /** Courts (their principal subjectIds) a confirmation request for this settlement was made to. */
  courtIds: string[];
}

export interface LoadedSettlement {
  settlement: StoredSettlement;
  /** The root item's store version, for the next conditional write. */
  version: number;
}

/** A one-time signing link for one party and one version of the terms. */
export interface SigningLink {
  settlementId: string;
  disputeId: string;
  partyId: string;
  /** The terms' version it was sent for: a link for voided terms signs nothing. */
  settlementVersion: number;
  codeHash: string;
  expiresAt: string;
  failedAttempts: number;
  lockedUntil?: string;
  usedAt?: string;
  /** When a newer link for the same party replaced it. */
  revokedAt?: string;
  requestedBy: string;
  createdAt: string;
}

export function settlementFromEntity(entity: StoredEntity): StoredSettlement {
  const { settlementVersion, ...attributes } = entity.attributes as unknown as Omit<StoredSettlement, 'version'> & {
    settlementVersion: number;
  };
  return { ...attributes, version: settlementVersion, courtIds: attributes.courtIds ?? [] };
}

/** The attributes of a settlement item: the store owns `version`, so the terms' version is `settlementVersion`. */
export function settlementAttributes(settlement: StoredSettlement): Record<string, unknown> {
  const { version, ...rest } = settlement;
  return JSON.parse(JSON.stringify({ ...rest, settlementVersion: version })) as Record<string, unknown>;
}

export async function loadSettlement(store: StateStore, settlementId: string): Promise<LoadedSettlement> {
  const stored = await store.get(settlementRecords.key(settlementId));
  if (!stored) throw new NotFound(`no settlement ${settlementId}`);
  return { settlement: settlementFromEntity(stored), version: stored.version };
}

/** The dispute's settlement, if one was recorded. */
export async function loadSettlementOfDispute(
  store: StateStore,
  disputeId: string,
): Promise<LoadedSettlement | undefined> {
  const pointer = await store.get(settlementRecords.pointerKey(disputeId));
  if (!pointer) return undefined;
  return loadSettlement(store, String(pointer.attributes.settlementId));
}

/** The versioned write of a settlement's root item (pass `{ version: 0 }` to create it). */
export function settlementWrite(loaded: { version: number }, next: StoredSettlement): EntityWrite {
  return {
    key: settlementRecords.key(next.settlementId),
    expectedVersion: loaded.version,
    attributes: settlementAttributes(next),
    index: { gsi1pk: settlementRecords.disputeIndex(next.disputeId), gsi1sk: `${next.createdAt}#${next.settlementId}` },
  };
}
