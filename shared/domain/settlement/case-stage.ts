import type { DisputeStatus } from '../mediation/dispute';
import type { ConfirmationRequest, Deadline, RejectionReason } from './confirmation-request';
import type { LapseReason, Settlement } from './settlement';

/**
 * Where a case stands for one party over its whole life, and so the one next thing it does or
 * waits for: mediation (the dispute's own status), then the settlement (to sign, or lapsed when
 * the mediation ended first), then judicial confirmation (to apply for, to join, the court's
 * acceptance and review, and the outcome: confirmed and served, rejected, not accepted, withdrawn).
 * The latest application decides, since each new one follows a closed one.
 */
export type CaseStage =
  | { stage: 'mediation'; status: DisputeStatus }
  | { stage: 'sign_settlement' }
  | { stage: 'others_to_sign' }
  | { stage: 'settlement_lapsed'; reason: LapseReason }
  | { stage: 'apply'; applyBy?: Deadline }
  | { stage: 'window_closed' }
  | { stage: 'join_application' }
  | { stage: 'others_to_join' }
  | { stage: 'awaiting_acceptance'; by?: Deadline }
  | { stage: 'under_review'; by?: Deadline }
  | { stage: 'confirmed'; rulingNumber: string; rulingDate: string; served: boolean }
  | { stage: 'rejected'; reasons: RejectionReason[]; text: string }
  | { stage: 'not_accepted'; reasons?: string; applyBy?: Deadline; windowOpen: boolean }
  | { stage: 'application_withdrawn'; applyBy?: Deadline; windowOpen: boolean };

export interface CaseFacts {
  disputeStatus: DisputeStatus;
  settlement?: Pick<Settlement, 'status' | 'signatures' | 'applicationDeadline' | 'lapsed'>;
  /** The latest application for the settlement's confirmation, if any. */
  request?: Pick<
    ConfirmationRequest,
    'status' | 'applicants' | 'acceptanceDeadline' | 'rulingDeadline' | 'decision' | 'acceptance'
  >;
  /** The party reading: its own signature and joining decide what it does. */
  partyId?: string;
  /** Whether the ruling has been served on this party (electronically or otherwise). */
  rulingServed: boolean;
  now: Date;
}

export function caseStage(facts: CaseFacts): CaseStage {
  const { settlement, request } = facts;
  if (settlement?.status === 'lapsed' && settlement.lapsed) {
    return { stage: 'settlement_lapsed', reason: settlement.lapsed.reason };
  }
  if (facts.disputeStatus === 'in_mediation' && settlement?.status === 'awaiting_signatures') {
    const signed = settlement.signatures.some((signature) => signature.partyId === facts.partyId);
    return { stage: signed ? 'others_to_sign' : 'sign_settlement' };
  }
  if (settlement?.status !== 'effective') return { stage: 'mediation', status: facts.disputeStatus };
  const deadline = settlement.applicationDeadline;
  const windowOpen = !deadline || facts.now.getTime() < Date.parse(deadline.endsAt);
  const applyBy = deadline && windowOpen ? { applyBy: deadline } : {};
  if (!request) return windowOpen ? { stage: 'apply', ...applyBy } : { stage: 'window_closed' };
  switch (request.status) {
    case 'gathering': {
      const joined = request.applicants.some((applicant) => applicant.partyId === facts.partyId);
      return { stage: joined ? 'others_to_join' : 'join_application' };
    }
    case 'submitted':
      return {
        stage: 'awaiting_acceptance',
        ...(request.acceptanceDeadline ? { by: request.acceptanceDeadline } : {}),
      };
    case 'accepted':
      return { stage: 'under_review', ...(request.rulingDeadline ? { by: request.rulingDeadline } : {}) };
    case 'confirmed':
      return request.decision?.outcome === 'confirmed'
        ? {
            stage: 'confirmed',
            rulingNumber: request.decision.rulingNumber,
            rulingDate: request.decision.rulingDate,
            served: facts.rulingServed,
          }
        : { stage: 'mediation', status: facts.disputeStatus };
    case 'rejected':
      return request.decision?.outcome === 'rejected'
        ? { stage: 'rejected', reasons: request.decision.reasons, text: request.decision.text }
        : { stage: 'mediation', status: facts.disputeStatus };
    case 'not_accepted':
      return {
        stage: 'not_accepted',
        ...(request.acceptance?.reasons ? { reasons: request.acceptance.reasons } : {}),
        ...applyBy,
        windowOpen,
      };
    case 'withdrawn':
      return { stage: 'application_withdrawn', ...applyBy, windowOpen };
  }
}
