import { expect } from 'vitest';

/** One factor of a score explained: its value in [0, 1], its weight, and what it adds to the score. */
interface WeightedFactor {
  readonly value: number;
  readonly weight: number;
  readonly contribution: number;
}

/**
 * Asserts that a score is explained by its factors: each weighted as the rule says, contributing its
 * value times its weight, and the contributions summing to the score, which stays in [0, 1].
 * Ranking mediators and ranking addresses explain their scores in this same way.
 */
export function expectExplainedScore<F extends WeightedFactor>(
  score: number,
  factors: readonly F[],
  weightOf: (factor: F) => number,
): void {
  const sum = factors.reduce((total, f) => total + f.contribution, 0);
  expect(Math.abs(sum - score)).toBeLessThanOrEqual(1e-12);
  for (const f of factors) {
    expect(f.weight).toBe(weightOf(f));
    expect(Math.abs(f.contribution - f.value * f.weight)).toBeLessThanOrEqual(1e-15);
    expect(f.value).toBeGreaterThanOrEqual(0);
    expect(f.value).toBeLessThanOrEqual(1);
  }
  expect(score).toBeGreaterThanOrEqual(0);
  expect(score).toBeLessThanOrEqual(1 + 1e-12);
}
