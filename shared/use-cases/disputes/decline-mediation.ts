import { RuleViolation } from '../../domain/errors';
import type { CaseParty } from '../../domain/mediation/case-party';
import { partySubjectFor } from '../../domain/mediation/case-party';
import type { DeclineReason, Dispute } from '../../domain/mediation/dispute';
import { declinableStatuses, disputeChainId } from '../../domain/mediation/dispute';
import { milestoneOutbox } from '../../domain/messages/milestone-outbox';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { LoadedDispute } from '../../ports/disputes';
import type { EntityWrite } from '../../ports/state-store';
import { callerParty, partiesOf } from './dispute-access';
import { type JoinDeps, proveInvitation } from './join-dispute';

export interface DeclineRequest {
  reason: DeclineReason;
  /** The respondent's own words, shown to the other parties (at most 500 characters). */
  note?: string;
}

/** What the respondent reads before choosing to join or decline (DESIGN.md: the claim, before consenting). */
export interface InvitedClaim {
  disputeId: string;
  reference: string;
  status: Dispute['status'];
  category: Dispute['category'];
  claim: Dispute['claim'];
  summary: string;
  applicants: string[];
  partyName: string;
  mediationDeadline: Dispute['mediationDeadline'];
}

/**
 * A respondent who proved who it is on the join page (the code and the ID digits) reads what is
 * claimed before deciding: the category, the amount, the applicant and the summary. Reading counts
 * as a try of the code like joining does, and changes nothing else.
 */
export async function readInvitedClaim(
  deps: JoinDeps,
  token: string,
  proof: { code: string; idLastDigits: string; client: string },
): Promise<InvitedClaim> {
  const { invitation, party } = await proveInvitation(deps, token, proof);
  const { dispute } = await deps.store.disputes.dispute(invitation.disputeId);
  const parties = await partiesOf(deps.store, dispute.id);
  return {
    disputeId: dispute.id,
    reference: dispute.id.slice(-8),
    status: dispute.status,
    category: dispute.category,
    claim: dispute.claim,
    summary: dispute.summary,
    applicants: parties.filter((candidate) => candidate.role === 'applicant').map((candidate) => candidate.name),
    partyName: party.name,
    mediationDeadline: dispute.mediationDeadline,
  };
}

/**
 * A respondent declines mediation (DESIGN.md, statuses: `declined`). Mediation is voluntary: a
 * respondent may refuse it before it begins (the dispute is filed, triaged, offered or awaiting
 * assignment; once a mediator holds it, the mediator records the outcome instead). The dispute
 * closes as `declined` with the reason recorded, in the dispute's chain; a mediator's open offer
 * then finds the dispute no longer offered and cannot be accepted. Every party is told, the
 * applicant with what it can do next (a court, arbitration, or filing again), through the
 * milestone outbox. A repeat by the same respondent answers the declined dispute again and
 * changes nothing; only a respondent may decline.
 *
 * Reached two ways: with the invitation's proof on the join page (`declineByInvitation`, which
 * also closes the invitation), or by a respondent who already joined (`declineMediation`).
 */
export async function declineMediation(
  deps: Pick<JoinDeps, 'store' | 'clock'>,
  principal: Principal,
  disputeId: string,
  request: DeclineRequest,
): Promise<Dispute> {
  return retryOnConflict(async () => {
    const party = await callerParty(deps.store, principal, disputeId);
    const loaded = await deps.store.disputes.dispute(disputeId);
    return commitDecline(deps, loaded, party, principal, request, []);
  }, 5);
}

export async function declineByInvitation(
  deps: JoinDeps,
  token: string,
  proof: { code: string; idLastDigits: string; client: string },
  request: DeclineRequest,
): Promise<Dispute> {
  return retryOnConflict(async (attempt) => {
    const proven = await proveInvitation(deps, token, proof, attempt);
    const loaded = await deps.store.disputes.dispute(proven.invitation.disputeId);
    const actor: Principal = { role: 'party', subjectId: partySubjectFor(proven.party) };
    // The link is used up by the decline, as by a join: the same message cannot then join.
    const closeInvitation = deps.store.disputes.invitationWrite(proven.version, proven.tokenHash, {
      ...proven.invitation,
      usedAt: deps.clock.now().toISOString(),
    });
    return commitDecline(deps, loaded, proven.party, actor, request, [closeInvitation]);
  }, 5);
}

async function commitDecline(
  deps: Pick<JoinDeps, 'store' | 'clock'>,
  loaded: LoadedDispute,
  party: CaseParty,
  actor: Principal,
  request: DeclineRequest,
  extraWrites: EntityWrite[],
): Promise<Dispute> {
  const { dispute } = loaded;
  if (party.role !== 'respondent') {
    throw new RuleViolation('decline_respondent_only', 'only a respondent may decline mediation');
  }
  if (dispute.status === 'declined' && dispute.declined?.partyId === party.partyId) return dispute;
  if (!declinableStatuses.has(dispute.status)) {
    throw new RuleViolation('decline_not_open', `the dispute is ${dispute.status.replaceAll('_', ' ')}`, {
      details: { status: dispute.status },
    });
  }
  const now = deps.clock.now().toISOString();
  const note = request.note?.trim();
  const next: Dispute = {
    ...dispute,
    status: 'declined',
    closedAt: now,
    declined: { partyId: party.partyId, reason: request.reason, ...(note ? { note } : {}), at: now },
  };
  await deps.store.commit({
    chainId: disputeChainId(dispute.id),
    writes: [deps.store.disputes.disputeWrite(loaded, next), ...extraWrites],
    event: {
      type: 'dispute.declined',
      actor,
      data: { partyId: party.partyId, reason: request.reason, previousStatus: dispute.status, note: Boolean(note) },
    },
    outbox: [milestoneOutbox({ milestone: 'mediation_declined', disputeId: dispute.id })],
  });
  return next;
}
