import { assignBatch, type EligiblePair } from '../../shared/domain/mediation/batch-assignment';
import { type Dispute, profileOf } from '../../shared/domain/mediation/dispute';
import { eligiblePairs } from '../../shared/domain/mediation/eligible-pairs';
import { type Ranking, rankMediators } from '../../shared/domain/mediation/matching';
import type { Mediator } from '../../shared/domain/mediation/mediator';
import { bucketRoster, indicesToRank, rankInBuckets } from '../../shared/domain/mediation/roster-buckets';
import { SYNTHETIC_TODAY, syntheticMediators, syntheticOpenDisputes } from './synthetic-roster';
import { type Benchmark, type BenchRow, fixed, percentile } from './types';

/**
 * The batch assignment's ranking step (`eligiblePairs` in shared/domain/mediation/eligible-pairs.ts),
 * in memory: 10,000 open disputes against a roster of 2,000 and of 10,000 mediators, each dispute
 * ranked against the whole roster with every candidate explained (what the use case did before),
 * against the mediators of its eligibility places only (roster-buckets.ts), still explained, and
 * then without explanations (what the use case does now), so each change's share shows. All three
 * must give the same pairs (the benchmark throws otherwise); the solver's time on them is beside.
 */

const DISPUTES = 10_000;
const ROSTER_SEED = 20_260_316;
const DISPUTE_SEED = 20_261_201;
/** Roster sizes, with the timed runs of each way of ranking (the whole-roster one is slow). */
const SIZES: Array<{ mediators: number; runs: number }> = [
  { mediators: 2_000, runs: 2 },
  { mediators: 10_000, runs: 1 },
];
const WARM_UP_DISPUTES = 300;
/** The use case's cap on pairs per dispute. */
const PAIRS_PER_DISPUTE = 200;

/** The ranking step as the use case ran it before buckets: every dispute against the whole roster. */
function wholeRosterPairs(disputes: readonly Dispute[], roster: readonly Mediator[], today: string): EligiblePair[][] {
  const index = new Map(roster.map((mediator, i) => [mediator.id, i]));
  return pairsOf(disputes, index, (dispute, limit) =>
    rankMediators(profileOf(dispute), roster, { today, picks: dispute.picks, limit }),
  );
}

/** The middle step: bucketed as now, but every candidate still explained. */
function explainedBucketPairs(
  disputes: readonly Dispute[],
  roster: readonly Mediator[],
  today: string,
): EligiblePair[][] {
  const buckets = bucketRoster(roster, today);
  return pairsOf(disputes, buckets.indexById, (dispute, limit) =>
    rankInBuckets(buckets, profileOf(dispute), { picks: dispute.picks, limit }),
  );
}

/** The use case's pairs from a ranking: the top 200 candidates, leaving out the mediators already offered. */
function pairsOf(
  disputes: readonly Dispute[],
  index: ReadonlyMap<string, number>,
  rank: (dispute: Dispute, limit: number) => Ranking,
): EligiblePair[][] {
  return disputes.map((dispute) => {
    const offered = new Set(dispute.offeredMediatorIds);
    const ranking = rank(dispute, PAIRS_PER_DISPUTE + offered.size);
    return ranking.candidates
      .filter((candidate) => !offered.has(candidate.mediatorId))
      .slice(0, PAIRS_PER_DISPUTE)
      .map((candidate) => ({ mediatorIndex: index.get(candidate.mediatorId) as number, score: candidate.score }));
  });
}

function timed<T>(call: () => T, runs: number): { result: T; runsMs: number[] } {
  const runsMs: number[] = [];
  let result: T | undefined;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    result = call();
    runsMs.push(performance.now() - started);
  }
  return { result: result as T, runsMs };
}

function samePairs(a: readonly EligiblePair[][], b: readonly EligiblePair[][]): boolean {
  if (a.length !== b.length) return false;
  return a.every((pairs, d) => {
    const other = b[d] as EligiblePair[];
    return (
      pairs.length === other.length &&
      pairs.every((pair, k) => pair.mediatorIndex === other[k]?.mediatorIndex && pair.score === other[k]?.score)
    );
  });
}

function summary(runsMs: number[]): string {
  return runsMs.length === 1
    ? `${fixed(runsMs[0] as number, 0)} ms`
    : `${fixed(percentile(runsMs, 50), 0)} ms p50 of ${runsMs.length}`;
}

