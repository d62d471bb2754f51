import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { disputeCategories } from '../../shared/domain/mediation/categories';
import type { DisputeProfile } from '../../shared/domain/mediation/dispute';
import { type PicksByParty, type Ranking, rankMediators } from '../../shared/domain/mediation/matching';
import { type Mediator, mediatorChainId } from '../../shared/domain/mediation/mediator';
import { rankEligible } from '../../shared/use-cases/disputes/rank-eligible';
import {
  SYNTHETIC_TODAY,
  seededRandom,
  syntheticMediators,
  syntheticPartyHash,
  syntheticProvinces,
} from '../bench/synthetic-roster';
import { freshTable, storeOn } from '../support/local-table';
import { fixtureOperator } from '../support/mediation-fixtures';

/**
 * The ranking from the eligibility listings is the ranking of the whole roster: the same candidates,
 * scores, reasons and ranks, the same counts and prior, the same excluded picks. On a seeded roster
 * written through the repository's own mediator write: online and in-person mediators, regions at
 * province, city and district level (some as six-digit codes with trailing 00s), leave, conflicts,
 * full capacity, outcome records.
 */
describe('ranking from the eligibility listings', () => {
  let store: DynamoStateStore;
  let roster: Mediator[];

  beforeAll(async () => {
    const table = await freshTable();
    store = storeOn(table);
    const random = seededRandom(1_515);
    roster = syntheticMediators(400, 2_026).map((mediator) => ({
      ...mediator,
      // Some regions as full codes: a city `4403` as `440300`, a province `44` as `440000`.
      regions: mediator.regions.map((region) => (region.length < 6 && random() < 0.4 ? region.padEnd(6, '0') : region)),
    }));
    let next = 0;
    const worker = async () => {
      while (next < roster.length) {
        const mediator = roster[next++] as Mediator;
        await store.commit({
          chainId: mediatorChainId(mediator.id),
          writes: [store.roster.mediatorWrite(undefined, mediator)],
          event: { type: 'mediator.registered', actor: fixtureOperator, data: { mediatorId: mediator.id } },
        });
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
    // 400 registrations, each with up to 40 listings in its transaction: about 6 s alone (it runs in
    // the `load` project), over 120 s once beside the other stack tests.
  }, 300_000);

  /** Disputes across categories, places and flags, with picks of eligible and ineligible mediators. */
  function disputes(): { profile: DisputeProfile; picks: PicksByParty; limit: number }[] {
    const random = seededRandom(77);
    const divisions = syntheticProvinces.flatMap((province) => [
      province.code,
      ...province.cities.flatMap((city) => [city.code, ...city.districts]),
    ]);
    const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)] as T;
    const cases = [];
    for (let n = 0; n < 60; n++) {
      const regionCode = pick(divisions.filter((code) => code.length === 6));
      cases.push({
        profile: {
          category: pick(disputeCategories),
          claimMinor: 100_000,
          currency: 'CNY',
          regionCode,
          subjectMatterRegion: random() < 0.7 ? regionCode : pick(divisions),
          language: random() < 0.9 ? 'zh' : pick(['yue', 'en', 'wuu']),
          crossBorder: random() < 0.15,
          involvedHashes: Array.from({ length: 3 }, () => syntheticPartyHash(Math.floor(random() * 2_000))),
          onlineAccepted: random() < 0.5,
        },
        picks: random() < 0.5 ? {} : { a: [pick(roster).id, pick(roster).id], b: [pick(roster).id] },
        limit: pick([1, 10, 50, 400]),
      });
    }
    return cases;
  }

  /** Excluded mediators come in the order they were read; the roster reads by name, the listings by place. */
  const comparable = (ranking: Ranking) => ({
    ...ranking,
    excluded: [...ranking.excluded].sort((a, b) => (a.mediatorId < b.mediatorId ? -1 : 1)),
  });

  it('ranks every dispute exactly as the whole roster does', async () => {
    const cases = disputes();
    let eligibleSeen = 0;
    let onlineOnly = 0;
    for (const { profile, picks, limit } of cases) {
      const options = { today: SYNTHETIC_TODAY, picks, limit };

      const fromListings = await rankEligible(store, profile, options);

      const fromRoster = rankMediators(profile, roster, options);
      expect(comparable(fromListings)).toEqual(comparable(fromRoster));
      eligibleSeen += fromRoster.eligibleCount;
      if (profile.onlineAccepted) onlineOnly++;
    }
    // The cases exercise something: eligible mediators found, online and in-person disputes both.
    expect(eligibleSeen).toBeGreaterThan(100);
    expect(onlineOnly).toBeGreaterThan(10);
    expect(onlineOnly).toBeLessThan(cases.length - 10);
  }, 60_000);

  it('finds the at-capacity, on-leave and conflicted mediators the filters then exclude', async () => {
    const profile: DisputeProfile = {
      category: 'online_shopping_contract',
      claimMinor: 100_000,
      currency: 'CNY',
      regionCode: '440305',
      subjectMatterRegion: '440305',
      language: 'zh',
      crossBorder: false,
      involvedHashes: roster.flatMap((mediator) => mediator.conflicts).slice(0, 40),
      onlineAccepted: true,
    };
    const listed = await store.roster.eligibleMediators({
      category: profile.category,
      places: ['44', '4403', '440305', 'ONLINE'],
    });
    const ranking = rankMediators(profile, listed, { today: SYNTHETIC_TODAY, explainExcluded: true, limit: 0 });
    const codes = new Set(ranking.excluded.flatMap((excluded) => excluded.reasons.map((reason) => reason.code)));
    for (const code of ['at_capacity', 'on_leave', 'conflict_of_interest']) expect(codes.has(code as never)).toBe(true);
    expect(codes.has('specialty')).toBe(false);
    expect(codes.has('region')).toBe(false);
  });
});
