import type { Principal } from '../../domain/principal';

/** Outbox item types of the offer flow. */
export const offerOutboxTypes = {
  /** An offer was made: start its OfferLifecycle workflow (execution named by the offer id). */
  made: 'offer.made',
  /** An offer was declined or expired: offer the dispute to the next candidate (or escalate). */
  closed: 'offer.closed',
} as const;

/** The platform itself, as the actor of automatic offers and expiries in a case's chain. */
export const offerActor: Principal = { role: 'operator', subjectId: 'platform:offers' };
