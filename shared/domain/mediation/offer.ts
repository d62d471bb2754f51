export const offerStatuses = ['open', 'accepted', 'declined', 'expired', 'withdrawn'] as const;
export type OfferStatus = (typeof offerStatuses)[number];

/** After this many offers declined or expired, a dispute waits for an operator. */
export const maxOfferRounds = 3;

export interface Offer {
  offerId: string;
  disputeId: string;
  mediatorId: string;
  /** 1 for the first offer of the dispute, 2 for the next candidate, ... */
  round: number;
  status: OfferStatus;
  /** Absolute time: the offer expires at this instant if still open. */
  deadline: string;
  createdAt: string;
  answeredAt?: string;
  declineReason?: string;
  /** How the mediator was chosen: the parties' unanimous pick, the best candidate, an operator, a batch. */
  origin: 'unanimous_pick' | 'best_candidate' | 'operator' | 'batch';
}

/** Outbox item types of the offer flow. */
export const offerOutboxTypes = {
  /** An offer was made: start its OfferLifecycle workflow (execution named by the offer id). */
  made: 'offer.made',
  /** An offer was declined or expired: offer the dispute to the next candidate (or escalate). */
  closed: 'offer.closed',
} as const;
