import { shanghaiDay } from '../../domain/calendar/service-periods';
import { ConcurrentModification, RuleViolation } from '../../domain/errors';
import type { Dispute } from '../../domain/mediation/dispute';
import { disputeChainId, profileOf } from '../../domain/mediation/dispute';
import { decideOffer, exclusionReasons, rankMediators } from '../../domain/mediation/matching';
import type { Mediator } from '../../domain/mediation/mediator';
import type { Offer } from '../../domain/mediation/offer';
import { offerOutboxTypes } from '../../domain/mediation/offer';
import {
  assignableStatuses,
  type EscalationReason,
  offerDeadline,
  roundsExhausted,
} from '../../domain/mediation/offer-answers';
import { offerNotice } from '../../domain/messages/offer-notice';
import { newReferenceCode } from '../../domain/messages/reference-code';
import { platformSignature } from '../../domain/messages/sms-texts';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { OfferDeps } from './deps';

export interface OfferNextRequest {
  disputeId: string;
  actor: Principal;
  /**
   * Set by the `offer.closed` consumer: go on only while this (declined or expired) offer is still
   * the dispute's current one, so a redelivered item or a second consumer changes nothing.
   */
  afterOfferId?: string;
  /** A mediator an operator (or a batch) chose; they must pass every hard filter. */
  mediatorId?: string;
  /** Who chose: an operator or a batch (the dispute must then be triaged or awaiting assignment). */
  origin?: 'operator' | 'batch';
  /** Overrides the configured hours to answer (tests, urgent matters). */
  deadlineHours?: number;
  /** The roster, when the caller already read it (a batch); otherwise the dispute's eligibility listings are read. */
  roster?: readonly Mediator[];
}

export type OfferNextResult =
  | { outcome: 'offered'; offer: Offer; dispute: Dispute }
  | { outcome: 'awaiting_assignment'; reason: EscalationReason; dispute: Dispute }
  /** Nothing to do: the dispute moved on since the request was made (an idempotent repeat). */
  | { outcome: 'unchanged'; dispute: Dispute };

/**
 * Offer a dispute to its next mediator (DESIGN.md flow 1).
 *
 * - The first offer goes to the mediator every party picked first, when they agree; otherwise to the
 *   best candidate. Later offers go to the best eligible candidate not offered yet.
 * - An operator (or a batch) may name the mediator; a mediator failing any hard filter is refused
 *   (`mediator_not_eligible`, with the failing filters): a conflicted mediator is never offered.
 * - After `maxOfferRounds` offers declined or expired, or when no eligible candidate is left, the
 *   dispute waits for an operator (`awaiting_assignment`, with the reason in its timeline).
 * - One change: the offer (with an absolute deadline), the dispute `offered`, the notice to the
 *   mediator as a message, and outbox items that start the offer's OfferLifecycle workflow and the
 *   message's delivery. A lost race re-reads and decides again.
 */
export async function offerNext(deps: OfferDeps, request: OfferNextRequest): Promise<OfferNextResult> {
  return retryOnConflict(() => offerOnce(deps, request), 5);
}

