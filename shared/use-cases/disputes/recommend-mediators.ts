import { shanghaiDay } from '../../domain/calendar/service-periods';
import { NotFound } from '../../domain/errors';
import { profileOf } from '../../domain/mediation/dispute';
import type { Ranking } from '../../domain/mediation/matching';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';
import { loadVisibleDispute } from './dispute-access';
import { rankEligible } from './rank-eligible';

/**
 * The ranked mediators for a dispute, each with its score and the reasons for it; mediators who
 * fail a hard filter (a conflict of interest above all) are never among them. For its parties and
 * operators; a mediator is not shown who else was considered. Reads what the dispute's category and
 * places list, never the whole roster (rank-eligible.ts).
 */
export async function recommendMediators(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  disputeId: string,
  limit = 10,
): Promise<Ranking> {
  if (principal.role !== 'party' && principal.role !== 'operator') throw new NotFound(`no dispute ${disputeId}`);
  const { dispute } = await loadVisibleDispute(deps.store, principal, disputeId);
  return rankEligible(deps.store, profileOf(dispute), {
    today: shanghaiDay(deps.clock.now()),
    picks: dispute.picks,
    limit,
  });
}
