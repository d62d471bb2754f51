import { RuleViolation } from '../../domain/errors';
import type { Dispute } from '../../domain/mediation/dispute';
import { disputeChainId } from '../../domain/mediation/dispute';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';
import { callerParty } from './dispute-access';

export const picksCompleteType = 'dispute.picks_complete';

/**
 * Each party may rank the mediators it prefers, before the dispute is offered. When the last party
 * has picked, an outbox item asks for the offer: the parties' unanimous first pick if there is one,
 * else the best candidate (decided by the offer use case with the hard filters applied again, so
 * a pick never bypasses them). A party picks for itself only; picking again replaces its picks.
 */
export async function recordPicks(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  disputeId: string,
  mediatorIds: string[],
): Promise<Dispute> {
  const party = await callerParty(deps.store, principal, disputeId);
  const unknown = (
    await Promise.all(mediatorIds.map(async (id) => ((await deps.store.roster.mediator(id)) ? undefined : id)))
  ).filter((id): id is string => id !== undefined);
  if (unknown.length > 0) {
    throw new RuleViolation('unknown_mediator', `no mediator ${unknown.join(', ')} on the roster`);
  }
  const loaded = await deps.store.disputes.dispute(disputeId);
  if (loaded.dispute.status !== 'triaged') {
    throw new RuleViolation(
      'picks_closed',
      `picks are taken before the first offer (the dispute is ${loaded.dispute.status})`,
    );
  }
  const picks = { ...loaded.dispute.picks, [party.partyId]: [...new Set(mediatorIds)] };
  const next: Dispute = { ...loaded.dispute, picks };
  const complete = next.partyIds.every((partyId) => (picks[partyId]?.length ?? 0) > 0);
  await deps.store.commit({
    chainId: disputeChainId(disputeId),
    writes: [deps.store.disputes.disputeWrite(loaded, next)],
    event: { type: 'dispute.picked', actor: principal, data: { partyId: party.partyId, picks: picks[party.partyId] } },
    ...(complete ? { outbox: [{ type: picksCompleteType, payload: { disputeId } }] } : {}),
  });
  return next;
}
