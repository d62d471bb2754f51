import type { DisputeCategory } from '../../domain/mediation/categories';
import type { Offer, OfferStatus } from '../../domain/mediation/offer';
import { maskedOfferSummary } from '../../domain/mediation/offer-answers';
import type { Principal } from '../../domain/principal';
import type { StateStore } from '../../ports/state-store';
import { everyItem } from '../../ports/table';

export interface OfferView extends Offer {
  /** What the mediator may know of the dispute before accepting: nothing that names a party. */
  dispute: { category: DisputeCategory; claim: { amountMinor: number; currency: string }; summary: string };
}

/**
 * A mediator's own offers, newest first, optionally of one status, each with the masked summary of
 * its dispute. Anyone who is not a mediator on the roster has none.
 */
export async function listMyOffers(
  deps: { store: StateStore },
  principal: Principal,
  filter: { status?: OfferStatus } = {},
): Promise<OfferView[]> {
  if (principal.role !== 'mediator') return [];
  const mediatorId = await deps.store.roster.mediatorIdOfSubject(principal.subjectId);
  if (mediatorId === undefined) return [];

  const offers = await everyItem((page) => deps.store.offers.offersOfMediator(mediatorId, page), 100);

  const wanted = offers
    .filter((offer) => filter.status === undefined || offer.status === filter.status)
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return Promise.all(
    wanted.map(async (offer) => {
      const { dispute } = await deps.store.disputes.dispute(offer.disputeId);
      return {
        ...offer,
        dispute: { category: dispute.category, claim: dispute.claim, summary: maskedOfferSummary(dispute) },
      };
    }),
  );
}
