import { DomainError, RuleViolation } from '../errors';
import { maskPersonalDataInText } from '../personal-data-patterns';
import type { Dispute } from './dispute';
import { maxOfferRounds, type Offer } from './offer';

/**
 * The rules of answering an offer (DESIGN.md flow 1). An offer is open until its absolute deadline;
 * the first answer that is written wins, whether it is the mediator's accept or decline or the
 * workflow's expiry at the deadline. Everything here is pure: the use cases read, decide with these
 * rules, and write conditionally on the versions they read.
 */

/** Someone answered the offer first (the mediator in another tab, or the expiry): a lost race, 409. */
export class OfferAlreadyAnswered extends DomainError {
  readonly category = 'conflict' as const;
  readonly code = 'offer_already_answered';
}

/** The offer's deadline: an absolute instant, `hours` after it was made. */
export function offerDeadline(madeAt: Date, hours: number): string {
  return new Date(madeAt.getTime() + hours * 3_600_000).toISOString();
}

export function isPastDeadline(offer: Pick<Offer, 'deadline'>, now: Date): boolean {
  return now.getTime() >= Date.parse(offer.deadline);
}

/**
 * A mediator may answer only an open offer before its deadline: after the deadline it is
 * `offer_expired` (422: the rule says no, whether or not the expiry was already written); an offer
 * already answered is a conflict (409).
 */
export function assertAnswerable(offer: Offer, now: Date): void {
  if (offer.status === 'expired') {
    throw new RuleViolation('offer_expired', `the offer expired at ${offer.deadline}`, {
      details: { deadline: offer.deadline },
    });
  }
  if (offer.status !== 'open') {
    throw new OfferAlreadyAnswered(`the offer was already ${offer.status}`, { details: { status: offer.status } });
  }
  if (isPastDeadline(offer, now)) {
    throw new RuleViolation('offer_expired', `the offer expired at ${offer.deadline}`, {
      details: { deadline: offer.deadline },
    });
  }
}

/** A mediator never holds more disputes than their capacity, whatever the order of accepts. */
export function assertHasCapacity(mediator: { activeCases: number; capacity: number }): void {
  if (mediator.activeCases >= mediator.capacity) {
    throw new RuleViolation(
      'capacity_reached',
      `the mediator already holds ${mediator.activeCases} of a capacity of ${mediator.capacity} disputes`,
      { details: { activeCases: mediator.activeCases, capacity: mediator.capacity } },
    );
  }
}

/** Whether the expiry task should close the offer now: still open and its deadline has come. */
export function isDueToExpire(offer: Offer, now: Date): boolean {
  return offer.status === 'open' && isPastDeadline(offer, now);
}

/** Why a dispute waits for an operator instead of another automatic offer. */
export type EscalationReason = 'max_rounds' | 'no_eligible_candidate';

/**
 * Automatic offers stop after `maxOfferRounds` offers were made and closed unanswered: the dispute
 * then waits for an operator. Operators' and batch offers count as rounds too, so an operator's
 * offer that is declined late in the game goes back to the operator.
 */
export function roundsExhausted(dispute: Pick<Dispute, 'offeredMediatorIds'>): boolean {
  return dispute.offeredMediatorIds.length >= maxOfferRounds;
}

/** Statuses from which an operator (alone or in a batch) may offer the dispute to a mediator. */
export const assignableStatuses: ReadonlySet<Dispute['status']> = new Set(['triaged', 'awaiting_assignment']);

/**
 * What a mediator is told of a dispute before accepting: category, amount and a summary with any
 * phone number, email address or ID number masked, cut to a length that fits an SMS.
 */
export function maskedOfferSummary(dispute: Pick<Dispute, 'summary' | 'summaryForMediators'>, maxLength = 120): string {
  const masked = maskPersonalDataInText((dispute.summaryForMediators ?? dispute.summary).replace(/\s+/g, ' ').trim());
  return masked.length <= maxLength ? masked : `${masked.slice(0, maxLength - 1)}…`;
}
