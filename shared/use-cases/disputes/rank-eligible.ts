import type { DisputeProfile } from '../../domain/mediation/dispute';
import { placesToSearch } from '../../domain/mediation/eligibility';
import { pooledOutcomePrior, type RankedMediator, type Ranking, rankMediators } from '../../domain/mediation/matching';
import type { EligibleRankingOptions, RankEligibleMediators } from '../../ports/mediator-ranking';
import type { StateStore } from '../../ports/state-store';

/**
 * Ranks the roster for one dispute reading only the mediators listed where the dispute can be
 * mediated (its category, in a place covering its divisions, or online when its parties accept
 * that): the ranking is the one of the whole roster, because every other mediator fails the
 * specialty or region filter. What the whole roster contributed is read from its totals: the pooled
 * prior of the outcome record, and the count of excluded mediators. A picked mediator who is not
 * listed there is read by id, so the parties still see why their pick is excluded.
 */
export async function rankEligible(
  store: StateStore,
  profile: DisputeProfile,
  options: EligibleRankingOptions,
): Promise<Ranking> {
  const [listed, totals] = await Promise.all([
    store.roster.eligibleMediators({ category: profile.category, places: placesToSearch(profile) }),
    store.roster.rosterTotals(),
  ]);
  const found = new Set(listed.map((mediator) => mediator.id));
  const unlisted = [...new Set(Object.values(options.picks ?? {}).flat())].filter((id) => !found.has(id));
  const picked = await Promise.all(unlisted.map((id) => store.roster.mediator(id)));
  const mediators: RankedMediator[] = [...listed];
  for (const stored of picked) if (stored) mediators.push(stored.value);
  const ranking = rankMediators(profile, mediators, {
    ...options,
    outcomePrior: pooledOutcomePrior(totals.outcomes[profile.category]),
  });
  return { ...ranking, excludedCount: Math.max(0, totals.mediators - ranking.eligibleCount) };
}

/** The disputes feature's eligible ranking over the roster's listings, for the offers. */
export function eligibleRankingOf(store: StateStore): RankEligibleMediators {
  return (profile, options) => rankEligible(store, profile, options);
}
