import type { Dispute } from './dispute';

/** A rating's score: whole stars from 1 to 5. */
export const ratingScores = [1, 2, 3, 4, 5] as const;

export type RatingScore = (typeof ratingScores)[number];

/** The statuses in which a mediation has closed: settled, failed, withdrawn, or out of time. */
const closedStatuses: ReadonlySet<Dispute['status']> = new Set(['settled', 'failed', 'withdrawn', 'expired']);

/**
 * A mediation is rated by its parties once it has closed, and only when a mediator ran it (a
 * dispute that closed before any mediator accepted has nobody to rate).
 */
export function ratingIsOpen(dispute: Pick<Dispute, 'status' | 'mediatorId'>): boolean {
  return closedStatuses.has(dispute.status) && dispute.mediatorId !== undefined;
}
