import { NotFound } from '../../domain/errors';
import type { Dispute } from '../../domain/mediation/dispute';
import { disputeChainId } from '../../domain/mediation/dispute';
import type { Mediator } from '../../domain/mediation/mediator';
import type { Offer } from '../../domain/mediation/offer';
import { offerOutboxTypes } from '../../domain/mediation/offer';
import { assertAnswerable, assertHasCapacity, OfferAlreadyAnswered } from '../../domain/mediation/offer-answers';
import { milestoneOutbox } from '../../domain/messages/milestone-outbox';
import type { Principal } from '../../domain/principal';
import { movedOrCreatedFirst, retryOnConflict } from '../../domain/retry-on-conflict';
import type { Clock } from '../../ports/clock';
import type { LoadedOffer } from '../../ports/offers';
import type { StateStore, Versioned } from '../../ports/state-store';

type AnswerDeps = { store: StateStore; clock: Clock };

/** Lost races are re-read and decided again; many mediators' accepts can queue on one mediator item. */
const raceAttempts = 40;

/**
 * Accept an offer (the offered mediator only: to anyone else it does not exist, 404).
 *
 * Rules: the offer is open and before its deadline (else `offer_expired`, 422, or
 * `offer_already_answered`, 409); the mediator has room (`capacity_reached`, 422). One change: the
 * offer accepted, the dispute `in_mediation` with its mediator, the mediator's load one higher (a
 * versioned write, so concurrent accepts of other disputes cannot push it past capacity) and the
 * mediator's membership of the dispute. A lost race is re-read and decided again: of many
 * concurrent accepts of one offer exactly one succeeds, and an expiry written first wins.
 */
export async function acceptOffer(
  deps: AnswerDeps,
  principal: Principal,
  offerId: string,
): Promise<{ offer: Offer; dispute: Dispute }> {
  return retryOnConflict(
    async () => {
      const { loadedOffer, loadedMediator } = await loadOwnOffer(deps.store, principal, offerId);
      const { offer } = loadedOffer;
      const now = deps.clock.now();
      assertAnswerable(offer, now);
      const loadedDispute = await deps.store.disputes.dispute(offer.disputeId);
      assertStillCurrent(loadedDispute.dispute, offer);
      const { value: mediator } = loadedMediator;
      assertHasCapacity(mediator);

      const accepted: Offer = { ...offer, status: 'accepted', answeredAt: now.toISOString() };
      const dispute: Dispute = {
        ...loadedDispute.dispute,
        status: 'in_mediation',
        mediatorId: mediator.id,
        currentOfferId: offer.offerId,
      };
      await deps.store.commit({
        chainId: disputeChainId(dispute.id),
        // The offer first: when it is the write that lost, that is the error the store reports.
        writes: [
          deps.store.offers.offerWrite(loadedOffer.version, accepted),
          deps.store.disputes.disputeWrite(loadedDispute, dispute),
          deps.store.roster.mediatorWrite(loadedMediator, { ...mediator, activeCases: mediator.activeCases + 1 }),
          deps.store.disputes.memberWrite(dispute, mediator.subjectId, 'mediator'),
        ],
        event: {
          type: 'offer.accepted',
          actor: principal,
          data: { offerId, mediatorId: mediator.id, round: offer.round },
        },
        outbox: [milestoneOutbox({ milestone: 'mediator_accepted', disputeId: dispute.id })],
      });
      return { offer: accepted, dispute };
    },
    raceAttempts,
    movedOrCreatedFirst,
  );
}

/**
 * Decline an offer with a reason (the offered mediator only; the same rules of time and answer as
 * accepting). The offer is closed and an `offer.closed` outbox item moves the dispute on to the next
 * candidate, or to an operator.
 */
export async function declineOffer(
  deps: AnswerDeps,
  principal: Principal,
  offerId: string,
  reason: string,
): Promise<{ offer: Offer }> {
  return retryOnConflict(
    async () => {
      const { loadedOffer } = await loadOwnOffer(deps.store, principal, offerId);
      const { offer } = loadedOffer;
      const now = deps.clock.now();
      assertAnswerable(offer, now);
      const declined: Offer = { ...offer, status: 'declined', answeredAt: now.toISOString(), declineReason: reason };
      await deps.store.commit({
        chainId: disputeChainId(offer.disputeId),
        writes: [deps.store.offers.offerWrite(loadedOffer.version, declined)],
        event: {
          type: 'offer.declined',
          actor: principal,
          data: { offerId, mediatorId: offer.mediatorId, round: offer.round, reason },
        },
        outbox: [{ type: offerOutboxTypes.closed, payload: { disputeId: offer.disputeId, offerId } }],
      });
      return { offer: declined };
    },
    raceAttempts,
    movedOrCreatedFirst,
  );
}

/** The offer, if the principal is the mediator it was made to; to anyone else it does not exist. */
async function loadOwnOffer(
  store: StateStore,
  principal: Principal,
  offerId: string,
): Promise<{ loadedOffer: LoadedOffer; loadedMediator: Versioned<Mediator> }> {
  const notFound = () => new NotFound(`no offer ${offerId}`);
  if (principal.role !== 'mediator') throw notFound();
  const loadedOffer = await store.offers.offer(offerId).catch((error: unknown) => {
    throw error instanceof NotFound ? notFound() : error;
  });
  const loadedMediator = await store.roster.mediator(loadedOffer.offer.mediatorId);
  if (!loadedMediator || loadedMediator.value.subjectId !== principal.subjectId) throw notFound();
  return { loadedOffer, loadedMediator };
}

/** An open offer whose dispute has moved on (an operator took it back) can no longer be answered. */
function assertStillCurrent(dispute: Dispute, offer: Offer): void {
  if (dispute.status !== 'offered' || dispute.currentOfferId !== offer.offerId) {
    throw new OfferAlreadyAnswered('the dispute is no longer offered to this mediator', {
      details: { disputeStatus: dispute.status },
    });
  }
}
