import { NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { CompetenceResult, RuleVerdict } from '../../domain/settlement/competence';
import { applicationWindow } from '../../domain/settlement/competence';
import { rejectingCourtIds } from '../../domain/settlement/confirmation-request';
import { type ConfirmationDeps, readConfirmationFacts, verdictsOn } from './confirmation-facts';

export interface EligibleCourts {
  settlementId: string;
  /** Whether an application may be made now (every rule passed). */
  eligible: boolean;
  verdicts: RuleVerdict[];
  competence: CompetenceResult;
  /** Competent courts that rejected this settlement's document: not to be applied to again. */
  rejectedCourtIds: string[];
  applicationDeadline?: { lastDay: string; endsAt: string };
}

/**
 * The pre-check (GET /v1/settlements/{id}/eligible-courts), for the settlement's parties and its
 * mediator: every rule's verdict and the competent courts with the grounds of each, and which of
 * them rejected this settlement (closed to it: a new application there is refused). Anyone else
 * is told the settlement does not exist.
 */
export async function eligibleCourts(
  deps: ConfirmationDeps,
  principal: Principal,
  settlementId: string,
): Promise<EligibleCourts> {
  const facts = await readConfirmationFacts(deps, settlementId).catch((error: unknown) => {
    if (error instanceof NotFound) throw new NotFound(`no settlement ${settlementId}`);
    throw error;
  });
  const isMediator = principal.role === 'mediator' && facts.mediator?.subjectId === principal.subjectId;
  const isParty = principal.role === 'party' && facts.parties.some((party) => party.subjectId === principal.subjectId);
  if (!isMediator && !isParty) throw new NotFound(`no settlement ${settlementId}`);

  const { settlement } = facts.loaded;
  const history = await deps.store.confirmationRequests.requestsOfSettlement(settlementId);
  const rejectedCourtIds = rejectingCourtIds(history, settlement.document.sha256);
  const verdicts = verdictsOn(deps, facts, undefined, rejectedCourtIds);
  const window = settlement.status === 'effective' ? applicationWindow(settlement, deps.calendar) : undefined;
  return {
    settlementId,
    eligible: verdicts.every((verdict) => verdict.passed),
    verdicts,
    competence: facts.competence,
    rejectedCourtIds,
    ...(window ? { applicationDeadline: { lastDay: window.lastDay, endsAt: window.endsAt.toISOString() } } : {}),
  };
}
