import { disputeChainId } from '../../domain/mediation/dispute';
import { milestoneOutbox } from '../../domain/messages/milestone-outbox';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import {
  type ConfirmationRequest,
  type DecisionInput,
  decide,
  decideAcceptance,
  extendRulingPeriod,
  type Transition,
} from '../../domain/settlement/confirmation-request';
import type { OutboxMessage } from '../../ports/state-store';
import type { ConfirmationDeps } from './confirmation-facts';
import { loadCourtRequest } from './court-applications';
import { type RulingDocumentDeps, verifiedRulingDocument } from './ruling-documents';

export interface CourtAction {
  request: ConfirmationRequest;
  /** False when the identical action had already been applied (the answer is the current state). */
  changed: boolean;
}

/**
 * Applies one court action to the court's own application: a repeat of the same action with the
 * same content changes nothing and answers with the current state; a different answer to a
 * question already answered is a 409. A write that loses a race is retried on fresh state, so two
 * identical requests at once both end with the same answer.
 */
async function act(
  deps: ConfirmationDeps,
  principal: Principal,
  requestId: string,
  transition: (request: ConfirmationRequest, now: Date) => Transition,
  describe: (next: ConfirmationRequest) => { type: string; data: Record<string, unknown>; outbox?: OutboxMessage[] },
): Promise<CourtAction> {
  return retryOnConflict(async () => {
    const loaded = await loadCourtRequest(deps.store, principal, requestId);
    const { request, changed } = transition(loaded.request, deps.clock.now());
    if (!changed) return { request, changed };
    const { type, data, outbox } = describe(request);
    await deps.store.commit({
      chainId: disputeChainId(request.disputeId),
      writes: [deps.store.confirmationRequests.requestWrite(loaded.version, request)],
      event: { type, actor: principal, data: { requestId, courtId: request.courtId, ...data } },
      ...(outbox ? { outbox } : {}),
    });
    return { request, changed };
  }, 3);
}

/**
 * The court accepts the application for review (the 15-day ruling period starts) or does not
 * accept it, with reasons (SPC Provisions on Judicial Confirmation art. 7: within 3 days).
 */
export function answerAcceptance(
  deps: ConfirmationDeps,
  principal: Principal,
  requestId: string,
  answer: { accepted: boolean; reasons?: string },
): Promise<CourtAction> {
  return act(
    deps,
    principal,
    requestId,
    (request, now) => decideAcceptance(request, answer, now, deps.calendar),
    (next) => ({
      type: 'confirmation.acceptance',
      data: {
        accepted: next.acceptance?.accepted ?? false,
        late: next.acceptance?.late ?? false,
        ...(next.rulingDeadline ? { rulingDeadline: next.rulingDeadline.lastDay } : {}),
      },
      outbox: [
        milestoneOutbox({
          milestone: next.acceptance?.accepted ? 'application_accepted' : 'application_not_accepted',
          disputeId: next.disputeId,
          courtId: next.courtId,
        }),
      ],
    }),
  );
}

/** The court extends its ruling period once, by 10 days (SPC Provisions art. 10). */
export function extendRuling(
  deps: ConfirmationDeps,
  principal: Principal,
  requestId: string,
  input: { reason?: string },
): Promise<CourtAction> {
  return act(
    deps,
    principal,
    requestId,
    (request, now) => extendRulingPeriod(request, input, now, deps.calendar),
    (next) => ({ type: 'confirmation.extended', data: { rulingDeadline: next.rulingDeadline?.lastDay } }),
  );
}

/**
 * The court rules. A confirmed settlement becomes enforceable (the request's `enforceable`, and the
 * dispute's chain records it); either way `confirmation.decided` goes to the outbox, from which the
 * ruling is served on every party. When the decision names the court's own ruling document (its
 * id and SHA-256), the upload is checked first (`verifiedRulingDocument`): a missing, empty,
 * oversized or differently hashed document is a 422 and the application stays undecided.
 */
export async function recordDecision(
  deps: RulingDocumentDeps,
  principal: Principal,
  requestId: string,
  input: DecisionInput,
): Promise<CourtAction> {
  const verified = input.document
    ? await verifiedRulingDocument(deps, principal, requestId, input.document)
    : undefined;
  return act(
    deps,
    principal,
    requestId,
    (request, now) => decide(request, input, now, verified),
    (next) => ({
      type: 'confirmation.decided',
      data: {
        outcome: next.decision?.outcome,
        enforceable: next.enforceable,
        settlementId: next.settlementId,
        ...(next.decision?.document
          ? {
              document: {
                documentId: next.decision.document.documentId,
                sha256: next.decision.document.sha256,
                size: next.decision.document.size,
                mediaType: next.decision.document.mediaType,
              },
            }
          : {}),
        ...(next.decision?.outcome === 'confirmed'
          ? { rulingNumber: next.decision.rulingNumber, rulingDate: next.decision.rulingDate }
          : { reasons: next.decision?.outcome === 'rejected' ? next.decision.reasons : [] }),
      },
      outbox: [
        { type: 'confirmation.decided', payload: { requestId, outcome: next.decision?.outcome } },
        milestoneOutbox({
          milestone: next.decision?.outcome === 'confirmed' ? 'settlement_confirmed' : 'settlement_rejected',
          disputeId: next.disputeId,
          courtId: next.courtId,
        }),
      ],
    }),
  );
}
