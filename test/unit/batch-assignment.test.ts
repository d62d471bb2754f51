import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../infra/local/seed/seeded-random';
import {
  assignBatch,
  type BatchAssignmentResult,
  type BatchProblem,
  type EligiblePair,
} from '../../shared/domain/mediation/batch-assignment';

function problemOf(capacities: number[], eligible: EligiblePair[][]): BatchProblem {
  return {
    disputes: eligible.map((_, d) => `d${d}`),
    mediators: capacities.map((remainingCapacity, i) => ({ id: `m${i}`, remainingCapacity })),
    eligible,
  };
}

/**
 * Up to 6 disputes × 4 mediators, capacities 0..3, each pair eligible with a random density.
 * Coarse scores (twentieths) make ties common, which is where count-first and tie handling matter;
 * fine scores exercise the general case.
 */
function randomProblem(seed: number): BatchProblem {
  const random = seededRandom(seed);
  const disputes = Math.floor(random() * 7);
  const mediators = 1 + Math.floor(random() * 4);
  const density = 0.2 + random() * 0.7;
  const coarse = random() < 0.5;
  const capacities = Array.from({ length: mediators }, () => Math.floor(random() * 4));
  const eligible = Array.from({ length: disputes }, () => {
    const pairs: EligiblePair[] = [];
    for (let i = 0; i < mediators; i++) {
      if (random() >= density) continue;
      const score = coarse ? Math.floor(random() * 21) / 20 : random();
      pairs.push({ mediatorIndex: i, score });
    }
    return pairs;
  });
  return problemOf(capacities, eligible);
}

function listsOf(problem: BatchProblem): readonly (readonly EligiblePair[])[] {
  if (!Array.isArray(problem.eligible)) throw new Error('test problems use lists');
  return problem.eligible as readonly (readonly EligiblePair[])[];
}

/** The lexicographic optimum (count, then total score) by enumerating every feasible assignment. */
function bruteForce(problem: BatchProblem): { count: number; total: number } {
  const lists = listsOf(problem);
  const load = problem.mediators.map(() => 0);
  let best = { count: 0, total: 0 };
  const visit = (d: number, count: number, total: number): void => {
    if (d === lists.length) {
      if (count > best.count || (count === best.count && total > best.total)) best = { count, total };
      return;
    }
    visit(d + 1, count, total);
    for (const pair of lists[d] ?? []) {
      const capacity = problem.mediators[pair.mediatorIndex]?.remainingCapacity ?? 0;
      if ((load[pair.mediatorIndex] ?? 0) >= capacity) continue;
      load[pair.mediatorIndex] = (load[pair.mediatorIndex] ?? 0) + 1;
      visit(d + 1, count + 1, total + pair.score);
      load[pair.mediatorIndex] = (load[pair.mediatorIndex] ?? 0) - 1;
    }
  };
  visit(0, 0, 0);
  return best;
}

/** Each dispute at most once, only by an eligible pair with its score, capacities respected, totals right. */
function expectFeasible(problem: BatchProblem, result: BatchAssignmentResult): void {
  const lists = listsOf(problem);
  const seen = new Set<number>();
  const load = problem.mediators.map(() => 0);
  let total = 0;
  for (const a of result.assignments) {
    expect(seen.has(a.disputeIndex)).toBe(false);
    seen.add(a.disputeIndex);
    const pair = lists[a.disputeIndex]?.find((p) => p.mediatorIndex === a.mediatorIndex);
    expect(pair, `dispute ${a.disputeIndex} is not eligible for mediator ${a.mediatorIndex}`).toBeDefined();
    expect(a.score).toBe(pair?.score);
    load[a.mediatorIndex] = (load[a.mediatorIndex] ?? 0) + 1;
    total += a.score;
  }
  problem.mediators.forEach((mediator, i) => {
    expect(load[i]).toBeLessThanOrEqual(mediator.remainingCapacity);
  });
  expect(result.assignedCount).toBe(result.assignments.length);
  expect(result.totalScore).toBeCloseTo(total, 9);
}

/** Scores are optimised in units of 10^-6 (see the module header): an exact optimum may differ by that. */
const quantisation = (count: number) => count * 1e-6 + 1e-9;

/** The optimum must not depend on the engine, nor on the side its paths start from. */
const searchSides = [
  { searchFrom: 'disputes', engine: 'sequential' },
  { searchFrom: 'places', engine: 'sequential' },
  { searchFrom: 'disputes', engine: 'phases' },
  { searchFrom: 'places', engine: 'phases' },
  { searchFrom: 'disputes', engine: 'auction' },
] as const;

