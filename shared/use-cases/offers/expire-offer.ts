import { disputeChainId } from '../../domain/mediation/dispute';
import type { OfferStatus } from '../../domain/mediation/offer';
import { offerOutboxTypes } from '../../domain/mediation/offer';
import { isDueToExpire } from '../../domain/mediation/offer-answers';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';
import { offerActor } from './offer-flow';
import { OfferNotYetDue } from './offer-task-errors';

/**
 * The OfferLifecycle task at the offer's deadline: a still-open offer expires, by a write
 * conditional on the version read, and an `offer.closed` outbox item moves the dispute on. An answer
 * written first wins (the offer is then left as it is); an accept racing the expiry loses or wins
 * as a whole, so the outcome is one of the two, never a mix. Idempotent: a re-run finds the offer
 * closed and does nothing.
 */
export async function expireOffer(
  deps: { store: StateStore; clock: Clock },
  request: { offerId: string },
): Promise<{ status: OfferStatus; expiredNow: boolean }> {
  // A lost race (the mediator answered in the same moment) reads again and lets the answer stand.
  return retryOnConflict(async () => {
    const loaded = await deps.store.offers.offer(request.offerId);
    const { offer } = loaded;
    if (offer.status !== 'open') return { status: offer.status, expiredNow: false };
    const now = deps.clock.now();
    if (!isDueToExpire(offer, now)) {
      // The wait ended early (a clock ahead of ours): the definition retries this error.
      throw new OfferNotYetDue(`offer ${offer.offerId} is due at ${offer.deadline}`);
    }
    await deps.store.commit({
      chainId: disputeChainId(offer.disputeId),
      writes: [
        deps.store.offers.offerWrite(loaded.version, { ...offer, status: 'expired', answeredAt: now.toISOString() }),
      ],
      event: {
        type: 'offer.expired',
        actor: offerActor,
        data: { offerId: offer.offerId, mediatorId: offer.mediatorId, round: offer.round, deadline: offer.deadline },
      },
      outbox: [{ type: offerOutboxTypes.closed, payload: { disputeId: offer.disputeId, offerId: offer.offerId } }],
    });
    return { status: 'expired', expiredNow: true };
  }, 5);
}

/**
 * The OfferLifecycle workflow's Catch: records in the dispute's timeline that the expiry could not be
 * run, so an operator sees it. Recoverable: the workflow can be re-run from the top (every step is
 * idempotent), or the operator assigns the dispute.
 */
export async function recordOfferStall(
  deps: { store: StateStore },
  request: { offerId: string; error: string; cause: string },
): Promise<{ recorded: boolean }> {
  const { offer } = await deps.store.offers.offer(request.offerId);
  await deps.store.commit({
    chainId: disputeChainId(offer.disputeId),
    writes: [],
    event: {
      type: 'offer.lifecycle_stalled',
      actor: offerActor,
      data: { offerId: offer.offerId, status: offer.status, error: request.error, cause: request.cause.slice(0, 500) },
    },
  });
  return { recorded: true };
}
