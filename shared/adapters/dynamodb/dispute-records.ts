import { assuranceLevels, idKinds } from '../../domain/identity/identity-assurance';
import { type CaseParty, consentBases, type ServiceConsent } from '../../domain/mediation/case-party';
import { disputeCategories } from '../../domain/mediation/categories';
import {
  type Dispute,
  declineReasons,
  disputeChainId,
  disputeStages,
  disputeStatuses,
} from '../../domain/mediation/dispute';
import type { Invitation } from '../../domain/mediation/invitation';
import { type Offer, offerStatuses } from '../../domain/mediation/offer';
import type { Disputes, MediationRating } from '../../ports/disputes';
import type { Offers } from '../../ports/offers';
import type { Page, TableReads } from '../../ports/table';
import * as z from '../../validation/zod-mini';
import { currentLinkAt } from './current-link';
import { attributesOf, readParsed, readParsedOrNotFound } from './entity-attributes';

/**
 * How a dispute sits in the store. The dispute is an aggregate in its own partition `CASE#<id>`:
 * the root item (the dispute, carrying the chain head), one item per case party, one membership
 * item per principal who may see it (the filer, joined parties, the mediator: listed by
 * `MEMBER#<sub>` on the index), one rating per party, and the chain's events. Offers live in their
 * own partition (a mediator answers them by id) but their changes extend the dispute's chain.
 */
export const disputeRecords = {
  key: (disputeId: string) => ({ pk: disputeChainId(disputeId), sk: 'ROOT' }),
  statusIndex: (status: string) => `DISPUTE_STATUS#${status}`,
  partyKey: (disputeId: string, partyId: string) => ({ pk: disputeChainId(disputeId), sk: `PARTY#${partyId}` }),
  partyPrefix: 'PARTY#',
  memberKey: (disputeId: string, subjectId: string) => ({ pk: disputeChainId(disputeId), sk: `MEMBER#${subjectId}` }),
  memberIndex: (subjectId: string) => `MEMBER#${subjectId}`,
  ratingKey: (disputeId: string, partyId: string) => ({ pk: disputeChainId(disputeId), sk: `RATING#${partyId}` }),
  invitationKey: (tokenHash: string) => ({ pk: `INVITE#${tokenHash}`, sk: 'ROOT' }),
  /** Which invitation of a party is the current one: a new one revokes it. */
  currentInvitationKey: (disputeId: string, partyId: string) => ({
    pk: `INVITE_OF#${disputeId}#${partyId}`,
    sk: 'ROOT',
  }),
  offerKey: (offerId: string) => ({ pk: `OFFER#${offerId}`, sk: 'ROOT' }),
  mediatorOffersIndex: (mediatorId: string) => `OFFERS#${mediatorId}`,
};

const disputeSchema: z.ZodMiniType<Dispute> = z.object({
  id: z.string(),
  status: z.enum(disputeStatuses),
  category: z.enum(disputeCategories),
  claim: z.object({ amountMinor: z.number(), currency: z.string() }),
  regionCode: z.string(),
  subjectMatterRegion: z.string(),
  language: z.string(),
  summary: z.string(),
  summaryForMediators: z.optional(z.string()),
  stage: z.enum(disputeStages),
  onlineAccepted: z.boolean(),
  track: z.enum(['simple', 'complex']),
  flags: z.object({ crossBorder: z.boolean(), manyParties: z.boolean() }),
  mediationDeadline: z.object({ lastDay: z.string(), endsAt: z.string() }),
  extension: z.object({ used: z.boolean(), agreedBy: z.array(z.string()) }),
  partyIds: z.array(z.string()),
  involvedHashes: z.array(z.string()),
  picks: z.record(z.string(), z.array(z.string())),
  offeredMediatorIds: z.array(z.string()),
  currentOfferId: z.optional(z.string()),
  mediatorId: z.optional(z.string()),
  courtId: z.optional(z.string()),
  filedBy: z.object({ role: z.string(), subjectId: z.string() }),
  createdAt: z.string(),
  closedAt: z.optional(z.string()),
  outcome: z.optional(
    z.object({ kind: z.enum(['failed', 'withdrawn']), reason: z.string(), referralSummary: z.optional(z.string()) }),
  ),
  declined: z.optional(
    z.object({ partyId: z.string(), reason: z.enum(declineReasons), note: z.optional(z.string()), at: z.string() }),
  ),
});

