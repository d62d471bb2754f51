import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EligiblePair } from '../../shared/domain/mediation/batch-assignment';
import type { DisputeCategory } from '../../shared/domain/mediation/categories';
import { type Dispute, type DisputeProfile, profileOf } from '../../shared/domain/mediation/dispute';
import { ONLINE_PLACE } from '../../shared/domain/mediation/eligibility';
import { eligiblePairs } from '../../shared/domain/mediation/eligible-pairs';
import { rankMediators } from '../../shared/domain/mediation/matching';
import type { Mediator } from '../../shared/domain/mediation/mediator';
import { bucketRoster, placeKey, rankInBuckets, UNSEARCHED_PLACE } from '../../shared/domain/mediation/roster-buckets';
import { dayAround, disputeProfileArbitrary, rosterArbitrary } from '../support/mediation-arbitraries';
import { mediatorFixture } from '../support/mediation-fixtures';

const today = '2026-03-16';
/** Few categories, languages, regions and people, so that rosters overlap with disputes often. */
const categories: DisputeCategory[] = ['online_shopping_contract', 'labour', 'family'];
const hashes = ['h-applicant', 'h-respondent', 'h-lawyer', 'h-other'];
/** Regions of 2, 4 and 6 digits with and without trailing 00 pairs, and odd prefixes only bad data holds. */
const mediatorRegions = [
  '44',
  '4403',
  '440300',
  '440305',
  '440000',
  '4401',
  '440106',
  '11',
  '110108',
  '31',
  '440',
  '44030',
];
const disputeCodes = ['440305', '440306', '440106', '110108', '310104', '4403', '44030'];

const profile = disputeProfileArbitrary(categories, disputeCodes, hashes.slice(0, 3));

/** Records large enough that the pooled prior (≥ 20 closed) often applies, so a wrong pool would show. */
const roster = rosterArbitrary(
  {
    categories,
    hashes,
    languages: ['zh', 'en'],
    regions: fc.subarray(mediatorRegions, { maxLength: 3 }),
    day: dayAround(today, 10),
    recordMax: 30,
    // One in five full (or over), so capacity filters bite.
    unsureLoad: fc.integer({ min: 0, max: 8 }).chain((c) => fc.tuple(fc.constant(c), fc.nat(c + 1))),
    noLeaveWeight: 3,
  },
  40,
);

/** Each party's picks among the roster's ids, and one that is on no roster. */
const picksFrom = (mediators: readonly Mediator[]) =>
  fc.dictionary(
    fc.constantFrom('pty_a', 'pty_b'),
    fc.array(fc.constantFrom(...mediators.map((m) => m.id), 'med_unknown'), { maxLength: 4 }),
  );

const scenario = fc.tuple(roster, fc.array(profile, { minLength: 1, maxLength: 6 })).chain(([mediators, profiles]) =>
  fc.record({
    mediators: fc.constant(mediators),
    disputes: fc.tuple(
      ...profiles.map((p) =>
        fc.record({
          profile: fc.constant(p),
          picks: picksFrom(mediators),
          offered: fc.subarray(mediators.map((m) => m.id)),
          limit: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(200)),
          explain: fc.boolean(),
        }),
      ),
    ),
  }),
);

function asDispute(profile: DisputeProfile, id: string, picks: Record<string, string[]>, offered: string[]): Dispute {
  return {
    id,
    status: 'triaged',
    category: profile.category,
    claim: { amountMinor: profile.claimMinor, currency: profile.currency },
    regionCode: profile.regionCode,
    subjectMatterRegion: profile.subjectMatterRegion,
    language: profile.language,
    summary: '',
    stage: 'pre_filing',
    onlineAccepted: profile.onlineAccepted,
    track: 'simple',
    flags: { crossBorder: profile.crossBorder, manyParties: false },
    mediationDeadline: { lastDay: '2026-04-15', endsAt: '2026-04-15T16:00:00.000Z' },
    extension: { used: false, agreedBy: [] },
    partyIds: Object.keys(picks),
    involvedHashes: profile.involvedHashes,
    picks,
    offeredMediatorIds: offered,
    filedBy: { role: 'applicant', subjectId: 'sub_applicant' },
    createdAt: '2026-03-01T00:00:00.000Z',
  };
}

/** The batch's pairs as they were computed before buckets: every dispute ranked against the whole roster. */
function wholeRosterPairs(disputes: readonly Dispute[], mediators: readonly Mediator[]): EligiblePair[][] {
  const index = new Map(mediators.map((mediator, i) => [mediator.id, i]));
  return disputes.map((dispute) => {
    const offered = new Set(dispute.offeredMediatorIds);
    const ranking = rankMediators(profileOf(dispute), mediators, {
      today,
      picks: dispute.picks,
      limit: 200 + offered.size,
    });
    return ranking.candidates
      .filter((candidate) => !offered.has(candidate.mediatorId))
      .slice(0, 200)
      .map((candidate) => ({ mediatorIndex: index.get(candidate.mediatorId) as number, score: candidate.score }));
  });
}

