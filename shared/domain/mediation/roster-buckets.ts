/**
 * The roster bucketed by eligibility place, in memory: the batch's counterpart of the roster's stored
 * eligibility index (eligibility.ts, roster port `eligibleMediators`). A batch ranks thousands of
 * disputes against one roster; ranking each against every mediator repeats, for each dispute, the
 * specialty and region filters that most of the roster fails. Bucketed once, each dispute is ranked
 * against the mediators listed in the places it searches, and the ranking is the one of the whole
 * roster:
 * - every mediator outside those places fails the specialty or region filter (eligibility.ts), and
 *   a mediator at capacity or on leave today fails for every dispute, so none of them is ever a
 *   candidate and the candidates, their order and their ranks are those of the whole roster;
 * - what the rest of the roster contributes comes from roster-wide figures, as `rankEligible` reads
 *   them from the stored totals: the pooled outcome prior from each category's outcomes over the whole
 *   roster, and the count of excluded mediators from the roster's size;
 * - a picked mediator outside the buckets is ranked too, so its exclusion is explained as before.
 */
import type { DisputeCategory } from './categories';
import type { DisputeProfile } from './dispute';
import { eligibilityPlaces, ONLINE_PLACE, placesToSearch } from './eligibility';
import {
  isAvailable,
  type PicksByParty,
  pooledOutcomePrior,
  type RankedMediator,
  type Ranking,
  type RankOptions,
  rankMediators,
} from './matching';
import type { CategoryRecord } from './mediator';

/**
 * The place of mediators with a region prefix no dispute's search reaches: a dispute searches the
 * even-length prefixes of its codes (division codes have 2, 4 or 6 digits, and the HTTP edge accepts
 * no other), so a prefix of odd length, which only unvalidated data could hold, would be missed.
 * Such mediators are looked at for every dispute of their specialties, so that no input, however
 * odd, ranks differently from the whole roster.
 */
export const UNSEARCHED_PLACE = 'UNSEARCHED';

export interface RosterBuckets<M extends RankedMediator = RankedMediator> {
  readonly roster: readonly M[];
  /** The day (Asia/Shanghai) the buckets were built for: unavailable mediators are left out. */
  readonly today: string;
  /** `placeKey(category, place)` → roster indices of the available mediators listed there, ascending. */
  readonly byPlace: ReadonlyMap<string, readonly number[]>;
  /** Roster index of each mediator id (ids are unique on a roster). */
  readonly indexById: ReadonlyMap<string, number>;
  /** Each category's outcomes summed over the whole roster, available or not: the pooled prior's source. */
  readonly outcomes: ReadonlyMap<DisputeCategory, CategoryRecord>;
}

/** The key of a bucket: a category in a place (a region prefix, `ONLINE` or `UNSEARCHED`). */
export function placeKey(category: DisputeCategory, place: string): string {
  return `${category}#${place}`;
}

/** Buckets the roster by eligibility place for ranking on `today`; the roster is read once. */
export function bucketRoster<M extends RankedMediator>(roster: readonly M[], today: string): RosterBuckets<M> {
  const byPlace = new Map<string, number[]>();
  const indexById = new Map<string, number>();
  const outcomes = new Map<DisputeCategory, CategoryRecord>();
  for (let index = 0; index < roster.length; index++) {
    const mediator = roster[index] as M;
    indexById.set(mediator.id, index);
    addOutcomes(outcomes, mediator);
    if (!isAvailable(mediator, today)) continue;
    for (const { category, place } of eligibilityPlaces(mediator)) {
      const key = placeKey(category, isSearched(place) ? place : UNSEARCHED_PLACE);
      const bucket = byPlace.get(key);
      // Several unsearched prefixes of one specialty share a bucket: list the mediator once.
      if (bucket === undefined) byPlace.set(key, [index]);
      else if (bucket.at(-1) !== index) bucket.push(index);
    }
  }
  return { roster, today, byPlace, indexById, outcomes };
}

/**
 * Ranks a dispute against the mediators of its places' buckets: the same `Ranking` as
 * `rankMediators(dispute, buckets.roster, { today: buckets.today, ...options })`.
 */
export function rankInBuckets<M extends RankedMediator>(
  buckets: RosterBuckets<M>,
  dispute: DisputeProfile,
  options: Pick<RankOptions, 'picks' | 'limit' | 'explain'> = {},
): Ranking {
  const indices = indicesToRank(buckets, dispute, options.picks);
  const mediators: M[] = new Array(indices.length);
  for (let i = 0; i < indices.length; i++) mediators[i] = buckets.roster[indices[i] as number] as M;
  const ranking = rankMediators(dispute, mediators, {
    ...options,
    today: buckets.today,
    outcomePrior: pooledOutcomePrior(buckets.outcomes.get(dispute.category)),
  });
  return { ...ranking, excludedCount: buckets.roster.length - ranking.eligibleCount };
}

/**
 * Roster indices to rank, ascending (so excluded picks are explained in roster order, as the whole
 * roster's ranking explains them): the union of the dispute's buckets, and the picked mediators.
 */
export function indicesToRank(
  buckets: RosterBuckets,
  dispute: DisputeProfile,
  picks: PicksByParty | undefined,
): Int32Array {
  const seen = new Uint8Array(buckets.roster.length);
  const found: number[] = [];
  const add = (index: number) => {
    if (seen[index] === 1) return;
    seen[index] = 1;
    found.push(index);
  };
  for (const place of [...placesToSearch(dispute), UNSEARCHED_PLACE]) {
    const bucket = buckets.byPlace.get(placeKey(dispute.category, place));
    if (bucket !== undefined) for (const index of bucket) add(index);
  }
  for (const list of Object.values(picks ?? {})) {
    for (const id of list) {
      const index = buckets.indexById.get(id);
      if (index !== undefined) add(index);
    }
  }
  return Int32Array.from(found).sort();
}

/** Whether a dispute's search can reach a place: online, or a prefix of even length. */
function isSearched(place: string): boolean {
  return place === ONLINE_PLACE || place.length % 2 === 0;
}

/** Adds a mediator's record to the roster's outcomes, in roster order as matching's own pooling sums them. */
function addOutcomes(outcomes: Map<DisputeCategory, CategoryRecord>, mediator: RankedMediator): void {
  for (const [category, record] of Object.entries(mediator.record) as [DisputeCategory, CategoryRecord | undefined][]) {
    if (record === undefined) continue;
    let total = outcomes.get(category);
    if (total === undefined) {
      total = { settled: 0, closed: 0 };
      outcomes.set(category, total);
    }
    total.settled += record.settled;
    total.closed += record.closed;
  }
}