/** An identity assurance as parties, persons and sign-in links keep it. */
export const assuranceSchema = z.discriminatedUnion('level', [
  z.object({ level: z.literal(assuranceLevels[0]), checkedAt: z.string(), providerReference: z.optional(z.string()) }),
  z.object({
    level: z.literal(assuranceLevels[1]),
    checkedAt: z.string(),
    documentKind: z.enum(idKinds),
    documentId: z.string(),
    documentSha256: z.string(),
    checkedBy: z.string(),
  }),
]);

/** A consent to electronic service as parties and persons keep it. */
export const serviceConsentSchema: z.ZodMiniType<ServiceConsent> = z.object({
  basis: z.enum(consentBases),
  recordedAt: z.string(),
  evidence: z.optional(z.string()),
  recordedBy: z.string(),
  assurance: z.optional(assuranceSchema),
});

const addressesSchema = z.object({ phone: z.optional(z.string()), email: z.optional(z.string()) });

const partySchema: z.ZodMiniType<CaseParty> = z.object({
  partyId: z.string(),
  role: z.enum(['applicant', 'respondent']),
  kind: z.enum(['person', 'company']),
  name: z.string(),
  personHash: z.string(),
  idMasked: z.string(),
  domicile: z.object({ regionCode: z.optional(z.string()), country: z.string() }),
  contact: addressesSchema,
  representatives: z.array(z.object({ name: z.string(), lookupHash: z.string(), idMasked: z.string() })),
  subjectId: z.optional(z.string()),
  joinedAt: z.optional(z.string()),
  consent: z.optional(serviceConsentSchema),
  serviceAddress: z.optional(addressesSchema),
});

const offerSchema: z.ZodMiniType<Offer> = z.object({
  offerId: z.string(),
  disputeId: z.string(),
  mediatorId: z.string(),
  round: z.number(),
  status: z.enum(offerStatuses),
  deadline: z.string(),
  createdAt: z.string(),
  answeredAt: z.optional(z.string()),
  declineReason: z.optional(z.string()),
  origin: z.enum(['unanimous_pick', 'best_candidate', 'operator', 'batch']),
});

const membershipSchema = z.object({ disputeId: z.string() });

/** An invitation's fields, which a settlement's signing link holds too (domain SigningLink). */
export const invitationFields = {
  disputeId: z.string(),
  partyId: z.string(),
  codeHash: z.string(),
  expiresAt: z.string(),
  failedAttempts: z.number(),
  lockedUntil: z.optional(z.string()),
  usedAt: z.optional(z.string()),
  revokedAt: z.optional(z.string()),
};

const invitationSchema: z.ZodMiniType<Invitation> = z.object(invitationFields);

async function listed<T>(
  table: TableReads,
  index: string,
  schema: z.ZodMiniType<T>,
  page: { limit: number; cursor?: string },
): Promise<Page<T>> {
  const result = await table.listByIndex(index, page);
  return { ...result, items: result.items.map((item) => z.parseOrThrow(schema, item.attributes)) };
}