describe('assignBatch', () => {
  it.each(searchSides)(
    'equals the brute-force optimum on 300 small random instances, never below greedy (from $searchFrom, $engine)',
    (engineAndSide) => {
      let greedyWorse = 0;
      for (let seed = 1; seed <= 300; seed++) {
        const problem = randomProblem(seed);
        const result = assignBatch(problem, engineAndSide);
        const best = bruteForce(problem);
        expect(result.method, `seed ${seed}`).toBe('optimal');
        expect(result.assignedCount, `seed ${seed}`).toBe(best.count);
        expect(Math.abs(result.totalScore - best.total), `seed ${seed}`).toBeLessThanOrEqual(quantisation(best.count));
        expectFeasible(problem, result);
        expect(result.assignedCount).toBeGreaterThanOrEqual(result.greedy.assignedCount);
        if (result.assignedCount === result.greedy.assignedCount) {
          expect(result.totalScore).toBeGreaterThanOrEqual(result.greedy.totalScore);
        }
        if (result.assignedCount > result.greedy.assignedCount || result.totalScore > result.greedy.totalScore + 1e-9) {
          greedyWorse++;
        }
      }
      // The instances are hard enough that greedy loses on some of them.
      expect(greedyWorse).toBeGreaterThan(10);
    },
  );

  it.each(searchSides)(
    'equals the brute-force optimum when scores have at most 6 decimals (exact scaling, from $searchFrom, $engine)',
    (engineAndSide) => {
      for (let seed = 1001; seed <= 1100; seed++) {
        const problem = randomProblem(seed);
        for (const list of listsOf(problem)) {
          for (const pair of list) pair.score = Math.round(pair.score * 1e6) / 1e6;
        }
        const best = bruteForce(problem);
        const result = assignBatch(problem, engineAndSide);
        expect(result.assignedCount, `seed ${seed}`).toBe(best.count);
        expect(result.totalScore, `seed ${seed}`).toBeCloseTo(best.total, 9);
      }
    },
  );

  it.each(searchSides)(
    'equals the brute-force optimum when scores differ only in their 6th decimal (near ties, from $searchFrom, $engine)',
    (engineAndSide) => {
      // The finest differences the scaling keeps: an engine that stopped short of exact (an auction
      // ending at ε > 1, say) would pick among these as if they tied.
      for (let seed = 2001; seed <= 2100; seed++) {
        const problem = randomProblem(seed);
        for (const list of listsOf(problem)) {
          for (const pair of list) pair.score = 0.5 + Math.round(pair.score * 9) / 1e6;
        }
        const best = bruteForce(problem);
        const result = assignBatch(problem, engineAndSide);
        expect(result.assignedCount, `seed ${seed}`).toBe(best.count);
        expect(result.totalScore, `seed ${seed}`).toBeCloseTo(best.total, 9);
      }
    },
  );

  it('assigns more disputes than greedy where greedy takes the best pair first', () => {
    // Greedy gives A the top pair (X, 0.9) and leaves B, whose only mediator is X, unassigned.
    const problem = problemOf(
      [1, 1],
      [
        [
          { mediatorIndex: 0, score: 0.9 },
          { mediatorIndex: 1, score: 0.8 },
        ],
        [{ mediatorIndex: 0, score: 0.85 }],
      ],
    );
    const result = assignBatch(problem);
    expect(result.greedy).toEqual({ assignedCount: 1, totalScore: 0.9 });
    expect(result.method).toBe('optimal');
    expect(result.assignments).toEqual([
      { disputeIndex: 0, mediatorIndex: 1, score: 0.8 },
      { disputeIndex: 1, mediatorIndex: 0, score: 0.85 },
    ]);
    expect(result.totalScore).toBeCloseTo(1.65, 12);
  });

  it('finds a higher total than greedy at the same count', () => {
    const problem = problemOf(
      [1, 1],
      [
        [
          { mediatorIndex: 0, score: 1 },
          { mediatorIndex: 1, score: 0.9 },
        ],
        [
          { mediatorIndex: 0, score: 0.95 },
          { mediatorIndex: 1, score: 0.1 },
        ],
      ],
    );
    const result = assignBatch(problem);
    expect(result.greedy.assignedCount).toBe(2);
    expect(result.greedy.totalScore).toBeCloseTo(1.1, 12);
    expect(result.assignedCount).toBe(2);
    expect(result.totalScore).toBeCloseTo(1.85, 12);
  });

  it('lets a later, better dispute displace an earlier one when capacity is short (search from disputes)', () => {
    // A is placed first; B cannot be added, but swapping B in for A raises the total at equal count.
    const problem = problemOf([1], [[{ mediatorIndex: 0, score: 0.2 }], [{ mediatorIndex: 0, score: 0.9 }]]);
    const result = assignBatch(problem, { searchFrom: 'disputes', engine: 'sequential' });
    expect(result.assignments).toEqual([{ disputeIndex: 1, mediatorIndex: 0, score: 0.9 }]);
    expect(result.stats.augmentations).toBe(2);
  });

  it('never needs a swap in the phase engine, which takes the cheapest path from all unplaced disputes first', () => {
    const problem = problemOf([1], [[{ mediatorIndex: 0, score: 0.2 }], [{ mediatorIndex: 0, score: 0.9 }]]);
    const result = assignBatch(problem, { searchFrom: 'disputes', engine: 'phases' });
    expect(result.assignments).toEqual([{ disputeIndex: 1, mediatorIndex: 0, score: 0.9 }]);
    expect(result.stats).toMatchObject({ augmentations: 1, phases: 1 });
  });

  it("chooses the phase engine from the places when scores are heavily tied, as matching's are", () => {
    // 40 disputes × 8 mediators, every pair eligible, scores in tenths: 320 pairs, 11 distinct scores.
    const eligible = Array.from({ length: 40 }, (_, d) =>
      Array.from({ length: 8 }, (_, i) => ({ mediatorIndex: i, score: ((d * 3 + i * 7) % 11) / 10 })),
    );
    const problem = problemOf([3, 3, 3, 3, 3, 3, 3, 3], eligible);
    const result = assignBatch(problem);
    expect(result.stats).toMatchObject({ engine: 'phases', searchFrom: 'places' });
    // Many equally short paths per Dijkstra: fewer searches than assignments.
    expect(result.stats.phases).toBeLessThan(result.assignedCount);
    const sequential = assignBatch(problem, { engine: 'sequential' });
    expect(sequential.stats.engine).toBe('sequential');
    expect(result.assignedCount).toBe(sequential.assignedCount);
    expect(result.totalScore).toBeCloseTo(sequential.totalScore, 9);
  });

  it('chooses the auction when scores are heavily tied and places are to spare, and agrees with the phase engine', () => {
    // 40 disputes × 8 mediators, every pair eligible, scores in tenths; 8 × 6 = 48 places for 40 disputes.
    const eligible = Array.from({ length: 40 }, (_, d) =>
      Array.from({ length: 8 }, (_, i) => ({ mediatorIndex: i, score: ((d * 3 + i * 7) % 11) / 10 })),
    );
    const problem = problemOf([6, 6, 6, 6, 6, 6, 6, 6], eligible);
    const result = assignBatch(problem);
    expect(result.stats).toMatchObject({ engine: 'auction', searchFrom: 'disputes', augmentations: 40 });
    const phases = assignBatch(problem, { engine: 'phases' });
    expect(result.assignedCount).toBe(40);
    expect(result.totalScore).toBeCloseTo(phases.totalScore, 9);
  });

  it('ends the auction once its assignment is proved optimal, well before ε reaches 1, with the optimum of the phase engine', () => {
    // 300 disputes × 40 mediators, 25 eligible each, scores in hundredths; 40 × 10 = 400 places.
    const eligible = Array.from({ length: 300 }, (_, d) =>
      Array.from({ length: 25 }, (_, k) => {
        const i = (d * 7 + k * 3) % 40;
        return { mediatorIndex: i, score: 0.4 + ((d * 13 + i * 29) % 41) / 100 };
      }),
    );
    const problem = problemOf(
      Array.from({ length: 40 }, () => 10),
      eligible,
    );
    const result = assignBatch(problem);
    expect(result.stats.engine).toBe('auction');
    // ε falls from 20,000 × 701 by a factor 4 a round: 13 rounds to reach 1 (here 2 sufficed).
    expect(result.stats.phases).toBeLessThan(13);
    const phases = assignBatch(problem, { engine: 'phases' });
    expect(result.assignedCount).toBe(phases.assignedCount);
    expect(result.totalScore).toBeCloseTo(phases.totalScore, 9);
  });

  it('keeps the lexicographic objective in the auction: a dispute with one option is placed before a better score', () => {
    // Mediator 0 has one place; dispute 0 can only go there, dispute 1 scores higher there but has mediator 1 too.
    const problem = problemOf(
      [1, 1],
      [
        [{ mediatorIndex: 0, score: 0.1 }],
        [
          { mediatorIndex: 0, score: 0.9 },
          { mediatorIndex: 1, score: 0.2 },
        ],
        [],
      ],
    );
    const result = assignBatch(problem, { engine: 'auction' });
    expect(result.assignments).toEqual([
      { disputeIndex: 0, mediatorIndex: 0, score: 0.1 },
      { disputeIndex: 1, mediatorIndex: 1, score: 0.2 },
    ]);
  });

  it('searches from the places when they are fewer than the disputes: one augmentation, no swap', () => {
    // The one place goes straight to the better dispute; nothing is placed only to be displaced.
    const problem = problemOf([1], [[{ mediatorIndex: 0, score: 0.2 }], [{ mediatorIndex: 0, score: 0.9 }]]);
    const result = assignBatch(problem);
    expect(result.assignments).toEqual([{ disputeIndex: 1, mediatorIndex: 0, score: 0.9 }]);
    expect(result.stats.augmentations).toBe(1);
  });

  it('handles empty inputs', () => {
    const none = assignBatch(problemOf([], []));
    expect(none).toMatchObject({ assignments: [], totalScore: 0, assignedCount: 0, method: 'optimal' });
    expect(none.greedy).toEqual({ totalScore: 0, assignedCount: 0 });
    expect(assignBatch(problemOf([2, 3], [])).assignedCount).toBe(0);
    expect(assignBatch(problemOf([], [[], []])).assignedCount).toBe(0);
    expect(assignBatch(problemOf([1], [[], []])).assignedCount).toBe(0);
  });

  it('assigns nothing to mediators with zero capacity', () => {
    const problem = problemOf(
      [0, 1],
      [
        [
          { mediatorIndex: 0, score: 1 },
          { mediatorIndex: 1, score: 0.3 },
        ],
        [{ mediatorIndex: 0, score: 0.9 }],
      ],
    );
    const result = assignBatch(problem);
    expect(result.assignments).toEqual([{ disputeIndex: 0, mediatorIndex: 1, score: 0.3 }]);
    expect(assignBatch(problemOf([0, 0], [[{ mediatorIndex: 1, score: 1 }]])).assignedCount).toBe(0);
  });

  it('accepts the same problem in CSR form', () => {
    const problem = randomProblem(42);
    const lists = listsOf(problem);
    const offsets = new Int32Array(lists.length + 1);
    lists.forEach((list, d) => {
      offsets[d + 1] = (offsets[d] ?? 0) + list.length;
    });
    const flat = lists.flat();
    const csr = {
      offsets,
      mediatorIndex: Int32Array.from(flat, (p) => p.mediatorIndex),
      score: Float64Array.from(flat, (p) => p.score),
    };
    expect(assignBatch({ ...problem, eligible: csr })).toEqual({
      ...assignBatch(problem),
      stats: expect.anything(),
    });
  });

  it('falls back to greedy when the time budget is spent', () => {
    // Greedy places one dispute here where the optimum places two, so the fallback is visible.
    const problem = problemOf(
      [1, 1],
      [
        [
          { mediatorIndex: 0, score: 0.9 },
          { mediatorIndex: 1, score: 0.8 },
        ],
        [{ mediatorIndex: 0, score: 0.85 }],
      ],
    );
    const result = assignBatch(problem, { timeBudgetMs: 0 });
    expect(result.method).toBe('greedy');
    expect(result.stats.timedOut).toBe(true);
    expect(result.assignments).toEqual([{ disputeIndex: 0, mediatorIndex: 0, score: 0.9 }]);
    expect({ assignedCount: result.assignedCount, totalScore: result.totalScore }).toEqual(result.greedy);
    expectFeasible(problem, result);

    // A clock that jumps past the deadline mid-solve stops the optimal solver too.
    let t = 0;
    const late = assignBatch(problem, { timeBudgetMs: 10, now: () => (t += 100) });
    expect(late.method).toBe('greedy');
    expect(late.assignedCount).toBe(1);

    // With time to spare, the same problem is solved optimally.
    expect(assignBatch(problem, { timeBudgetMs: 10_000 })).toMatchObject({ method: 'optimal', assignedCount: 2 });
  });

  it('greedy takes pairs by score, highest first', () => {
    const problem = problemOf(
      [1],
      [
        [{ mediatorIndex: 0, score: 0.5 }],
        [{ mediatorIndex: 0, score: 0.5000001 }],
        [{ mediatorIndex: 0, score: 0.4 }],
      ],
    );
    const result = assignBatch(problem, { timeBudgetMs: 0 });
    expect(result.assignments).toEqual([{ disputeIndex: 1, mediatorIndex: 0, score: 0.5000001 }]);
  });

  it('rejects malformed input', () => {
    expect(() => assignBatch(problemOf([1], [[{ mediatorIndex: 1, score: 0.5 }]]))).toThrow(RangeError);
    expect(() => assignBatch(problemOf([1], [[{ mediatorIndex: 0, score: 1.5 }]]))).toThrow(RangeError);
    expect(() => assignBatch(problemOf([1], [[{ mediatorIndex: 0, score: Number.NaN }]]))).toThrow(RangeError);
    expect(() => assignBatch(problemOf([-1], [[{ mediatorIndex: 0, score: 0.5 }]]))).toThrow(RangeError);
    expect(() => assignBatch(problemOf([1.5], []))).toThrow(RangeError);
    expect(() => assignBatch({ ...problemOf([1], []), eligible: [[]] })).toThrow(RangeError);
  });
});
