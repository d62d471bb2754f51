import { NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { confirmationRequestForClient, overdueFlags } from '../../domain/settlement/confirmation-request';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';

/**
 * An application for judicial confirmation as the dispute's parties and its mediator read it (GET
 * /v1/confirmation-requests/{id}): where it went (the court's id and name), who has joined, the
 * deadlines the court keeps and whether it is late, its acceptance answer and decision with their
 * reasons, and the ruling's service. What identifies people stays as the application already has
 * it: parties by partyId, never by principal; the court's own reading (contacts, service
 * readiness, its documents' keys) is the court's alone. Anyone who is neither a party nor the
 * mediator of its dispute is told it does not exist; the court's queue stays the court's.
 */
export async function readParticipantApplication(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  requestId: string,
) {
  const loaded = await deps.store.confirmationRequests.request(requestId);
  const participant =
    loaded &&
    (principal.role === 'party' || principal.role === 'mediator') &&
    (await deps.store.disputes.isMember(loaded.request.disputeId, principal.subjectId));
  if (!loaded || !participant) throw new NotFound(`no confirmation request ${requestId}`);
  const { request } = loaded;
  const court = (await deps.store.roster.court(request.courtId))?.value;
  return {
    ...confirmationRequestForClient(request),
    ...overdueFlags(request, deps.clock.now()),
    court: { courtId: request.courtId, ...(court ? { name: court.name } : {}) },
  };
}
