import { RuleViolation } from '../../domain/errors';
import type { Dispute } from '../../domain/mediation/dispute';
import { disputeChainId } from '../../domain/mediation/dispute';
import type { Mediator } from '../../domain/mediation/mediator';
import { milestoneOutbox } from '../../domain/messages/milestone-outbox';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';
import { loadDisputeAsItsMediator } from './dispute-access';
import { unsignedSettlementLapse } from './unsigned-settlement-lapse';

export const failureReasons = [
  'party_not_responding',
  'no_agreement_on_amount',
  'party_withdrew',
  'outside_mediation_scope',
] as const;
export type FailureReason = (typeof failureReasons)[number];

export interface MediationOutcome {
  kind: 'failed' | 'withdrawn';
  reason: FailureReason;
  /** For a failed pre-filing dispute: what the court needs for referral to litigation. */
  referralSummary?: string;
}

/**
 * The mediator records that mediation ended without settlement: failed (with a coded reason) or
 * withdrawn. A failed pre-filing dispute carries a summary for referral to litigation
 * (`referral_summary_required`). The mediator's load drops by one and their record in this
 * category counts one more closed mediation, in the same transaction; so does the lapse of a
 * settlement still awaiting signatures (its signing links revoked: nothing was agreed, and nothing
 * can be signed in a closed mediation). A dispute whose settlement took effect is `settled`, not
 * in mediation: it cannot be recorded as failed (422 `not_in_mediation`). Only the dispute's own
 * mediator may do this; to anyone else the dispute does not exist. Every party is told (milestone
 * `mediation_failed` or `mediation_withdrawn`).
 */
export async function closeMediation(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  disputeId: string,
  outcome: MediationOutcome,
): Promise<Dispute> {
  const { loaded, mediator, loadedMediator } = await loadDisputeAsItsMediator(deps.store, principal, disputeId);
  const { dispute } = loaded;
  if (dispute.status !== 'in_mediation') {
    throw new RuleViolation('not_in_mediation', `the dispute is ${dispute.status}, not in mediation`);
  }
  const referralSummary = outcome.referralSummary?.trim();
  if (outcome.kind === 'failed' && dispute.stage === 'pre_filing' && !referralSummary) {
    throw new RuleViolation(
      'referral_summary_required',
      'a failed pre-filing mediation needs a summary for referral to litigation',
    );
  }
  const at = deps.clock.now();
  const now = at.toISOString();
  const lapse = await unsignedSettlementLapse(deps.store, disputeId, `mediation_${outcome.kind}`, at);
  const next: Dispute = {
    ...dispute,
    status: outcome.kind,
    closedAt: now,
    outcome: { kind: outcome.kind, reason: outcome.reason, ...(referralSummary ? { referralSummary } : {}) },
  };
  const previous = mediator.record[dispute.category] ?? { settled: 0, closed: 0 };
  const nextMediator: Mediator = {
    ...mediator,
    activeCases: Math.max(0, mediator.activeCases - 1),
    record: { ...mediator.record, [dispute.category]: { settled: previous.settled, closed: previous.closed + 1 } },
  };
  await deps.store.commit({
    chainId: disputeChainId(disputeId),
    writes: [
      deps.store.disputes.disputeWrite(loaded, next),
      deps.store.roster.mediatorWrite(loadedMediator, nextMediator),
      ...lapse.writes,
    ],
    event: {
      type: `dispute.${outcome.kind}`,
      actor: principal,
      data: { reason: outcome.reason, referral: Boolean(referralSummary), ...lapse.eventData },
    },
    // Every party hears that the mediation ended (and so that an unsigned draft cannot be signed).
    outbox: [milestoneOutbox({ milestone: `mediation_${outcome.kind}`, disputeId })],
  });
  return next;
}