function rowsFor(mediators: number, runs: number): BenchRow[] {
  const roster = syntheticMediators(mediators, ROSTER_SEED);
  const disputes = syntheticOpenDisputes(
    DISPUTES,
    DISPUTE_SEED,
    roster.map((mediator) => mediator.id),
  );
  const today = SYNTHETIC_TODAY;
  const warmUp = disputes.slice(0, WARM_UP_DISPUTES);
  wholeRosterPairs(warmUp, roster, today);
  explainedBucketPairs(warmUp, roster, today);
  eligiblePairs(warmUp, roster, today);

  const before = timed(() => wholeRosterPairs(disputes, roster, today), runs);
  const bucketed = timed(() => explainedBucketPairs(disputes, roster, today), runs);
  const after = timed(() => eligiblePairs(disputes, roster, today), runs);
  if (!samePairs(before.result, bucketed.result) || !samePairs(before.result, after.result)) {
    throw new Error(`${DISPUTES} × ${mediators}: the bucketed ranking gave other pairs than the whole roster's`);
  }
  const bucketing = timed(() => bucketRoster(roster, today), 5);
  const buckets = bucketing.result;
  let ranked = 0;
  let mostRanked = 0;
  for (const dispute of disputes) {
    const size = indicesToRank(buckets, profileOf(dispute), dispute.picks).length;
    ranked += size;
    mostRanked = Math.max(mostRanked, size);
  }
  const pairs = after.result.reduce((sum, list) => sum + list.length, 0);

  const problem = {
    disputes: disputes.map((dispute) => dispute.id),
    mediators: roster.map((mediator) => ({
      id: mediator.id,
      remainingCapacity: Math.max(0, mediator.capacity - mediator.activeCases),
    })),
    eligible: after.result,
  };
  assignBatch(problem);
  const solve = timed(() => assignBatch(problem, { timeBudgetMs: 60_000 }), 1);

  const size = `${DISPUTES.toLocaleString('en')} × ${mediators.toLocaleString('en')}`;
  const p50Before = percentile(before.runsMs, 50);
  const p50Bucketed = percentile(bucketed.runsMs, 50);
  const p50After = percentile(after.runsMs, 50);
  return [
    {
      cells: {
        Figure: `${size}: ranking, each dispute against the whole roster, candidates explained (before)`,
        Measured: summary(before.runsMs),
        Detail: `${mediators} mediators ranked per dispute; ${fixed(p50Before / DISPUTES, 3)} ms per dispute`,
      },
      budget: '-',
      verdict: 'info',
    },
    {
      cells: {
        Figure: `${size}: ranking, each dispute against its eligibility buckets, candidates explained`,
        Measured: summary(bucketed.runsMs),
        Detail:
          `×${fixed(p50Before / p50Bucketed, 1)} faster than before; ${fixed(ranked / DISPUTES, 0)} mediators ranked per ` +
          `dispute on average (at most ${mostRanked}); bucketing the roster ${fixed(percentile(bucketing.runsMs, 50), 1)} ms`,
      },
      budget: '-',
      verdict: 'info',
    },
    {
      cells: {
        Figure: `${size}: ranking, eligibility buckets, no explanations (after: the use case's step)`,
        Measured: summary(after.runsMs),
        Detail: `×${fixed(p50Before / p50After, 1)} faster than before; same ${pairs} pairs (mediator and score, in order) all three ways`,
      },
      budget: '-',
      verdict: 'info',
    },
    {
      cells: {
        Figure: `${size}: solver on those pairs`,
        Measured: summary(solve.runsMs),
        Detail: `${solve.result.method}: ${solve.result.assignedCount} assigned, total ${fixed(solve.result.totalScore, 2)}; greedy ${solve.result.greedy.assignedCount}, ${fixed(solve.result.greedy.totalScore, 2)}`,
      },
      budget: '-',
      verdict: 'info',
    },
  ];
}

export const batchRanking: Benchmark = {
  name: 'batch-ranking',
  title: 'Batch assignment: ranking 10,000 open disputes, whole roster vs eligibility buckets',
  description:
    'The ranking step of batch assignment (`eligiblePairs`, shared/domain/mediation/eligible-pairs.ts), ' +
    'in memory, no DynamoDB: 10,000 synthetic open disputes (weighted categories, districts of five provinces, ' +
    '70% accepting online mediation, some picks and earlier offers) against synthetic rosters of 2,000 and 10,000 ' +
    'mediators, each dispute ranked against the whole roster with every candidate explained (before), against the ' +
    'mediators listed in its eligibility places (shared/domain/mediation/roster-buckets.ts), still explained, and ' +
    'against those without explanations (after: what the use case does); all must give the same pairs. Then the ' +
    'min-cost-flow solver on those pairs. DESIGN.md sets no budget for the ranking step: informational.',
  async run() {
    const rows = SIZES.flatMap(({ mediators, runs }) => rowsFor(mediators, runs));
    return {
      columns: ['Figure', 'Measured', 'Detail'],
      rows,
      notes: [
        `Rosters \`syntheticMediators(n, ${ROSTER_SEED})\`; disputes \`syntheticOpenDisputes(${DISPUTES}, ${DISPUTE_SEED}, ids)\`; ranking day ${SYNTHETIC_TODAY}.`,
        `Wall time of the whole step over all ${DISPUTES} disputes (top ${PAIRS_PER_DISPUTE} candidates each, as the use case asks), after a warm-up on ${WARM_UP_DISPUTES} disputes, in one process; the bucketed figures include bucketing the roster.`,
        'The three ways are checked to give identical pairs (mediator and score, in order) before any figure is written.',
        'Solver: one `assignBatch` call after a warm-up call, on the pairs of the bucketed ranking.',
      ],
    };
  },
};
