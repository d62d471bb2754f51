/**
 * When electronic service is complete (DESIGN.md, "When service is complete"), and what an attempt
 * teaches the address book (issue 4, item 7).
 *
 * - At an address the recipient designated for service, service is complete when the delivery
 *   receipt arrives: the recipient chose that address, so reaching it is reaching them.
 * - At any other address (one the other party gave, a registry's, an earlier service's), only when
 *   the recipient signs for the document in the portal: delivery alone does not show that the
 *   address is theirs.
 * - The earliest effective time across all attempts is the service time: a recipient who signs
 *   through the link of an earlier message (those links stay valid) is served then.
 */
import type { Address, AddressOutcomes, AddressSource, SourceObservation } from './address';

export interface AttemptTimes {
  /** Every source of the address the attempt went to. */
  addressSources: readonly AddressSource[];
  /** Delivery receipt (ISO instant). */
  deliveredAt?: string;
  /** The recipient signed for the document in the portal (ISO instant). */
  acknowledgedAt?: string;
}

/** Whether a delivery receipt at an address with these sources completes service by itself. */
export function completesAtDelivery(sources: readonly AddressSource[]): boolean {
  return sources.includes('recipient_designated');
}

/** The instant this attempt served the document, or undefined when it has not (yet). */
export function completesServiceAt(attempt: AttemptTimes): string | undefined {
  const candidates = [attempt.acknowledgedAt];
  if (completesAtDelivery(attempt.addressSources)) candidates.push(attempt.deliveredAt);
  return earliest(candidates);
}

/** The service time: the earliest instant any attempt completed service, or undefined (not served). */
export function serviceTime(attempts: readonly AttemptTimes[]): string | undefined {
  return earliest(attempts.map(completesServiceAt));
}

function earliest(instants: readonly (string | undefined)[]): string | undefined {
  let best: string | undefined;
  let bestMs = Number.POSITIVE_INFINITY;
  for (const instant of instants) {
    if (instant === undefined) continue;
    const ms = Date.parse(instant);
    if (ms < bestMs) {
      best = instant;
      bestMs = ms;
    }
  }
  return best;
}

/** How one attempt at an address ended, at its best: an acknowledgement implies a delivery. */
export type AttemptOutcome = NonNullable<AddressOutcomes['lastOutcome']>;

/**
 * The address after one more attempt, recorded once when the attempt is settled with its best
 * outcome. A hard bounce (the mailbox or number does not exist) marks it invalid, so ranking leaves
 * it out from then on; a later success (the recipient gave it again and it worked) clears that.
 */
export function recordOutcome(address: Address, outcome: AttemptOutcome, at: string): Address {
  const before = address.outcomes;
  const reached = outcome === 'delivered' || outcome === 'acknowledged';
  const outcomes: AddressOutcomes = {
    // Kept: what the person opened there (`reached`) is not an attempt's outcome.
    ...before,
    attempts: before.attempts + 1,
    delivered: before.delivered + (reached ? 1 : 0),
    acknowledged: before.acknowledged + (outcome === 'acknowledged' ? 1 : 0),
    hardBounces: before.hardBounces + (outcome === 'hard_bounce' ? 1 : 0),
    softBounces: before.softBounces + (outcome === 'soft_bounce' ? 1 : 0),
    lastOutcome: outcome,
    lastOutcomeAt: at,
  };
  const { invalid: _wasInvalid, ...rest } = address;
  if (outcome === 'hard_bounce') return { ...rest, outcomes, invalid: true };
  if (reached) return { ...rest, outcomes };
  return { ...address, outcomes };
}

/**
 * The person opened or signed for a document through a message to this address (issue 16): it
 * reaches them, whatever the delivery receipt said and whenever it happened. Counted once per
 * attempt by the caller. A hard bounce recorded before is outweighed: the address works.
 */
export function recordReach(address: Address, at: string): Address {
  const { invalid: _wasInvalid, ...rest } = address;
  return {
    ...rest,
    outcomes: { ...address.outcomes, reached: (address.outcomes.reached ?? 0) + 1, lastReachedAt: at },
  };
}

/**
 * The source an address gains when it served the person: `earlier_service`, observed at the service
 * time, with the service as reference, so the next service to the same person starts there.
 */
export function earlierServiceSource(at: string, reference: string): SourceObservation {
  return { source: 'earlier_service', observedAt: at, reference };
}
