import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleViolation } from '../../shared/domain/errors';
import type { DisputeCategory } from '../../shared/domain/mediation/categories';
import type { DisputeProfile } from '../../shared/domain/mediation/dispute';
import {
  assertListable,
  eligibilityPlaces,
  MAX_ELIGIBILITY_PLACES,
  ONLINE_PLACE,
  placesToSearch,
  regionPrefix,
} from '../../shared/domain/mediation/eligibility';
import { exclusionReasons, regionCovers } from '../../shared/domain/mediation/matching';
import type { Mediator } from '../../shared/domain/mediation/mediator';

const categories: DisputeCategory[] = ['online_shopping_contract', 'labour', 'family'];
/** Division codes of 2, 4 and 6 digits around two cities, some with trailing 00 pairs. */
const regions = ['44', '4403', '440300', '440305', '440306', '440000', '4401', '440106', '11', '110108', '110000'];
const disputeCodes = ['44', '4403', '440305', '440306', '440106', '110108', '1101', '310104'];

const mediator = fc.record({
  specialties: fc.subarray(categories, { minLength: 1 }),
  regions: fc.subarray(regions),
  online: fc.boolean(),
});

const dispute = fc.record({
  category: fc.constantFrom(...categories),
  regionCode: fc.constantFrom(...disputeCodes),
  subjectMatterRegion: fc.constantFrom(...disputeCodes),
  onlineAccepted: fc.boolean(),
});

/** The whole profile matching checks, with every filter but specialty and region passed. */
function asMediator(profile: Pick<Mediator, 'specialties' | 'regions' | 'online'>): Mediator {
  return {
    id: 'med_1',
    subjectId: 'sub_1',
    name: 'M',
    contact: {},
    organizationId: 'org_1',
    languages: ['zh'],
    capacity: 5,
    activeCases: 0,
    leave: [],
    crossBorderQualified: true,
    conflicts: [],
    record: {},
    ...profile,
  };
}

function asDispute(
  profile: Pick<DisputeProfile, 'category' | 'regionCode' | 'subjectMatterRegion' | 'onlineAccepted'>,
) {
  return {
    claimMinor: 1,
    currency: 'CNY',
    language: 'zh',
    crossBorder: false,
    involvedHashes: [],
    ...profile,
  } satisfies DisputeProfile;
}

describe('eligibility places', () => {
  it('finds a mediator in the places a dispute searches exactly when matching’s specialty and region filters pass', () => {
    fc.assert(
      fc.property(mediator, dispute, (m, d) => {
        const searched = new Set(placesToSearch(d));
        const listed = eligibilityPlaces(m).some((entry) => entry.category === d.category && searched.has(entry.place));
        const reasons = exclusionReasons(asMediator(m), asDispute(d), '2026-03-16').map((reason) => reason.code);
        const passes = !reasons.includes('specialty') && !reasons.includes('region');
        expect(listed).toBe(passes);
      }),
      { numRuns: 2_000 },
    );
  });

  it('takes a region prefix by matching’s rule: a six-digit code’s trailing 00 pairs are wildcards', () => {
    expect(['440305', '440300', '440000', '000000', '4400', '44'].map(regionPrefix)).toEqual([
      '440305',
      '4403',
      '44',
      '00',
      '4400',
      '44',
    ]);
    fc.assert(
      fc.property(fc.constantFrom(...regions), fc.constantFrom(...disputeCodes), (region, code) => {
        expect(code.startsWith(regionPrefix(region))).toBe(regionCovers(region, code));
      }),
    );
  });

  it('lists each specialty once per distinct place, online included', () => {
    const places = eligibilityPlaces({
      specialties: ['labour', 'labour'],
      regions: ['440300', '4403', '44'],
      online: true,
    });
    expect(places).toEqual([
      { category: 'labour', place: '4403' },
      { category: 'labour', place: '44' },
      { category: 'labour', place: ONLINE_PLACE },
    ]);
  });

  it(`refuses more than ${MAX_ELIGIBILITY_PLACES} places with too_many_places`, () => {
    const districts = (n: number) => Array.from({ length: n }, (_, i) => `4403${String(i + 1).padStart(2, '0')}`);
    expect(() =>
      assertListable({ specialties: ['labour', 'family'], regions: districts(19), online: true }),
    ).not.toThrow();
    expect(() => assertListable({ specialties: ['labour', 'family'], regions: districts(20), online: true })).toThrow(
      RuleViolation,
    );
  });
});
