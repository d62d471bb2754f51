import { NotFound } from '../../domain/errors';
import type { CaseParty } from '../../domain/mediation/case-party';
import type { Dispute, DisputeProfile } from '../../domain/mediation/dispute';
import type { Offer } from '../../domain/mediation/offer';
import type { Principal } from '../../domain/principal';
import type { EntityWrite, StateStore, StoredEntity } from '../../ports/state-store';
import { personRecords } from '../people/person-records';

/**
 * How a dispute sits in the store. The dispute is an aggregate in its own partition `CASE#<id>`:
 * the root item (the dispute, carrying the chain head), one item per case party, one membership
 * item per principal who may see it (the filer, joined parties, the mediator: listed by
 * `MEMBER#<sub>` on the index), and the chain's events. Offers live in their own partition (a
 * mediator answers them by id) but their changes extend the dispute's chain.
 */
export const disputeRecords = {
  chainId: (disputeId: string) => `CASE#${disputeId}`,
  key: (disputeId: string) => ({ pk: `CASE#${disputeId}`, sk: 'ROOT' }),
  statusIndex: (status: string) => `DISPUTE_STATUS#${status}`,
  partyKey: (disputeId: string, partyId: string) => ({ pk: `CASE#${disputeId}`, sk: `PARTY#${partyId}` }),
  partyPrefix: 'PARTY#',
  memberKey: (disputeId: string, subjectId: string) => ({ pk: `CASE#${disputeId}`, sk: `MEMBER#${subjectId}` }),
  memberIndex: (subjectId: string) => `MEMBER#${subjectId}`,
  offerKey: (offerId: string) => ({ pk: `OFFER#${offerId}`, sk: 'ROOT' }),
  mediatorOffersIndex: (mediatorId: string) => `OFFERS#${mediatorId}`,
  personKey: personRecords.key,
};

export interface LoadedDispute {
  dispute: Dispute;
  version: number;
}

export async function loadDispute(store: StateStore, disputeId: string): Promise<LoadedDispute> {
  const stored = await store.get(disputeRecords.key(disputeId));
  if (!stored) throw new NotFound(`no dispute ${disputeId}`);
  return { dispute: stored.attributes as unknown as Dispute, version: stored.version };
}

/** The versioned write of the dispute's root item, keeping it listed under its status. */
export function disputeWrite(loaded: { version: number }, next: Dispute): EntityWrite {
  return {
    key: disputeRecords.key(next.id),
    expectedVersion: loaded.version,
    attributes: stripUndefined({ ...next }),
    index: { gsi1pk: disputeRecords.statusIndex(next.status), gsi1sk: `${next.createdAt}#${next.id}` },
  };
}

export function memberWrite(dispute: Dispute, subjectId: string, as: Principal['role']): EntityWrite {
  return {
    key: disputeRecords.memberKey(dispute.id, subjectId),
    expectedVersion: 0,
    attributes: { disputeId: dispute.id, role: as },
    index: { gsi1pk: disputeRecords.memberIndex(subjectId), gsi1sk: `${dispute.createdAt}#${dispute.id}` },
  };
}

export function offerFromEntity(entity: StoredEntity): Offer {
  return entity.attributes as unknown as Offer;
}

export function offerWrite(expectedVersion: number, offer: Offer): EntityWrite {
  return {
    key: disputeRecords.offerKey(offer.offerId),
    expectedVersion,
    attributes: stripUndefined({ ...offer }),
    index: {
      gsi1pk: disputeRecords.mediatorOffersIndex(offer.mediatorId),
      gsi1sk: `${offer.createdAt}#${offer.offerId}`,
    },
  };
}

export function partyFromEntity(entity: StoredEntity): CaseParty {
  return entity.attributes as unknown as CaseParty;
}

/** What matching needs of a dispute. */
export function profileOf(dispute: Dispute): DisputeProfile {
  return {
    category: dispute.category,
    claimMinor: dispute.claim.amountMinor,
    currency: dispute.claim.currency,
    regionCode: dispute.regionCode,
    subjectMatterRegion: dispute.subjectMatterRegion,
    language: dispute.language,
    crossBorder: dispute.flags.crossBorder,
    involvedHashes: dispute.involvedHashes,
    onlineAccepted: dispute.onlineAccepted,
  };
}

function stripUndefined<T extends Record<string, unknown>>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, member]) => member !== undefined)) as T;
}
