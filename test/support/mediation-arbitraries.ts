import fc from 'fast-check';
import type { DisputeCategory } from '../../shared/domain/mediation/categories';
import type { DisputeProfile } from '../../shared/domain/mediation/dispute';
import type { LeavePeriod, Mediator } from '../../shared/domain/mediation/mediator';

/**
 * fast-check arbitraries for dispute profiles and mediator rosters, shared by the property tests of ranking and of the
 * roster buckets. Each test says what its roster draws from (few categories, languages and regions,
 * so that rosters overlap with disputes often); the shape of a mediator is the same everywhere.
 */
export interface RosterDraws {
  readonly categories: readonly DisputeCategory[];
  /** The hashes of people a mediator may have a conflict with. */
  readonly hashes: readonly string[];
  readonly languages: readonly string[];
  readonly regions: fc.Arbitrary<string[]>;
  /** A day around today, for leave periods. */
  readonly day: fc.Arbitrary<string>;
  /** The most cases closed per category in a mediator's record. */
  readonly recordMax: number;
  /** The [capacity, activeCases] of the one mediator in five whose load is not sure to leave room. */
  readonly unsureLoad: fc.Arbitrary<[number, number]>;
  /** How many mediators with no leave for each one with some. */
  readonly noLeaveWeight: number;
}

/** Days from `-span` to `span` around `today` (YYYY-MM-DD). */
export function dayAround(today: string, span: number): fc.Arbitrary<string> {
  return fc.integer({ min: -span, max: span }).map((offset) => {
    const date = new Date(`${today}T00:00:00Z`);
    date.setUTCDate(date.getUTCDate() + offset);
    return date.toISOString().slice(0, 10);
  });
}

/** True about one time in four. */
export const oneInFour = fc.nat(3).map((n) => n === 0);

/**
 * A dispute's profile in one of the given places, in Chinese three times in four, naming one or more
 * of the given people (whose hashes mediators may have conflicts with).
 */
export function disputeProfileArbitrary(
  categories: readonly DisputeCategory[],
  regionCodes: readonly string[],
  involvedHashes: readonly string[],
): fc.Arbitrary<DisputeProfile> {
  return fc.record({
    category: fc.constantFrom(...categories),
    claimMinor: fc.nat({ max: 10_000_000 }),
    currency: fc.constant('CNY'),
    regionCode: fc.constantFrom(...regionCodes),
    subjectMatterRegion: fc.constantFrom(...regionCodes),
    language: fc.constantFrom('zh', 'zh', 'zh', 'en'),
    crossBorder: oneInFour,
    involvedHashes: fc.subarray([...involvedHashes], { minLength: 1 }),
    onlineAccepted: fc.boolean(),
  });
}

function categoryRecord(max: number) {
  return fc
    .tuple(fc.nat({ max }), fc.nat({ max }))
    .map(([a, b]) => ({ settled: Math.min(a, b), closed: Math.max(a, b) }));
}

/** A mediator with the given id; mostly with room to spare, so that the other filters are what bites. */
export function mediatorArbitrary(id: string, draws: RosterDraws): fc.Arbitrary<Mediator> {
  const record = categoryRecord(draws.recordMax);
  return fc
    .record({
      specialties: fc.shuffledSubarray([...draws.categories], { minLength: 1 }),
      languages: fc.oneof(fc.constant<string[]>(['zh']), fc.subarray([...draws.languages], { minLength: 1 })),
      regions: draws.regions,
      online: fc.boolean(),
      load: fc.oneof(
        { weight: 4, arbitrary: fc.integer({ min: 1, max: 8 }).chain((c) => fc.tuple(fc.constant(c), fc.nat(c - 1))) },
        { weight: 1, arbitrary: draws.unsureLoad },
      ),
      leave: fc.oneof(
        { weight: draws.noLeaveWeight, arbitrary: fc.constant<LeavePeriod[]>([]) },
        {
          weight: 1,
          arbitrary: fc.array(
            fc.tuple(draws.day, draws.day).map(([a, b]) => (a <= b ? { from: a, to: b } : { from: b, to: a })),
            { maxLength: 2 },
          ),
        },
      ),
      crossBorderQualified: fc.boolean(),
      conflicts: fc.oneof(
        { weight: 2, arbitrary: fc.constant<string[]>([]) },
        { weight: 1, arbitrary: fc.subarray([...draws.hashes]) },
      ),
      record: fc.record({ online_shopping_contract: record, labour: record, family: record }, { requiredKeys: [] }),
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
}

/**
 * Up to `maxLength` mediators with distinct ids, in no particular order; about one in four the twin
 * of the one before (equal scores: ties), so that tie-breaking shows.
 */
export function rosterArbitrary(draws: RosterDraws, maxLength: number): fc.Arbitrary<Mediator[]> {
  return fc
    .uniqueArray(fc.nat({ max: 99 }), { maxLength, size: 'medium' })
    .chain((numbers) =>
      fc.tuple(
        ...numbers.map((n) => fc.tuple(mediatorArbitrary(`med_${String(n).padStart(2, '0')}`, draws), oneInFour)),
      ),
    )
    .map((drawn) =>
      drawn.map(([mediator, twin], i) => {
        const previous = drawn[i - 1]?.[0];
        return twin && previous !== undefined
          ? { ...previous, id: mediator.id, subjectId: mediator.subjectId }
          : mediator;
      }),
    );
}
