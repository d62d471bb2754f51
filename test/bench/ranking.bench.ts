import type { DisputeProfile } from '../../shared/domain/mediation/dispute';
import { type RankOptions, rankMediators } from '../../shared/domain/mediation/matching';
import { SYNTHETIC_TODAY, syntheticMediators, syntheticPartyHash } from './synthetic-roster';
import { type Benchmark, type BenchRow, fixed, percentile } from './types';

/**
 * Ranking one dispute among 10,000 mediators (DESIGN.md, "Budgets": ≤ 10 ms p50): the hard filters,
 * the score and the explained top 10, in process, on a deterministic synthetic roster.
 */

const ROSTER_SIZE = 10_000;
const ROSTER_SEED = 20_260_316;
const WARM_UP = 200;
const ITERATIONS = 1_000;
/** The explain-everything case is slower: fewer calls keep the whole benchmark well under a minute. */
const EXPLAIN_ALL_ITERATIONS = 100;
const BUDGET_P50_MS = 10;

/** A typical online-shopping dispute in Shenzhen (Nanshan), two parties and a representative. */
export const benchDispute: DisputeProfile = {
  category: 'online_shopping_contract',
  claimMinor: 1_280_000,
  currency: 'CNY',
  regionCode: '440305',
  subjectMatterRegion: '440106',
  language: 'zh',
  crossBorder: false,
  involvedHashes: [syntheticPartyHash(7), syntheticPartyHash(42), syntheticPartyHash(1_999)],
  onlineAccepted: true,
};

interface Case {
  label: string;
  dispute: DisputeProfile;
  options: RankOptions;
  budgeted: boolean;
  iterations: number;
}

export const ranking: Benchmark = {
  name: 'ranking',
  title: 'Matching: rank one dispute among 10,000 mediators',
  description:
    '`rankMediators` (shared/domain/mediation/matching.ts) on a deterministic synthetic roster of 10,000 ' +
    'mediators (test/bench/synthetic-roster.ts, seeded PRNG: five provinces, weighted categories, ' +
    'capacities, loads, leave, conflicts, outcome records): every hard filter, the score of every ' +
    'eligible mediator, the explained top 10. Budget from DESIGN.md: ≤ 10 ms p50.',
  async run() {
    const mediators = syntheticMediators(ROSTER_SIZE, ROSTER_SEED);
    const cases: Case[] = [
      {
        label: 'online shopping, Shenzhen, online accepted, top 10',
        dispute: benchDispute,
        options: { today: SYNTHETIC_TODAY, limit: 10 },
        budgeted: true,
        iterations: ITERATIONS,
      },
      {
        label: 'same, with two parties’ picks',
        dispute: benchDispute,
        options: {
          today: SYNTHETIC_TODAY,
          limit: 10,
          picks: { party_a: ['med_00017', 'med_04242', 'med_09001'], party_b: ['med_04242', 'med_00017'] },
        },
        budgeted: true,
        iterations: ITERATIONS,
      },
      {
        label: 'in person only (no online), Shenzhen, top 10',
        dispute: { ...benchDispute, onlineAccepted: false },
        options: { today: SYNTHETIC_TODAY, limit: 10 },
        budgeted: true,
        iterations: ITERATIONS,
      },
      {
        label: 'cross-border copyright, every exclusion explained',
        dispute: { ...benchDispute, category: 'online_copyright', crossBorder: true, language: 'en' },
        options: { today: SYNTHETIC_TODAY, limit: 10, explainExcluded: true },
        budgeted: false,
        iterations: EXPLAIN_ALL_ITERATIONS,
      },
    ];

    const rows: BenchRow[] = [];
    for (const benchCase of cases) {
      const ranking = rankMediators(benchCase.dispute, mediators, benchCase.options);
      const times = measure(() => rankMediators(benchCase.dispute, mediators, benchCase.options), benchCase.iterations);
      const p50 = percentile(times, 50);
      const p95 = percentile(times, 95);
      const pass = p50 <= BUDGET_P50_MS;
      rows.push({
        cells: {
          Case: benchCase.label,
          Mediators: ROSTER_SIZE,
          Eligible: ranking.eligibleCount,
          'p50 ms': fixed(p50, 2),
          'p95 ms': fixed(p95, 2),
          Calls: benchCase.iterations,
        },
        budget: benchCase.budgeted ? `≤ ${BUDGET_P50_MS} ms p50` : '-',
        verdict: benchCase.budgeted ? (pass ? 'pass' : 'fail') : 'info',
        ...(benchCase.budgeted && !pass ? { remark: `p50 ${fixed(p50, 2)} ms` } : {}),
      });
    }
    return {
      columns: ['Case', 'Mediators', 'Eligible', 'p50 ms', 'p95 ms', 'Calls'],
      rows,
      notes: [
        `Roster: \`syntheticMediators(${ROSTER_SIZE}, ${ROSTER_SEED})\`, built once; ranking day ${SYNTHETIC_TODAY}.`,
        `Up to ${WARM_UP} warm-up calls, then the timed calls of the Calls column (performance.now around each call), in one process.`,
        'The last case builds a reason list for every excluded mediator (`explainExcluded: true`): what an operator asks for, not the hot path; informational.',
      ],
    };
  },
};

function measure(call: () => unknown, iterations: number): number[] {
  let sink = 0;
  for (let i = 0; i < Math.min(WARM_UP, iterations); i++) sink += call() === undefined ? 1 : 0;
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const started = performance.now();
    sink += call() === undefined ? 1 : 0;
    times.push(performance.now() - started);
  }
  if (sink < 0) throw new Error('unreachable');
  return times;
}
