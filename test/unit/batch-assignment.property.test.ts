import fc from 'fast-check';
import loadHighs from 'highs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  assignBatch,
  type BatchAssignmentResult,
  type BatchProblem,
  type EligiblePair,
} from '../../shared/domain/mediation/batch-assignment';

type Highs = Awaited<ReturnType<typeof loadHighs>>;

/**
 * Small instances: up to 6 disputes × 4 mediators, capacities 0..3, each dispute eligible for a
 * random subset of the mediators (in random order), scores whole multiples of 1/denominator so the
 * solver's 10^-6 scaling is exact and the optimum is an integer the oracle can state exactly.
 */
interface Instance {
  problem: BatchProblem;
  denominator: number;
  /** Per dispute, its pairs with the score's numerator over `denominator`. */
  numerators: { mediatorIndex: number; numerator: number }[][];
}

const instance: fc.Arbitrary<Instance> = fc
  .record({
    disputes: fc.integer({ min: 0, max: 6 }),
    capacities: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 4 }),
    denominator: fc.constantFrom(4, 20, 100),
    density: fc.double({ min: 0.2, max: 0.9, noNaN: true }),
  })
  .chain(({ disputes, capacities, denominator, density }) => {
    const mediatorIndices = capacities.map((_, i) => i);
    const pair = (mediatorIndex: number) =>
      fc.integer({ min: 0, max: denominator }).map((numerator) => ({ mediatorIndex, numerator }));
    const row = fc.tuple(...mediatorIndices.map(() => fc.double({ min: 0, max: 1, noNaN: true }))).chain((draws) => {
      const chosen = mediatorIndices.filter((i) => (draws[i] ?? 1) < density);
      return fc.shuffledSubarray(chosen, { minLength: chosen.length }).chain((order) => fc.tuple(...order.map(pair)));
    });
    return fc.array(row, { minLength: disputes, maxLength: disputes }).map((numerators) => ({
      denominator,
      numerators,
      problem: {
        disputes: numerators.map((_, d) => `d${d}`),
        mediators: capacities.map((remainingCapacity, i) => ({ id: `m${i}`, remainingCapacity })),
        eligible: numerators.map((pairs) =>
          pairs.map(
            ({ mediatorIndex, numerator }): EligiblePair => ({ mediatorIndex, score: numerator / denominator }),
          ),
        ),
      },
    }));
  });

/** Places against the disputes that have any pair: fewer, as many, or more. */
type Regime = 'below' | 'equal' | 'above';

/**
 * Larger than `instance` (8–24 disputes × 2–6 mediators) and heavily tied (scores in quarters or
 * tenths), with the mediators' capacities drawn so their sum is below, equal to or above the number
 * of disputes that have a pair: the three regimes where the engines pick different sides.
 */
function tiedInstance(regime: Regime): fc.Arbitrary<Instance> {
  return fc
    .record({
      disputes: fc.integer({ min: 8, max: 24 }),
      mediators: fc.integer({ min: 2, max: 6 }),
      denominator: fc.constantFrom(4, 10),
      density: fc.double({ min: 0.3, max: 0.9, noNaN: true }),
    })
    .chain(({ disputes, mediators, denominator, density }) => {
      const row = fc
        .array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: denominator })), {
          minLength: mediators,
          maxLength: mediators,
        })
        .map((draws) =>
          draws.flatMap(([draw, numerator], mediatorIndex) => (draw < density ? [{ mediatorIndex, numerator }] : [])),
        );
      return fc.tuple(
        fc.array(row, { minLength: disputes, maxLength: disputes }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: mediators, maxLength: mediators }),
        fc.integer({ min: 1, max: 4 }),
        fc.constant(denominator),
      );
    })
    .map(([numerators, weights, margin, denominator]) => {
      const withPairs = numerators.filter((pairs) => pairs.length > 0).length;
      const places = Math.max(
        0,
        regime === 'below' ? withPairs - margin : regime === 'equal' ? withPairs : withPairs + margin,
      );
      return {
        denominator,
        numerators,
        problem: {
          disputes: numerators.map((_, d) => `d${d}`),
          mediators: splitPlaces(places, weights).map((remainingCapacity, i) => ({ id: `m${i}`, remainingCapacity })),
          eligible: numerators.map((pairs) =>
            pairs.map(
              ({ mediatorIndex, numerator }): EligiblePair => ({ mediatorIndex, score: numerator / denominator }),
            ),
          ),
        },
      };
    });
}

