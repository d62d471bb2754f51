import { NotFound, RuleViolation } from '../../domain/errors';
import { disputeChainId } from '../../domain/mediation/dispute';
import { milestoneOutbox } from '../../domain/messages/milestone-outbox';
import type { Principal } from '../../domain/principal';
import { movedOrCreatedFirst, retryOnConflict } from '../../domain/retry-on-conflict';
import { firstFailure } from '../../domain/settlement/competence';
import {
  assertNotRejectedBy,
  type ConfirmationRequest,
  isClosed,
  joinApplication,
  openApplication,
} from '../../domain/settlement/confirmation-request';
import { webhookEvent } from '../../domain/webhooks/webhook-events';
import type { EntityWrite, OutboxMessage, StateStore } from '../../ports/state-store';
import { type ConfirmationDeps, type ConfirmationFacts, readConfirmationFacts, verdictsOn } from './confirmation-facts';

export interface Application {
  request: ConfirmationRequest;
  /** `opened` for a new application, `joined` when the caller joined one, `unchanged` for a repeat. */
  outcome: 'opened' | 'joined' | 'unchanged';
}

/**
 * A party applies for judicial confirmation to a chosen court (POST
 * /v1/settlements/{id}/confirmation-requests), or joins the application another party opened.
 *
 * Rules, in order (422 with the rule's code and a plain explanation): the settlement took effect
 * and every party signed it (`settlement_not_effective`); the 30 days since it took effect have
 * not run out (`application_window_closed`); the matter is confirmable (`matter_not_confirmable`);
 * the court is competent (`court_not_competent`); an open application is for the same court
 * (`application_court_mismatch`); a new application is not to a court that rejected this
 * settlement (`rejected_by_this_court`). When the last party joins, the application is submitted to the
 * court: the court's 3 days to accept start, the court may now see the settlement (its `courtIds`)
 * and serve its parties. A party repeating its application gets the application as it is.
 * Anyone but a party of the settlement's dispute is told the settlement does not exist.
 */
export async function applyForConfirmation(
  deps: ConfirmationDeps,
  principal: Principal,
  settlementId: string,
  courtId: string,
): Promise<Application> {
  // Another party opened or joined at the same moment: read again and join what is there.
  return retryOnConflict(() => attemptApplication(deps, principal, settlementId, courtId), 3, movedOrCreatedFirst);
}

async function attemptApplication(
  deps: ConfirmationDeps,
  principal: Principal,
  settlementId: string,
  courtId: string,
): Promise<Application> {
  const facts = await readConfirmationFacts(deps, settlementId).catch((error: unknown) => {
    if (error instanceof NotFound) throw new NotFound(`no settlement ${settlementId}`);
    throw error;
  });
  const party = facts.parties.find(
    (candidate) => principal.role === 'party' && candidate.subjectId === principal.subjectId,
  );
  if (!party) throw new NotFound(`no settlement ${settlementId}`);

  const pointer = await deps.store.confirmationRequests.openRequestOf(settlementId);
  const open = pointer ? await deps.store.confirmationRequests.request(pointer.requestId) : undefined;
  const current = open && !isClosed(open.request) ? open : undefined;

  // A repeat by a party already in the application answers with the application as it is.
  if (current?.request.applicants.some((applicant) => applicant.partyId === party.partyId)) {
    if (current.request.courtId === courtId) return { request: current.request, outcome: 'unchanged' };
  }

  const failed = firstFailure(verdictsOn(deps, facts, courtId));
  if (failed)
    throw new RuleViolation(failed.code, failed.explanation, failed.details ? { details: failed.details } : {});

  const now = deps.clock.now();
  const applicant = { partyId: party.partyId, subjectId: principal.subjectId };
  if (current) {
    const { request: next, changed } = joinApplication(current.request, applicant, courtId, now, deps.calendar);
    if (!changed) return { request: next, outcome: 'unchanged' };
    await deps.store.commit({
      chainId: disputeChainId(next.disputeId),
      writes: [
        deps.store.confirmationRequests.requestWrite(current.version, next),
        ...(await submissionWrites(deps.store, facts, next)),
      ],
      event: {
        type: next.status === 'submitted' ? 'confirmation.submitted' : 'confirmation.joined',
        actor: principal,
        data: eventData(next, party.partyId),
      },
      ...submittedOutbox(next),
    });
    return { request: next, outcome: 'joined' };
  }

  const { settlement } = facts.loaded;
  // A new application: the court must not be one that already rejected this document.
  const history = await deps.store.confirmationRequests.requestsOfSettlement(settlementId);
  assertNotRejectedBy(history, courtId, settlement.document.sha256);
  const request = openApplication({
    requestId: deps.ids.next('cfr'),
    settlementId,
    disputeId: settlement.disputeId,
    settlementVersion: settlement.version,
    documentSha256: settlement.document.sha256,
    courtId,
    requiredPartyIds: facts.parties.map((candidate) => candidate.partyId),
    applicant,
    now,
    calendar: deps.calendar,
  });
  await deps.store.commit({
    chainId: disputeChainId(request.disputeId),
    writes: [
      deps.store.confirmationRequests.requestWrite(0, request),
      deps.store.confirmationRequests.openRequestWrite(pointer?.version ?? 0, settlementId, request.requestId),
      ...(await submissionWrites(deps.store, facts, request)),
    ],
    event: {
      type: request.status === 'submitted' ? 'confirmation.submitted' : 'confirmation.opened',
      actor: principal,
      data: eventData(request, party.partyId),
    },
    ...(request.status === 'submitted' ? submittedOutbox(request) : { outbox: [toJoinOutbox(request)] }),
  });
  return { request, outcome: 'opened' };
}

