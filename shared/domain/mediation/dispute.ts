import type { DisputeCategory } from './categories';

export const disputeStatuses = [
  'filed',
  'triaged',
  'offered',
  'awaiting_assignment',
  'in_mediation',
  'settled',
  'failed',
  'withdrawn',
  'expired',
  /** A respondent declined mediation before it began (the reason is recorded in the event). */
  'declined',
] as const;
export type DisputeStatus = (typeof disputeStatuses)[number];

export const disputeStages = ['pre_filing', 'in_litigation'] as const;
export type DisputeStage = (typeof disputeStages)[number];

export type Track = 'simple' | 'complex';

/** What matching needs to know about a dispute. */
export interface DisputeProfile {
  category: DisputeCategory;
  /** Claim amount in the currency's minor unit (fen for CNY), to keep money exact. */
  claimMinor: number;
  currency: string;
  /** Division code where the dispute is handled (the applicant's court area). */
  regionCode: string;
  /** Division code where the subject matter is. */
  subjectMatterRegion: string;
  /** BCP 47 primary language tag of the mediation. */
  language: string;
  crossBorder: boolean;
  /** Look-up hashes of every party and representative: the conflict-of-interest check. */
  involvedHashes: string[];
  /** Whether every party accepts online mediation; otherwise only mediators in the region qualify. */
  onlineAccepted: boolean;
}

/**
 * How long a dispute's summary may be, in characters (code points): the filing API's limit, and
 * the party's filing page's, where the category's answers head the summary and count towards it.
 */
export const summaryLength = { min: 10, max: 4000 } as const;

export interface Dispute {
  id: string;
  status: DisputeStatus;
  category: DisputeCategory;
  claim: { amountMinor: number; currency: string };
  regionCode: string;
  subjectMatterRegion: string;
  language: string;
  summary: string;
  /** The summary as mediators see it before accepting: names replaced by roles, personal data masked. */
  summaryForMediators?: string;
  stage: DisputeStage;
  onlineAccepted: boolean;
  track: Track;
  flags: { crossBorder: boolean; manyParties: boolean };
  /** The last calendar day of mediation and its instant (24:00 Asia/Shanghai). */
  mediationDeadline: { lastDay: string; endsAt: string };
  extension: { used: boolean; agreedBy: string[] };
  partyIds: string[];
  /** Look-up hashes of every party and representative (conflict-of-interest check). */
  involvedHashes: string[];
  /** Each party's ranked picks of mediators. */
  picks: Record<string, string[]>;
  /** Mediators offered so far, in order; the current offer is the last. */
  offeredMediatorIds: string[];
  currentOfferId?: string;
  mediatorId?: string;
  /** The court that invited the mediation or handles the case: it may serve documents on its parties. */
  courtId?: string;
  filedBy: { role: string; subjectId: string };
  createdAt: string;
  closedAt?: string;
  outcome?: { kind: 'failed' | 'withdrawn'; reason: string; referralSummary?: string };
  /** A respondent declined mediation before it began: who, why, when (status `declined`). */
  declined?: { partyId: string; reason: DeclineReason; note?: string; at: string };
}

/** Why a respondent declines mediation (a code the applicant's page explains, plus an optional note). */
export const declineReasons = ['prefer_court', 'claim_disputed', 'already_resolved', 'other'] as const;
export type DeclineReason = (typeof declineReasons)[number];

/** Mediation can be declined only before it begins: until a mediator holds the dispute. */
export const declinableStatuses: ReadonlySet<DisputeStatus> = new Set([
  'filed',
  'triaged',
  'offered',
  'awaiting_assignment',
]);

/** The statuses in which the mediation period runs: not yet settled, closed, declined or expired. */
export const mediationOpenStatuses: ReadonlySet<DisputeStatus> = new Set([
  'filed',
  'triaged',
  'offered',
  'awaiting_assignment',
  'in_mediation',
]);

/**
 * Whether the mediation period (30 days, extendable once: triage.ts) is over while the dispute is
 * still open: it then expires (DESIGN.md, statuses), and nothing more can be agreed in it.
 */
export function mediationPeriodOver(dispute: Pick<Dispute, 'status' | 'mediationDeadline'>, now: Date): boolean {
  return mediationOpenStatuses.has(dispute.status) && now.getTime() >= Date.parse(dispute.mediationDeadline.endsAt);
}

/** A dispute as its readers see it: the keyed hashes of the parties' ID numbers stay inside the platform. */
export type DisputeForClient = Omit<Dispute, 'involvedHashes'>;

export function disputeForClient({ involvedHashes: _hashes, ...dispute }: Dispute): DisputeForClient {
  return dispute;
}

/** The dispute's own chain (its partition): filing, joining, offers, settlement, confirmation. */
export const disputeChainId = (disputeId: string) => `CASE#${disputeId}`;

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

/** The outbox item that turns the contacts given at filing into service addresses (service/filing-contacts.ts). */
export const contactsGivenType = 'dispute.contacts_given';