/** `places` split over the mediators in proportion to `weights` (the rest to the first ones), summing exactly. */
function splitPlaces(places: number, weights: number[]): number[] {
  const sum = weights.reduce((total, w) => total + w, 0) || 1;
  const shares = weights.map((w) => Math.floor((places * w) / sum));
  let left = places - shares.reduce((total, c) => total + c, 0);
  for (let i = 0; left > 0; i = (i + 1) % shares.length, left--) shares[i] = (shares[i] ?? 0) + 1;
  return shares;
}

const ENGINES_AND_SIDES = [
  { searchFrom: 'disputes', engine: 'sequential' },
  { searchFrom: 'places', engine: 'sequential' },
  { searchFrom: 'disputes', engine: 'phases' },
  { searchFrom: 'places', engine: 'phases' },
  { searchFrom: 'disputes', engine: 'auction' },
] as const;

/**
 * The optimum by HiGHS, independently of the solver under test. The objective is lexicographic
 * (most disputes assigned, then the highest total score); as one integer objective each pair is
 * worth W + numerator with W larger than any achievable sum of numerators, so one more assignment
 * always outweighs any difference in score: objective = W·count + Σnumerators.
 */
function optimumByHighs(
  highs: Highs,
  { problem, numerators, denominator }: Instance,
): { count: number; total: number } {
  const variables = numerators.flatMap((pairs, d) =>
    pairs.map(({ mediatorIndex, numerator }) => ({ name: `x_${d}_${mediatorIndex}`, d, mediatorIndex, numerator })),
  );
  if (variables.length === 0) return { count: 0, total: 0 };
  const W = denominator * problem.disputes.length + 1;
  const sum = (vars: typeof variables) => vars.map((v) => v.name).join(' + ');
  const disputeRows = problem.disputes
    .map((_, d) => variables.filter((v) => v.d === d))
    .flatMap((vars, d) => (vars.length === 0 ? [] : [` d${d}: ${sum(vars)} <= 1`]));
  const mediatorRows = problem.mediators
    .map((_, m) => variables.filter((v) => v.mediatorIndex === m))
    .flatMap((vars, m) =>
      vars.length === 0 ? [] : [` m${m}: ${sum(vars)} <= ${problem.mediators[m]?.remainingCapacity}`],
    );
  const lp = [
    'Maximize',
    ` obj: ${variables.map((v) => `${W + v.numerator} ${v.name}`).join(' + ')}`,
    'Subject To',
    ...disputeRows,
    ...mediatorRows,
    'Binaries',
    ` ${variables.map((v) => v.name).join(' ')}`,
    'End',
  ].join('\n');
  const solution = highs.solve(lp, { output_flag: false });
  if (solution.Status !== 'Optimal') throw new Error(`HiGHS: ${solution.Status}\n${lp}`);
  const objective = Math.round(solution.ObjectiveValue);
  const count = Math.floor(objective / W);
  return { count, total: (objective - count * W) / denominator };
}

/** Each dispute at most once, only to an eligible mediator at that pair's score, capacities kept, totals right. */
function expectFeasible(problem: BatchProblem, result: BatchAssignmentResult): void {
  const lists = problem.eligible as readonly (readonly EligiblePair[])[];
  const disputes = result.assignments.map((a) => a.disputeIndex);
  expect(new Set(disputes).size).toBe(disputes.length);
  const load = problem.mediators.map(() => 0);
  for (const a of result.assignments) {
    const pair = lists[a.disputeIndex]?.find((p) => p.mediatorIndex === a.mediatorIndex);
    expect(pair, `dispute ${a.disputeIndex} → mediator ${a.mediatorIndex} is no eligible pair`).toBeDefined();
    expect(a.score).toBe(pair?.score);
    load[a.mediatorIndex] = (load[a.mediatorIndex] ?? 0) + 1;
  }
  problem.mediators.forEach((mediator, m) => {
    expect(load[m]).toBeLessThanOrEqual(mediator.remainingCapacity);
  });
  expect(result.assignedCount).toBe(result.assignments.length);
  expect(result.totalScore).toBeCloseTo(
    result.assignments.reduce((total, a) => total + a.score, 0),
    12,
  );
}

