import { NotFound } from '../../domain/errors';
import type { Mediator } from '../../domain/mediation/mediator';
import type { Offer } from '../../domain/mediation/offer';
import type { Principal } from '../../domain/principal';
import type { EntityWrite, StateStore } from '../../ports/state-store';

/** Outbox item types of the offer flow. */
export const offerOutboxTypes = {
  /** An offer was made: start its OfferLifecycle workflow (execution named by the offer id). */
  made: 'offer.made',
  /** An offer was declined or expired: offer the dispute to the next candidate (or escalate). */
  closed: 'offer.closed',
} as const;

/** The platform itself, as the actor of automatic offers and expiries in a case's chain. */
export const offerActor: Principal = { role: 'operator', subjectId: 'platform:offers' };

export interface LoadedOffer {
  offer: Offer;
  version: number;
}

export async function loadOffer(store: StateStore, offerId: string): Promise<LoadedOffer> {
  return store.offers.offer(offerId);
}

export interface LoadedMediator {
  mediator: Mediator;
  version: number;
}

export async function loadMediator(store: StateStore, mediatorId: string): Promise<LoadedMediator> {
  const stored = await store.roster.mediator(mediatorId);
  if (!stored) throw new NotFound(`no mediator ${mediatorId}`);
  return { mediator: stored.value, version: stored.version };
}

/**
 * The versioned write of a mediator's root item inside a dispute's change (an accept moving the
 * load). The item is also the root of the mediator's own chain; the store keeps that chain's head.
 */
export function mediatorWrite(store: StateStore, loaded: LoadedMediator, next: Mediator): EntityWrite {
  return store.roster.mediatorWrite(loaded.version, next);
}