/**
 * What submission adds: the court joins the settlement's `courtIds` (it may read it) and gets the
 * membership items that let it serve the dispute's parties (flow 3), where it has none yet.
 */
async function submissionWrites(
  store: StateStore,
  facts: ConfirmationFacts,
  request: ConfirmationRequest,
): Promise<EntityWrite[]> {
  if (request.status !== 'submitted') return [];
  const { settlement } = facts.loaded;
  const writes: EntityWrite[] = [];
  if (!settlement.courtIds.includes(request.courtId)) {
    writes.push(
      store.settlements.settlementWrite(facts.loaded, {
        ...settlement,
        courtIds: [...settlement.courtIds, request.courtId],
      }),
    );
  }
  const hashes = [...new Set(facts.parties.map((party) => party.personHash))];
  const missing = (
    await Promise.all(
      hashes.map(async (hash) =>
        (await store.people.courtMembershipExists(hash, request.courtId, request.disputeId)) ? undefined : hash,
      ),
    )
  ).filter((hash): hash is string => hash !== undefined);
  writes.push(...store.people.courtMembershipWrites(request.courtId, request.disputeId, missing));
  return writes;
}

function eventData(request: ConfirmationRequest, partyId: string): Record<string, unknown> {
  return {
    requestId: request.requestId,
    settlementId: request.settlementId,
    courtId: request.courtId,
    partyId,
    status: request.status,
    ...(request.acceptanceDeadline ? { acceptanceDeadline: request.acceptanceDeadline.lastDay } : {}),
  };
}

/**
 * An application opened by one party waits for the others (`gathering`): they are told to join it
 * (milestone `application_to_join`), or it would reach the court only if they happened to look.
 */
function toJoinOutbox(request: ConfirmationRequest): OutboxMessage {
  const joined = new Set(request.applicants.map((applicant) => applicant.partyId));
  return milestoneOutbox({
    milestone: 'application_to_join',
    disputeId: request.disputeId,
    settlementId: request.settlementId,
    courtId: request.courtId,
    toPartyIds: request.requiredPartyIds.filter((partyId) => !joined.has(partyId)),
  });
}

/**
 * Once every party has applied, the court hears of the submission by callback
 * (`application.submitted`) and each party that the application went to the court; both are
 * written with the submission itself, so they follow at least once.
 */
function submittedOutbox(request: ConfirmationRequest): { outbox?: OutboxMessage[] } {
  if (request.status !== 'submitted' || !request.submittedAt) return {};
  return {
    outbox: [
      webhookEvent('application.submitted', request.courtId, request.submittedAt, {
        requestId: request.requestId,
        settlementId: request.settlementId,
        disputeId: request.disputeId,
        courtId: request.courtId,
        submittedAt: request.submittedAt,
        // The shape the court's queue shows (`Deadline`): the last day and the instant it ends.
        ...(request.acceptanceDeadline ? { acceptanceDeadline: request.acceptanceDeadline } : {}),
      }),
      milestoneOutbox({
        milestone: 'application_submitted',
        disputeId: request.disputeId,
        settlementId: request.settlementId,
        courtId: request.courtId,
      }),
    ],
  };
}
