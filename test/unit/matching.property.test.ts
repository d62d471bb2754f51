import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { DisputeCategory } from '../../shared/domain/mediation/categories';
import type { DisputeProfile } from '../../shared/domain/mediation/dispute';
import {
  type Candidate,
  exclusionReasons,
  type RankOptions,
  rankMediators,
  SCORE_WEIGHTS,
  scoreFactors,
} from '../../shared/domain/mediation/matching';
import type { LeavePeriod, Mediator } from '../../shared/domain/mediation/mediator';

const today = '2026-03-16';
/** Few categories, languages, regions and people, so that rosters overlap with disputes often. */
const categories: DisputeCategory[] = ['online_shopping_contract', 'labour', 'family'];
const hashes = ['h-applicant', 'h-respondent', 'h-lawyer', 'h-witness', 'h-other'];
const regionCodes = ['440305', '110108', '310104'];
const oneInFour = fc.nat(3).map((n) => n === 0);

const dispute: fc.Arbitrary<DisputeProfile> = fc.record({
  category: fc.constantFrom(...categories),
  claimMinor: fc.nat({ max: 10_000_000 }),
  currency: fc.constant('CNY'),
  regionCode: fc.constantFrom(...regionCodes),
  subjectMatterRegion: fc.constantFrom(...regionCodes),
  language: fc.constantFrom('zh', 'zh', 'zh', 'en'),
  crossBorder: oneInFour,
  involvedHashes: fc.subarray(hashes.slice(0, 4), { minLength: 1 }),
  onlineAccepted: fc.boolean(),
});

const day = fc.integer({ min: -20, max: 20 }).map((offset) => {
  const date = new Date(`${today}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + offset);
  return date.toISOString().slice(0, 10);
});

const categoryRecord = fc
  .tuple(fc.nat({ max: 60 }), fc.nat({ max: 60 }))
  .map(([a, b]) => ({ settled: Math.min(a, b), closed: Math.max(a, b) }));

/** A mediator with the given id; the weights make about a third of them pass every hard filter. */
const mediatorWith = (id: string): fc.Arbitrary<Mediator> =>
  fc
    .record({
      specialties: fc.shuffledSubarray(categories, { minLength: 1 }),
      languages: fc.oneof(fc.constant<string[]>(['zh']), fc.subarray(['zh', 'en', 'yue'], { minLength: 1 })),
      regions: fc.subarray(['44', '4403', '440000', '440305', '11', '110108', '31', '51']),
      online: fc.boolean(),
      load: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }).chain((c) => fc.tuple(fc.constant(c), fc.nat(c - 1))) },
        { weight: 1, arbitrary: fc.tuple(fc.nat(8), fc.nat(9)) },
      ),
      leave: fc.oneof(
        { weight: 2, arbitrary: fc.constant<LeavePeriod[]>([]) },
        {
          weight: 1,
          arbitrary: fc.array(
            fc.tuple(day, day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
            { maxLength: 2 },
          ),
        },
      ),
      crossBorderQualified: fc.boolean(),
      conflicts: fc.oneof(
        { weight: 2, arbitrary: fc.constant<string[]>([]) },
        { weight: 1, arbitrary: fc.subarray(hashes) },
      ),
      record: fc.record(
        { online_shopping_contract: categoryRecord, labour: categoryRecord, family: categoryRecord },
        { requiredKeys: [] },
      ),
      responseHoursMedian: fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: undefined }),
    })
    .map(({ responseHoursMedian, load: [capacity, activeCases], ...rest }) => ({
      id,
      subjectId: `sub-${id}`,
      name: `Mediator ${id}`,
      contact: {},
      organizationId: 'org_01',
      capacity,
      activeCases,
      ...rest,
      ...(responseHoursMedian === undefined ? {} : { responseHoursMedian }),
    }));

/** Up to 25 mediators with distinct ids; about one in four the twin of the one before (equal scores: ties). */
const roster: fc.Arbitrary<Mediator[]> = fc
  .uniqueArray(fc.nat({ max: 99 }), { maxLength: 25, size: 'medium' })
  .chain((numbers) =>
    fc.tuple(...numbers.map((n) => fc.tuple(mediatorWith(`med_${String(n).padStart(2, '0')}`), oneInFour))),
  )
  .map((drawn) =>
    drawn.map(([mediator, twin], i) => {
      const previous = drawn[i - 1]?.[0];
      return twin && previous !== undefined
        ? { ...previous, id: mediator.id, subjectId: mediator.subjectId }
        : mediator;
    }),
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
          const sum = candidate.factors.reduce((total, f) => total + f.contribution, 0);
          expect(Math.abs(sum - candidate.score)).toBeLessThanOrEqual(1e-12);
          for (const f of candidate.factors) {
            expect(f.weight).toBe(SCORE_WEIGHTS[f.factor]);
            expect(Math.abs(f.contribution - f.value * f.weight)).toBeLessThanOrEqual(1e-15);
            expect(f.value).toBeGreaterThanOrEqual(0);
            expect(f.value).toBeLessThanOrEqual(1);
          }
          expect(candidate.score).toBeGreaterThanOrEqual(0);
          expect(candidate.score).toBeLessThanOrEqual(1 + 1e-12);
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
