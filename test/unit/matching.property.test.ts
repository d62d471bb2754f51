import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DisputeCategory } from '../../shared/domain/mediation/categories';
import {
  type Candidate,
  exclusionReasons,
  type RankOptions,
  rankMediators,
  SCORE_WEIGHTS,
  scoreFactors,
} from '../../shared/domain/mediation/matching';
import type { Mediator } from '../../shared/domain/mediation/mediator';
import { dayAround, disputeProfileArbitrary, rosterArbitrary } from '../support/mediation-arbitraries';
import { expectExplainedScore } from '../support/weighted-score';

const today = '2026-03-16';
/** Few categories, languages, regions and people, so that rosters overlap with disputes often. */
const categories: DisputeCategory[] = ['online_shopping_contract', 'labour', 'family'];
const hashes = ['h-applicant', 'h-respondent', 'h-lawyer', 'h-witness', 'h-other'];
const regionCodes = ['440305', '110108', '310104'];

const dispute = disputeProfileArbitrary(categories, regionCodes, hashes.slice(0, 4));

/** What a roster draws from: one mediator in five may be full or over capacity. */
const roster = rosterArbitrary(
  {
    categories,
    hashes,
    languages: ['zh', 'en', 'yue'],
    regions: fc.subarray(['44', '4403', '440000', '440305', '11', '110108', '31', '51']),
    day: dayAround(today, 20),
    recordMax: 60,
    unsureLoad: fc.tuple(fc.nat(8), fc.nat(9)),
    noLeaveWeight: 2,
  },
  25,
);

/** Each party's picks among the roster's ids and some that are on no roster. */
const options = (mediators: readonly Mediator[]): fc.Arbitrary<RankOptions> => {
  const ids = [...mediators.map((m) => m.id), 'med_unknown'];
  return fc.record(
    {
      today: fc.constant(today),
      picks: fc.dictionary(
        fc.constantFrom('pty_a', 'pty_b', 'pty_c'),
        fc.array(fc.constantFrom(...ids), { maxLength: 5 }),
      ),
      limit: fc.integer({ min: 0, max: 12 }),
      outcomePrior: fc.double({ min: 0, max: 1, noNaN: true }),
    },
    { requiredKeys: ['today'] },
  );
};

const scenario = fc
  .tuple(dispute, roster)
  .chain(([d, mediators]) =>
    options(mediators).map((rankOptions) => ({ dispute: d, mediators, options: rankOptions })),
  );

/** Candidate a before b: higher score, then lower id. */
const before = (a: Candidate, b: Candidate) =>
  a.score > b.score || (a.score === b.score && a.mediatorId < b.mediatorId);

describe('rankMediators', () => {
  it('explains every candidate by five weighted factors whose contributions sum to its score', () => {
    fc.assert(
      fc.property(scenario, ({ dispute: d, mediators, options: o }) => {
        // Act
        const { candidates } = rankMediators(d, mediators, o);

        // Assess
        for (const candidate of candidates) {
          expect(candidate.factors.map((f) => f.factor)).toEqual([...scoreFactors]);
          expectExplainedScore(candidate.score, candidate.factors, (f) => SCORE_WEIGHTS[f.factor]);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('never ranks a mediator with a conflict of interest with any party or representative, even when picked', () => {
    fc.assert(
      fc.property(scenario, ({ dispute: d, mediators, options: o }) => {
        // Act
        const ranking = rankMediators(d, mediators, { ...o, explainExcluded: true, limit: mediators.length });

        // Assess
        const conflicted = mediators.filter((m) => m.conflicts.some((hash) => d.involvedHashes.includes(hash)));
        const ranked = new Set(ranking.candidates.map((c) => c.mediatorId));
        for (const mediator of conflicted) {
          expect(ranked.has(mediator.id)).toBe(false);
          const excluded = ranking.excluded.find((e) => e.mediatorId === mediator.id);
          expect(excluded?.reasons.map((r) => r.code)).toContain('conflict_of_interest');
        }
      }),
      { numRuns: 100 },
    );
  });

  it('ranks candidates by score descending, ties by mediator id, with ranks counting from 1', () => {
    fc.assert(
      fc.property(scenario, ({ dispute: d, mediators, options: o }) => {
        // Act
        const { candidates, eligibleCount } = rankMediators(d, mediators, o);

        // Assess
        for (let k = 1; k < candidates.length; k++) {
          expect(before(candidates[k - 1] as Candidate, candidates[k] as Candidate)).toBe(true);
          expect((candidates[k] as Candidate).rank).toBeGreaterThan((candidates[k - 1] as Candidate).rank);
        }
        const topSize = Math.min(o.limit ?? 10, eligibleCount);
        expect(candidates.slice(0, topSize).map((c) => c.rank)).toEqual(
          Array.from({ length: topSize }, (_, k) => k + 1),
        );
      }),
      { numRuns: 100 },
    );
  });

  it('returns the top of the full ranking, plus every eligible picked mediator at its full rank', () => {
    fc.assert(
      fc.property(scenario, ({ dispute: d, mediators, options: o }) => {
        // Prepare: the full ranking of every eligible mediator
        const full = rankMediators(d, mediators, { ...o, limit: mediators.length }).candidates;
        const limit = o.limit ?? 10;
        const picked = new Set(Object.values(o.picks ?? {}).flat());

        // Act
        const { candidates } = rankMediators(d, mediators, o);

        // Assess
        const expected = full.filter((c) => c.rank <= limit || picked.has(c.mediatorId));
        expect(candidates).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('agrees with the explained filters: candidates fail none, every excluded mediator fails one', () => {
    fc.assert(
      fc.property(scenario, ({ dispute: d, mediators, options: o }) => {
        // Act
        const ranking = rankMediators(d, mediators, { ...o, explainExcluded: true, limit: mediators.length });

        // Assess
        expect(ranking.eligibleCount + ranking.excludedCount).toBe(mediators.length);
        expect(ranking.candidates).toHaveLength(ranking.eligibleCount);
        expect(ranking.excluded).toHaveLength(ranking.excludedCount);
        for (const candidate of ranking.candidates) {
          const mediator = mediators.find((m) => m.id === candidate.mediatorId) as Mediator;
          expect(exclusionReasons(mediator, d, today)).toEqual([]);
        }
        for (const excluded of ranking.excluded) expect(excluded.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 100 },
    );
  });

  it('without explanations (explain: false) gives the same candidates, scores, ranks and exclusions, factors empty', () => {
    fc.assert(
      fc.property(scenario, ({ dispute: d, mediators, options: o }) => {
        // Act
        const explained = rankMediators(d, mediators, o);
        const bare = rankMediators(d, mediators, { ...o, explain: false });

        // Assess
        expect(bare).toEqual({
          ...explained,
          candidates: explained.candidates.map((candidate) => ({ ...candidate, factors: [] })),
        });
      }),
      { numRuns: 200 },
    );
  });
});
