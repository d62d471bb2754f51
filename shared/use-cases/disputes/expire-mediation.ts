import {
  type Dispute,
  type DisputeStatus,
  disputeChainId,
  mediationOpenStatuses,
  mediationPeriodOver,
} from '../../domain/mediation/dispute';
import type { Mediator } from '../../domain/mediation/mediator';
import { MEDIATION_DAYS } from '../../domain/mediation/triage';
import { milestoneOutbox } from '../../domain/messages/milestone-outbox';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { Clock } from '../../ports/clock';
import type { EntityWrite, StateStore } from '../../ports/state-store';
import { unsignedSettlementLapse } from './unsigned-settlement-lapse';

/** Who expires a dispute: the platform's schedule, not a person. */
const scheduleActor: Principal = { role: 'operator', subjectId: 'platform:mediation-deadlines' };

/**
 * A dispute whose mediation period is over while it is still open expires (DESIGN.md: 30 days,
 * extendable once): `expired`, with the event in its chain and every party told (milestone
 * `mediation_expired`). A mediator who held it is freed of it, and the mediation counts as closed
 * without settlement in its record, as a failed one does. A settlement still awaiting signatures
 * lapses in the same commit, its signing links revoked. Nothing happens to a dispute whose period
 * still runs (an extension agreed meanwhile) or that has closed: two runs at once expire it once.
 */
export async function expireMediation(
  deps: { store: StateStore; clock: Clock },
  disputeId: string,
): Promise<Dispute | undefined> {
  return retryOnConflict(async () => {
    const loaded = await deps.store.disputes.dispute(disputeId);
    const { dispute } = loaded;
    const now = deps.clock.now();
    if (!mediationPeriodOver(dispute, now)) return undefined;
    const next: Dispute = { ...dispute, status: 'expired', closedAt: now.toISOString() };
    const lapse = await unsignedSettlementLapse(deps.store, disputeId, 'mediation_expired', now);
    await deps.store.commit({
      chainId: disputeChainId(disputeId),
      writes: [
        deps.store.disputes.disputeWrite(loaded, next),
        ...(await mediatorFreed(deps.store, dispute)),
        ...lapse.writes,
      ],
      event: {
        type: 'dispute.expired',
        actor: scheduleActor,
        data: { previousStatus: dispute.status, mediationDeadline: dispute.mediationDeadline, ...lapse.eventData },
      },
      outbox: [milestoneOutbox({ milestone: 'mediation_expired', disputeId })],
    });
    return next;
  }, 5);
}

/** The mediator's load one less and one more closed mediation in the category, if one held the dispute. */
async function mediatorFreed(store: StateStore, dispute: Dispute): Promise<EntityWrite[]> {
  if (dispute.status !== 'in_mediation' || !dispute.mediatorId) return [];
  const loaded = await store.roster.mediator(dispute.mediatorId);
  if (!loaded) return [];
  const mediator = loaded.value;
  const previous = mediator.record[dispute.category] ?? { settled: 0, closed: 0 };
  const next: Mediator = {
    ...mediator,
    activeCases: Math.max(0, mediator.activeCases - 1),
    record: { ...mediator.record, [dispute.category]: { settled: previous.settled, closed: previous.closed + 1 } },
  };
  return [store.roster.mediatorWrite(loaded, next)];
}

/**
 * Expires every open dispute whose period is over, oldest first, up to `limit` a run (the
 * reconciler's schedule takes the rest next time). No period ends sooner than 30 days after
 * filing, so each status's list is read only up to the disputes filed 30 days ago: what a run
 * reads grows with the overdue and extended disputes, not with every open one.
 */
export async function expireOverdueDisputes(deps: { store: StateStore; clock: Clock }, limit = 100): Promise<string[]> {
  const filedBefore = new Date(deps.clock.now().getTime() - MEDIATION_DAYS * 86_400_000).toISOString();
  const expired: string[] = [];
  for (const status of mediationOpenStatuses) {
    for await (const dispute of filedBeforeOf(deps.store, status, filedBefore)) {
      if (expired.length >= limit) return expired;
      if (!mediationPeriodOver(dispute, deps.clock.now())) continue;
      if (await expireMediation(deps, dispute.id)) expired.push(dispute.id);
    }
  }
  return expired;
}

/** The disputes of `status` filed before `filedBefore`, oldest first, page by page. */
async function* filedBeforeOf(store: StateStore, status: DisputeStatus, filedBefore: string) {
  let cursor: string | undefined;
  do {
    const page = await store.disputes.disputesByStatus(status, { limit: 100, ...(cursor ? { cursor } : {}) });
    for (const dispute of page.items) {
      if (dispute.createdAt >= filedBefore) return;
      yield dispute;
    }
    cursor = page.cursor;
  } while (cursor);
}
