import { NotFound } from '../../domain/errors';
import { disputeChainId } from '../../domain/mediation/dispute';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { type ConfirmationRequest, withdrawApplication } from '../../domain/settlement/confirmation-request';
import { webhookEvent } from '../../domain/webhooks/webhook-events';
import type { OutboxMessage } from '../../ports/state-store';
import type { ConfirmationDeps } from './confirmation-facts';

export interface Withdrawal {
  request: ConfirmationRequest;
  /** False for a repeat: the application was already withdrawn. */
  changed: boolean;
}

/**
 * A party withdraws the application for judicial confirmation before the court rules (POST
 * /v1/confirmation-requests/{id}/withdrawal). Any party of the settlement may: confirmation needs
 * every party's application, so one party's withdrawal ends it for all. The application closes
 * (`withdrawn`), the settlement may be applied for again while its window lasts, and a court that
 * already had it (submitted or accepted) is called back with `application.withdrawn` in the same
 * commit. After a decision (or a refusal to accept) it is too late: 422 `application_closed`.
 * Anyone but a party of the settlement's dispute is told the application does not exist.
 */
export async function withdrawConfirmationApplication(
  deps: ConfirmationDeps,
  principal: Principal,
  requestId: string,
  input: { reason?: string | undefined },
): Promise<Withdrawal> {
  // The court acted (or another party withdrew) at the same moment: decide again on fresh state.
  return retryOnConflict(() => attemptWithdrawal(deps, principal, requestId, input), 3);
}

async function attemptWithdrawal(
  deps: ConfirmationDeps,
  principal: Principal,
  requestId: string,
  input: { reason?: string | undefined },
): Promise<Withdrawal> {
  const notFound = new NotFound(`no confirmation request ${requestId}`);
  const loaded = principal.role === 'party' ? await deps.store.confirmationRequests.request(requestId) : undefined;
  if (!loaded) throw notFound;
  const parties = await deps.store.disputes.parties(loaded.request.disputeId);
  const party = parties.find((candidate) => candidate.subjectId === principal.subjectId);
  if (!party || !loaded.request.requiredPartyIds.includes(party.partyId)) throw notFound;

  const now = deps.clock.now();
  const { request, changed } = withdrawApplication(loaded.request, party.partyId, now);
  if (!changed) return { request, changed };
  await deps.store.commit({
    chainId: disputeChainId(request.disputeId),
    writes: [deps.store.confirmationRequests.requestWrite(loaded.version, request)],
    event: {
      type: 'confirmation.withdrawn',
      actor: principal,
      data: {
        requestId,
        courtId: request.courtId,
        partyId: party.partyId,
        previousStatus: loaded.request.status,
        ...(input.reason ? { reason: input.reason } : {}),
      },
    },
    ...courtHearsOf(loaded.request, request, now),
  });
  return { request, changed };
}

/** The court hears of the withdrawal only if it had the application: one still gathering never reached it. */
function courtHearsOf(
  before: ConfirmationRequest,
  after: ConfirmationRequest,
  now: Date,
): { outbox?: OutboxMessage[] } {
  if (before.status === 'gathering') return {};
  return {
    outbox: [
      webhookEvent('application.withdrawn', after.courtId, now.toISOString(), {
        requestId: after.requestId,
        settlementId: after.settlementId,
        disputeId: after.disputeId,
        courtId: after.courtId,
        withdrawnAt: now.toISOString(),
      }),
    ],
  };
}