/** A labour mediator in Shenzhen (4403) who works offline, unless the test says otherwise. */
const mediator = (id: string, overrides: Partial<Mediator> = {}): Mediator =>
  mediatorFixture({ id, contact: {}, specialties: ['labour'], regions: ['4403'], online: false, ...overrides });

const labourInShenzhen: DisputeProfile = {
  category: 'labour',
  claimMinor: 1,
  currency: 'CNY',
  regionCode: '440305',
  subjectMatterRegion: '440305',
  language: 'zh',
  crossBorder: false,
  involvedHashes: ['h-applicant'],
  onlineAccepted: false,
};

describe('bucketRoster', () => {
  it('lists an available mediator under each specialty in each place it serves, online included', () => {
    // Prepare
    const roster = [mediator('med_a', { specialties: ['labour', 'family'], regions: ['440300', '11'], online: true })];

    // Act
    const buckets = bucketRoster(roster, today);

    // Assess
    expect([...buckets.byPlace.keys()].sort()).toEqual(
      [
        placeKey('labour', '4403'),
        placeKey('labour', '11'),
        placeKey('labour', ONLINE_PLACE),
        placeKey('family', '4403'),
        placeKey('family', '11'),
        placeKey('family', ONLINE_PLACE),
      ].sort(),
    );
    for (const bucket of buckets.byPlace.values()) expect(bucket).toEqual([0]);
  });

  it('leaves out mediators at capacity or on leave today, but pools the outcomes of the whole roster', () => {
    // Prepare
    const roster = [
      mediator('med_full', { capacity: 3, activeCases: 3, record: { labour: { settled: 9, closed: 12 } } }),
      mediator('med_away', {
        leave: [{ from: '2026-03-10', to: today }],
        record: { labour: { settled: 4, closed: 10 } },
      }),
      mediator('med_free', { record: { labour: { settled: 1, closed: 2 }, family: { settled: 0, closed: 1 } } }),
    ];

    // Act
    const buckets = bucketRoster(roster, today);

    // Assess
    expect(buckets.byPlace.get(placeKey('labour', '4403'))).toEqual([2]);
    expect(buckets.outcomes.get('labour')).toEqual({ settled: 14, closed: 24 });
    expect(buckets.outcomes.get('family')).toEqual({ settled: 0, closed: 1 });
    expect(buckets.indexById.get('med_away')).toBe(1);
  });

  it('puts a prefix no dispute searches (odd length) in the unsearched place, once per specialty', () => {
    const buckets = bucketRoster([mediator('med_odd', { regions: ['440', '44030', '4403'] })], today);

    expect(buckets.byPlace.get(placeKey('labour', UNSEARCHED_PLACE))).toEqual([0]);
    expect(buckets.byPlace.get(placeKey('labour', '4403'))).toEqual([0]);
  });
});

describe('rankInBuckets', () => {
  it('counts the whole roster in the excluded count and explains a picked mediator outside the buckets', () => {
    // Prepare
    const roster = [
      mediator('med_family', { specialties: ['family'] }),
      mediator('med_beijing', { regions: ['11'] }),
      mediator('med_near'),
    ];
    const picks = { pty_a: ['med_family', 'med_near'] };

    // Act
    const ranking = rankInBuckets(bucketRoster(roster, today), labourInShenzhen, { picks });

    // Assess
    expect(ranking.candidates.map((candidate) => candidate.mediatorId)).toEqual(['med_near']);
    expect(ranking.excludedCount).toBe(2);
    expect(ranking.excluded).toEqual([
      { mediatorId: 'med_family', reasons: [expect.objectContaining({ code: 'specialty' })] },
    ]);
    expect(ranking).toEqual(rankMediators(labourInShenzhen, roster, { today, picks }));
  });

  it('gives exactly the ranking of the whole roster: candidates, scores, order, ranks, exclusions and prior', () => {
    fc.assert(
      fc.property(scenario, ({ mediators, disputes }) => {
        // Act
        const buckets = bucketRoster(mediators, today);

        // Assess
        for (const { profile: p, picks, limit, explain } of disputes) {
          expect(rankInBuckets(buckets, p, { picks, limit, explain })).toEqual(
            rankMediators(p, mediators, { today, picks, limit, explain }),
          );
        }
      }),
      { numRuns: 1_000 },
    );
  });
});

describe('eligiblePairs', () => {
  it('gives the batch the pairs of the whole roster’s ranking, leaving out the mediators already offered', () => {
    fc.assert(
      fc.property(scenario, ({ mediators, disputes }) => {
        // Prepare
        const open = disputes.map(({ profile: p, picks, offered }, i) => asDispute(p, `dsp_${i}`, picks, offered));

        // Act
        const pairs = eligiblePairs(open, mediators, today);

        // Assess
        expect(pairs).toEqual(wholeRosterPairs(open, mediators));
      }),
      { numRuns: 500 },
    );
  });
});
