import type { CaseParty } from '../../domain/mediation/case-party';
import {
  type Dispute,
  type DisputeForClient,
  type DisputeStatus,
  disputeChainId,
  disputeForClient,
} from '../../domain/mediation/dispute';
import type { Principal } from '../../domain/principal';
import type { Page, StateStore } from '../../ports/state-store';
import { loadVisibleDispute, partiesOf } from './dispute-access';

export interface TimelineEntry {
  seq: number;
  type: string;
  at: string;
  actorRole: string;
  data: Record<string, unknown>;
}

export interface DisputeView {
  dispute: DisputeForClient;
  parties: Array<
    Omit<CaseParty, 'personHash' | 'representatives' | 'contact' | 'serviceAddress' | 'idMasked'> & {
      representatives: string[];
      idMasked?: string;
      /** Set for a party reading: which of the parties it is. */
      you?: boolean;
    }
  >;
  timeline: TimelineEntry[];
  chain: { length: number; headHash: string };
}

/** One dispute with its parties and its timeline (the chain's events), for whoever may see it. */
export async function getDispute(
  deps: { store: StateStore },
  principal: Principal,
  disputeId: string,
): Promise<DisputeView> {
  const { dispute } = await loadVisibleDispute(deps.store, principal, disputeId);
  const [parties, chain] = await Promise.all([
    partiesOf(deps.store, disputeId),
    deps.store.readChain(disputeChainId(disputeId)),
  ]);
  const asParty = principal.role === 'party';
  return {
    dispute: disputeForClient(dispute),
    // Contacts and keyed hashes stay inside the platform; names, roles and masked IDs are shown. A
    // party sees one identifier for itself (its partyId, marked `you`) and no other party's ID
    // number or identity check, even masked.
    parties: parties.map(
      ({ personHash: _hash, contact: _contact, serviceAddress: _address, representatives, ...party }) => {
        const view = { ...party, representatives: representatives.map((rep) => rep.name) };
        if (!asParty) return view;
        const { subjectId, idMasked, consent, ...shown } = view;
        const you = subjectId === principal.subjectId;
        return { ...shown, you, ...(you ? { idMasked, ...(consent ? { consent } : {}) } : {}) };
      },
    ),
    timeline: chain.events.map((event) => ({
      seq: event.seq,
      type: event.type,
      at: event.at,
      actorRole: event.actor.role,
      data: asParty ? withoutIdentifiers(event.data) : event.data,
    })),
    chain: { length: chain.head.seq, headHash: chain.head.hash },
  };
}

/** What of an event a party may not read: ID numbers (even masked) and others' identity checks. */
const hiddenFromParties = new Set(['idMasked', 'identityAssurance', 'filerConsent', 'subjectId']);

function withoutIdentifiers(data: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(data)
      .filter(([key]) => !hiddenFromParties.has(key))
      .map(([key, member]) => [key, stripped(member)]),
  );
}

function stripped(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripped);
  if (!value || typeof value !== 'object') return value;
  return withoutIdentifiers(Object.fromEntries(Object.entries(value)));
}

/**
 * "My disputes": a party's or a mediator's through their memberships; an operator's by status
 * (default: those waiting for an operator).
 */
export async function listDisputes(
  deps: { store: StateStore },
  principal: Principal,
  query: { limit: number; cursor?: string; status?: DisputeStatus },
): Promise<Page<Dispute>> {
  const page = { limit: query.limit, ...(query.cursor ? { cursor: query.cursor } : {}) };
  if (principal.role === 'operator') {
    return deps.store.disputes.disputesByStatus(query.status ?? 'awaiting_assignment', page);
  }
  const memberships = await deps.store.disputes.disputeIdsOfMember(principal.subjectId, page);
  const disputes = await Promise.all(
    memberships.items.map((disputeId) => deps.store.disputes.dispute(disputeId).catch(() => undefined)),
  );
  const items = disputes
    .flatMap((loaded) => (loaded ? [loaded.dispute] : []))
    .filter((dispute) => query.status === undefined || dispute.status === query.status);
  return memberships.cursor ? { items, cursor: memberships.cursor } : { items };
}