describe('assignBatch', () => {
  let highs: Highs;

  beforeAll(async () => {
    highs = await loadHighs();
  });

  it('the HiGHS oracle counts first, then score, on a hand-checked instance', () => {
    // Prepare: the best single pair (d0, m0, 0.9) blocks d1, whose only mediator is m0
    const problem: BatchProblem = {
      disputes: ['d0', 'd1'],
      mediators: [
        { id: 'm0', remainingCapacity: 1 },
        { id: 'm1', remainingCapacity: 1 },
      ],
      eligible: [
        [
          { mediatorIndex: 0, score: 0.9 },
          { mediatorIndex: 1, score: 0.8 },
        ],
        [{ mediatorIndex: 0, score: 0.85 }],
      ],
    };
    const numerators = [
      [
        { mediatorIndex: 0, numerator: 90 },
        { mediatorIndex: 1, numerator: 80 },
      ],
      [{ mediatorIndex: 0, numerator: 85 }],
    ];

    // Act
    const optimum = optimumByHighs(highs, { problem, numerators, denominator: 100 });

    // Assess: both assigned (0.8 + 0.85), not the single best pair
    expect(optimum).toEqual({ count: 2, total: 1.65 });
  });

  it.each(ENGINES_AND_SIDES)(
    'assigns as many disputes as the optimum, then reaches its total score (HiGHS as the oracle, from $searchFrom, $engine)',
    (engineAndSide) => {
      fc.assert(
        fc.property(instance, (generated) => {
          // Prepare
          const optimum = optimumByHighs(highs, generated);

          // Act
          const result = assignBatch(generated.problem, engineAndSide);

          // Assess
          // (`method` may say greedy when greedy's float total ties the optimum's to the last bit.)
          expect(result.stats.timedOut, 'the optimal solver finished within its budget').toBe(false);
          expect(result.assignedCount).toBe(optimum.count);
          expect(Math.abs(result.totalScore - optimum.total)).toBeLessThanOrEqual(1e-9);
        }),
        { numRuns: 120 },
      );
    },
  );

  it.each(['below', 'equal', 'above'] as const)(
    'reaches the same optimum from either side with either engine on tied scores, places %s the disputes (HiGHS as the oracle)',
    (regime) => {
      fc.assert(
        fc.property(tiedInstance(regime), (generated) => {
          // Prepare
          const optimum = optimumByHighs(highs, generated);

          // Act
          const results = ENGINES_AND_SIDES.map((engineAndSide) => assignBatch(generated.problem, engineAndSide));
          const chosen = assignBatch(generated.problem);

          // Assess: every combination, and the default choice, at the optimum and feasible
          for (const result of [...results, chosen]) {
            expect(result.stats.timedOut).toBe(false);
            expectFeasible(generated.problem, result);
            expect(result.assignedCount).toBe(optimum.count);
            expect(Math.abs(result.totalScore - optimum.total)).toBeLessThanOrEqual(1e-9);
          }
        }),
        { numRuns: 60 },
      );
    },
  );

  it('assigns each dispute at most once, only to an eligible mediator, within every capacity', () => {
    fc.assert(
      fc.property(instance, ({ problem }) => {
        // Act
        const result = assignBatch(problem);

        // Assess
        expectFeasible(problem, result);
      }),
      { numRuns: 150 },
    );
  });

  it('keeps the greedy fallback feasible and never does worse than it', () => {
    fc.assert(
      fc.property(instance, ({ problem }) => {
        // Act
        const greedy = assignBatch(problem, { timeBudgetMs: 0 });
        const optimal = assignBatch(problem);

        // Assess
        expect(greedy.method).toBe('greedy');
        expectFeasible(problem, greedy);
        expect(optimal.greedy).toEqual({ totalScore: greedy.totalScore, assignedCount: greedy.assignedCount });
        expect(optimal.assignedCount).toBeGreaterThanOrEqual(greedy.assignedCount);
        if (optimal.assignedCount === greedy.assignedCount) {
          expect(optimal.totalScore).toBeGreaterThanOrEqual(greedy.totalScore - 1e-9);
        }
      }),
      { numRuns: 150 },
    );
  });
});
