import type { Offer } from '../domain/mediation/offer';
import type { EntityWrite, Page } from './table';

export interface LoadedOffer {
  offer: Offer;
  version: number;
}

/**
 * Offers of a dispute to a mediator: each in its own partition (a mediator answers it by id), its
 * changes extending the dispute's chain, listed by mediator.
 */
export interface Offers {
  /** The offer, or NotFound. */
  offer(offerId: string): Promise<LoadedOffer>;
  offerWrite(expectedVersion: number, offer: Offer): EntityWrite;
  /** A page of the mediator's offers, oldest first. */
  offersOfMediator(mediatorId: string, page: { limit: number; cursor?: string }): Promise<Page<Offer>>;
}