async function offerOnce(deps: OfferDeps, request: OfferNextRequest): Promise<OfferNextResult> {
  const loaded = await deps.store.disputes.dispute(request.disputeId);
  const { dispute } = loaded;

  if (request.afterOfferId !== undefined) {
    if (dispute.status !== 'offered' || dispute.currentOfferId !== request.afterOfferId) {
      return { outcome: 'unchanged', dispute };
    }
    const { offer: closed } = await deps.store.offers.offer(request.afterOfferId);
    if (closed.status !== 'declined' && closed.status !== 'expired') return { outcome: 'unchanged', dispute };
  } else if (request.origin !== undefined) {
    if (!assignableStatuses.has(dispute.status)) {
      throw new RuleViolation(
        'dispute_not_assignable',
        `a dispute ${dispute.status.replaceAll('_', ' ')} cannot be assigned; only one triaged or awaiting assignment`,
        { details: { status: dispute.status } },
      );
    }
  } else if (dispute.status !== 'triaged') {
    throw new RuleViolation('dispute_not_assignable', `a dispute ${dispute.status} is not waiting for a first offer`, {
      details: { status: dispute.status },
    });
  }

  const now = deps.clock.now();
  const today = shanghaiDay(now);
  const profile = profileOf(dispute);
  const offered = new Set(dispute.offeredMediatorIds);
  // A batch passes the roster it read; one dispute reads only the mediators it may be offered to.
  const mediatorById = async (id: string) =>
    request.roster
      ? request.roster.find((candidate) => candidate.id === id)
      : (await deps.store.roster.mediator(id))?.value;

  let chosen: { mediator: Mediator; origin: Offer['origin'] };
  if (request.mediatorId !== undefined) {
    const mediator = await mediatorById(request.mediatorId);
    if (!mediator) {
      throw new RuleViolation('unknown_mediator', `no mediator ${request.mediatorId} on the roster`);
    }
    const failing = exclusionReasons(mediator, profile, today);
    if (failing.length > 0) {
      throw new RuleViolation(
        'mediator_not_eligible',
        `mediator ${mediator.id} fails the hard filters: ${failing.map((reason) => reason.code).join(', ')}`,
        { details: { mediatorId: mediator.id, filters: failing } },
      );
    }
    chosen = { mediator, origin: request.origin ?? 'operator' };
  } else {
    if (request.afterOfferId !== undefined && roundsExhausted(dispute)) {
      return escalate(deps, loaded, request.actor, 'max_rounds');
    }
    const rankOptions = { today, picks: dispute.picks, limit: dispute.offeredMediatorIds.length + 10 };
    const ranking = request.roster
      ? rankMediators(profile, request.roster, rankOptions)
      : await deps.rankEligible(profile, rankOptions);
    const candidates = ranking.candidates.filter((candidate) => !offered.has(candidate.mediatorId));
    if (candidates.length === 0) {
      if (request.origin !== undefined) {
        throw new RuleViolation('no_eligible_mediator', 'no mediator on the roster passes the hard filters', {
          details: { excluded: ranking.excludedCount },
        });
      }
      return escalate(deps, loaded, request.actor, 'no_eligible_candidate');
    }
    // The parties' picks decide the first offer only; later rounds go down the ranking.
    const best = candidates[0] as (typeof candidates)[number];
    const decision = (dispute.offeredMediatorIds.length === 0
      ? decideOffer(candidates, dispute.picks, dispute.partyIds)
      : undefined) ?? { mediatorId: best.mediatorId, basis: 'best_candidate' as const };
    const mediator = await mediatorById(decision.mediatorId);
    if (!mediator) throw new ConcurrentModification(`mediator ${decision.mediatorId} left the roster; rank again`);
    chosen = { mediator, origin: request.origin ?? decision.basis };
  }

  const offer: Offer = {
    offerId: deps.ids.next('ofr'),
    disputeId: dispute.id,
    mediatorId: chosen.mediator.id,
    round: dispute.offeredMediatorIds.length + 1,
    status: 'open',
    deadline: offerDeadline(now, request.deadlineHours ?? deps.settings.deadlineHours),
    createdAt: now.toISOString(),
    origin: chosen.origin,
  };
  const next: Dispute = {
    ...dispute,
    status: 'offered',
    currentOfferId: offer.offerId,
    offeredMediatorIds: [...dispute.offeredMediatorIds, chosen.mediator.id],
  };
  const reference = newReferenceCode('MS');
  const notice = deps.requestMessage({
    chainId: disputeChainId(dispute.id),
    purpose: 'offer_notice',
    content: offerNotice(chosen.mediator, dispute, offer, deps.settings.publicBaseUrl, reference),
    actor: request.actor,
    reference: { code: reference, issuer: platformSignature },
  });
  await deps.store.commit({
    chainId: notice.change.chainId,
    writes: [deps.store.offers.offerWrite(0, offer), deps.store.disputes.disputeWrite(loaded, next), ...notice.writes],
    event: {
      type: 'offer.made',
      actor: request.actor,
      data: {
        offerId: offer.offerId,
        mediatorId: offer.mediatorId,
        round: offer.round,
        origin: offer.origin,
        deadline: offer.deadline,
        noticeMessageId: notice.messageId,
      },
    },
    outbox: [
      {
        type: offerOutboxTypes.made,
        payload: { offerId: offer.offerId, disputeId: dispute.id, deadline: offer.deadline },
      },
      notice.outbox,
    ],
  });
  return { outcome: 'offered', offer, dispute: next };
}

async function escalate(
  deps: OfferDeps,
  loaded: { dispute: Dispute; version: number },
  actor: Principal,
  reason: EscalationReason,
): Promise<OfferNextResult> {
  const { dispute } = loaded;
  const next: Dispute = { ...dispute, status: 'awaiting_assignment', currentOfferId: undefined };
  await deps.store.commit({
    chainId: disputeChainId(dispute.id),
    writes: [deps.store.disputes.disputeWrite(loaded, next)],
    event: {
      type: 'dispute.awaiting_assignment',
      actor,
      data: { reason, offersMade: dispute.offeredMediatorIds.length },
    },
  });
  return { outcome: 'awaiting_assignment', reason, dispute: next };
}
