import type { CaseParty } from '../domain/mediation/case-party';
import type { Dispute, DisputeStatus } from '../domain/mediation/dispute';
import type { Invitation } from '../domain/mediation/invitation';
import type { Principal } from '../domain/principal';
import type { CurrentLink } from './links';
import type { EntityWrite, Page } from './table';

export interface LoadedDispute {
  dispute: Dispute;
  version: number;
}

type PageRequest = { limit: number; cursor?: string };

/**
 * Disputes: each an aggregate with its root (carrying the chain head), one item per case party,
 * one membership per principal who may see it (the filer, joined parties, the mediator), and one
 * rating per party once it closed. Listed by status (operators) and by member (everyone else).
 */
export interface Disputes {
  /** The dispute, or NotFound. */
  dispute(disputeId: string): Promise<LoadedDispute>;
  /** The versioned write of the dispute's root, keeping it listed under its status. */
  disputeWrite(loaded: { version: number }, next: Dispute): EntityWrite;
  /** A page of the disputes of one status, oldest first. */
  disputesByStatus(status: DisputeStatus, page: PageRequest): Promise<Page<Dispute>>;

  /** Lets `subjectId` see the dispute (created once). */
  memberWrite(dispute: Dispute, subjectId: string, as: Principal['role']): EntityWrite;
  isMember(disputeId: string, subjectId: string): Promise<boolean>;
  /** A page of the ids of the disputes `subjectId` is a member of, oldest first. */
  disputeIdsOfMember(subjectId: string, page: PageRequest): Promise<Page<string>>;

  party(disputeId: string, partyId: string): Promise<{ party: CaseParty; version: number } | undefined>;
  partyWrite(expectedVersion: number, disputeId: string, party: CaseParty): EntityWrite;
  /** Every party of the dispute (strongly consistent). */
  parties(disputeId: string): Promise<CaseParty[]>;

  /** The invitation a link's token opens (looked up by the token's hash). */
  invitation(tokenHash: string): Promise<{ invitation: Invitation; version: number } | undefined>;
  invitationWrite(expectedVersion: number, tokenHash: string, invitation: Invitation): EntityWrite;
  /** The party's current invitation and the write that revokes it (if still open). */
  currentInvitation(disputeId: string, partyId: string, now: Date): Promise<CurrentLink>;
  /** Names the party's current invitation (a new one replaces the pointer, conditional on its version). */
  currentInvitationWrite(expectedVersion: number, disputeId: string, partyId: string, tokenHash: string): EntityWrite;

  /** A party's one rating of the closed mediation (a second one fails the change). */
  ratingWrite(disputeId: string, rating: MediationRating): EntityWrite;
  /** The party's rating, if it rated the mediation. */
  rating(disputeId: string, partyId: string): Promise<MediationRating | undefined>;
}

/** A party's rating of a closed mediation. */
export interface MediationRating {
  partyId: string;
  score: number;
  comment?: string;
  at: string;
}