export function dynamoDisputes(table: TableReads): Disputes {
  return {
    dispute: async (disputeId) => {
      const loaded = await readParsedOrNotFound(
        table,
        disputeRecords.key(disputeId),
        disputeSchema,
        `dispute ${disputeId}`,
      );
      return { dispute: loaded.value, version: loaded.version };
    },
    disputeWrite: (loaded, next) => ({
      key: disputeRecords.key(next.id),
      expectedVersion: loaded.version,
      attributes: attributesOf(next),
      index: { gsi1pk: disputeRecords.statusIndex(next.status), gsi1sk: `${next.createdAt}#${next.id}` },
    }),
    disputesByStatus: (status, page) => listed(table, disputeRecords.statusIndex(status), disputeSchema, page),
    memberWrite: (dispute, subjectId, as) => ({
      key: disputeRecords.memberKey(dispute.id, subjectId),
      expectedVersion: 0,
      attributes: { disputeId: dispute.id, role: as },
      index: { gsi1pk: disputeRecords.memberIndex(subjectId), gsi1sk: `${dispute.createdAt}#${dispute.id}` },
    }),
    isMember: async (disputeId, subjectId) =>
      (await table.get(disputeRecords.memberKey(disputeId, subjectId))) !== undefined,
    disputeIdsOfMember: async (subjectId, page) => {
      const result = await listed(table, disputeRecords.memberIndex(subjectId), membershipSchema, page);
      return { ...result, items: result.items.map((membership) => membership.disputeId) };
    },
    party: async (disputeId, partyId) => {
      const loaded = await readParsed(table, disputeRecords.partyKey(disputeId, partyId), partySchema);
      return loaded ? { party: loaded.value, version: loaded.version } : undefined;
    },
    partyWrite: (expectedVersion, disputeId, party) => ({
      key: disputeRecords.partyKey(disputeId, party.partyId),
      expectedVersion,
      attributes: attributesOf(party),
    }),
    parties: async (disputeId) => {
      const items = await table.listByPrefix(disputeRecords.key(disputeId).pk, disputeRecords.partyPrefix);
      return items.map((item) => z.parseOrThrow(partySchema, item.attributes));
    },
    invitation: async (tokenHash) => {
      const loaded = await readParsed(table, disputeRecords.invitationKey(tokenHash), invitationSchema);
      return loaded ? { invitation: loaded.value, version: loaded.version } : undefined;
    },
    invitationWrite: (expectedVersion, tokenHash, invitation) => ({
      key: disputeRecords.invitationKey(tokenHash),
      expectedVersion,
      attributes: attributesOf(invitation),
    }),
    currentInvitation: (disputeId, partyId, now) =>
      currentLinkAt(table, disputeRecords.currentInvitationKey(disputeId, partyId), disputeRecords.invitationKey, now),
    currentInvitationWrite: (expectedVersion, disputeId, partyId, tokenHash) => ({
      key: disputeRecords.currentInvitationKey(disputeId, partyId),
      expectedVersion,
      attributes: { tokenHash },
    }),
    ratingWrite: (disputeId, rating) => ({
      key: disputeRecords.ratingKey(disputeId, rating.partyId),
      expectedVersion: 0,
      attributes: attributesOf(rating),
    }),
    rating: async (disputeId, partyId) =>
      (await readParsed(table, disputeRecords.ratingKey(disputeId, partyId), ratingSchema))?.value,
  };
}

const ratingSchema: z.ZodMiniType<MediationRating> = z.object({
  partyId: z.string(),
  score: z.number(),
  comment: z.optional(z.string()),
  at: z.string(),
});

export function dynamoOffers(table: TableReads): Offers {
  return {
    offer: async (offerId) => {
      const loaded = await readParsedOrNotFound(
        table,
        disputeRecords.offerKey(offerId),
        offerSchema,
        `offer ${offerId}`,
      );
      return { offer: loaded.value, version: loaded.version };
    },
    offerWrite: (expectedVersion, offer) => ({
      key: disputeRecords.offerKey(offer.offerId),
      expectedVersion,
      attributes: attributesOf(offer),
      index: {
        gsi1pk: disputeRecords.mediatorOffersIndex(offer.mediatorId),
        gsi1sk: `${offer.createdAt}#${offer.offerId}`,
      },
    }),
    offersOfMediator: (mediatorId, page) =>
      listed(table, disputeRecords.mediatorOffersIndex(mediatorId), offerSchema, page),
  };
}
