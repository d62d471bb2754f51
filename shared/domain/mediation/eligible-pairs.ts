import type { EligiblePair } from './batch-assignment';
import { type Dispute, profileOf } from './dispute';
import type { Mediator } from './mediator';
import { bucketRoster, rankInBuckets } from './roster-buckets';

/** Eligible mediators considered per dispute: the budget's "≤ 200 eligible each". */
const pairsPerDispute = 200;

/**
 * Each dispute's eligible mediators and scores, best first: at most `pairsPerDispute`, leaving out
 * the mediators already offered the dispute. The roster is bucketed once by eligibility place and
 * each dispute ranked against its places' buckets only: the ranking of the whole roster
 * (roster-buckets.ts), without scanning the roster once per dispute. Candidates are not explained:
 * only their ids and scores reach the solver.
 */
export function eligiblePairs(
  disputes: readonly Dispute[],
  roster: readonly Mediator[],
  today: string,
): EligiblePair[][] {
  const buckets = bucketRoster(roster, today);
  return disputes.map((dispute) => {
    const offered = new Set(dispute.offeredMediatorIds);
    const ranking = rankInBuckets(buckets, profileOf(dispute), {
      picks: dispute.picks,
      limit: pairsPerDispute + offered.size,
      // The solver reads ids and scores only; explaining thousands of rankings would cost most of the time.
      explain: false,
    });
    return ranking.candidates
      .filter((candidate) => !offered.has(candidate.mediatorId))
      .slice(0, pairsPerDispute)
      .map((candidate) => ({
        mediatorIndex: buckets.indexById.get(candidate.mediatorId) as number,
        score: candidate.score,
      }));
  });
}
