import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { LocalPiiVault } from '../../shared/adapters/crypto/local-pii-vault';
import { backfillEligibility, needsEligibilityBackfill } from '../../shared/adapters/dynamodb/eligibility-backfill';
import { mediatorRecords } from '../../shared/adapters/dynamodb/roster-records';
import type { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { RuleViolation } from '../../shared/domain/errors';
import type { DisputeCategory } from '../../shared/domain/mediation/categories';
import { ONLINE_PLACE } from '../../shared/domain/mediation/eligibility';
import { type Mediator, mediatorChainId } from '../../shared/domain/mediation/mediator';
import { eligibleRankingOf } from '../../shared/use-cases/disputes/rank-eligible';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { acceptOffer } from '../../shared/use-cases/offers/answer-offer';
import { defaultOfferSettings } from '../../shared/use-cases/offers/deps';
import { offerNext } from '../../shared/use-cases/offers/offer-next';
import { updateMediator } from '../../shared/use-cases/roster/update-mediator';
import { freshTable, storeOn } from '../support/local-table';
import { fixtureOperator, mediatorFixture, putDispute, putMediator } from '../support/mediation-fixtures';
import { TestClock } from '../support/test-clock';

/**
 * The roster's eligibility listings on DynamoDB Local: every write of a mediator keeps its listings
 * (one per specialty and place it serves) and the roster's totals in the same transaction.
 */
describe('roster eligibility listings', () => {
  let store: DynamoStateStore;
  let clock: TestClock;
  const vault = new LocalPiiVault({ encryptionKey: randomBytes(32), hmacKey: randomBytes(32) });

  beforeAll(async () => {
    const table = await freshTable();
    clock = new TestClock();
    store = storeOn(table, clock);
  });

  /** The listings of one mediator, keyed `category#place`, read straight from the table. */
  async function listingsOf(mediator: Mediator, categories: DisputeCategory[], places: string[]) {
    const found = new Map<string, Record<string, unknown>>();
    for (const category of categories) {
      for (const place of places) {
        const item = await store.get(mediatorRecords.eligibleKey(category, place, mediator.id));
        if (item) found.set(`${category}#${place}`, item.attributes);
      }
    }
    return found;
  }

  const everyPlace = ['44', '4403', '440305', '440306', '4401', ONLINE_PLACE];
  const bothCategories: DisputeCategory[] = ['labour', 'family', 'commercial'];

  it('lists a registered mediator under each specialty and place it serves, and counts it in the totals', async () => {
    const before = await store.roster.rosterTotals();

    const mediator = await putMediator(store, {
      specialties: ['labour', 'family'],
      regions: ['440300', '440305'],
      online: true,
      record: { labour: { settled: 3, closed: 4 } },
    });

    const listings = await listingsOf(mediator, bothCategories, everyPlace);
    expect([...listings.keys()].sort()).toEqual([
      'family#4403',
      'family#440305',
      'family#ONLINE',
      'labour#4403',
      'labour#440305',
      'labour#ONLINE',
    ]);
    expect(listings.get('labour#4403')).toMatchObject({
      id: mediator.id,
      capacity: 5,
      activeCases: 0,
      record: { labour: { settled: 3, closed: 4 } },
    });
    // A listing holds what ranking reads: no contact, no name.
    expect(listings.get('labour#4403')).not.toHaveProperty('contact');
    expect(listings.get('family#4403')).toMatchObject({ record: {} });
    const after = await store.roster.rosterTotals();
    expect(after.mediators).toBe(before.mediators + 1);
    expect(after.outcomes.labour).toEqual({
      settled: (before.outcomes.labour?.settled ?? 0) + 3,
      closed: (before.outcomes.labour?.closed ?? 0) + 4,
    });
  });

  it('deletes the listings of a region and of online mediation an update removes, and rewrites the rest', async () => {
    const mediator = await putMediator(store, { specialties: ['labour'], regions: ['440300', '440305'], online: true });

    await updateMediator({ store, vault }, fixtureOperator, mediator.id, {
      regions: ['440300'],
      online: false,
      capacity: 9,
    });

    const listings = await listingsOf(mediator, bothCategories, everyPlace);
    expect([...listings.keys()]).toEqual(['labour#4403']);
    expect(listings.get('labour#4403')).toMatchObject({ capacity: 9, online: false, regions: ['440300'] });
  });

  it('moves a specialty: the old category’s listings go, the new one’s come', async () => {
    const mediator = await putMediator(store, { specialties: ['labour'], regions: ['440306'], online: false });

    await updateMediator({ store, vault }, fixtureOperator, mediator.id, { specialties: ['commercial'] });

    const listings = await listingsOf(mediator, bothCategories, everyPlace);
    expect([...listings.keys()]).toEqual(['commercial#440306']);
  });

  it('copies the load of an accepted offer into every listing', async () => {
    const language = `x${randomBytes(4).toString('hex')}`;
    const mediator = await putMediator(store, {
      specialties: ['online_shopping_contract'],
      regions: ['440300'],
      online: true,
      languages: [language],
    });
    const dispute = await putDispute(store, { language });
    const offers = {
      store,
      clock,
      ids: randomIds,
      settings: defaultOfferSettings,
      requestMessage: messageRequests({ store, clock, ids: randomIds }),
      rankEligible: eligibleRankingOf(store),
    };
    const made = await offerNext(offers, { disputeId: dispute.id, actor: fixtureOperator });
    if (made.outcome !== 'offered') throw new Error(`no offer: ${made.outcome}`);
    expect(made.offer.mediatorId).toBe(mediator.id);

    await acceptOffer(offers, { role: 'mediator', subjectId: mediator.subjectId }, made.offer.offerId);

    const listings = await listingsOf(mediator, ['online_shopping_contract'], ['4403', ONLINE_PLACE]);
    expect([...listings.keys()].sort()).toEqual(['online_shopping_contract#4403', 'online_shopping_contract#ONLINE']);
    for (const listing of listings.values()) expect(listing.activeCases).toBe(1);
  });

  it('refuses an update listing a mediator under more than 40 places, and changes nothing', async () => {
    const mediator = await putMediator(store, { specialties: ['labour', 'family', 'commercial'], regions: ['44'] });
    const regions = Array.from({ length: 14 }, (_, i) => `4403${String(i + 1).padStart(2, '0')}`);

    const refused = updateMediator({ store, vault }, fixtureOperator, mediator.id, { regions });

    await expect(refused).rejects.toBeInstanceOf(RuleViolation);
    await expect(refused).rejects.toMatchObject({ code: 'too_many_places' });
    expect((await store.roster.mediator(mediator.id))?.value.regions).toEqual(['44']);
    expect([...(await listingsOf(mediator, bothCategories, ['44', '440301'])).keys()].sort()).toEqual([
      'commercial#44',
      'family#44',
      'labour#44',
    ]);
  });
});

describe('backfillEligibility', () => {
  it('lists the mediators written before listings were kept, and counts them in the totals', async () => {
    const table = await freshTable();
    const store = storeOn(table, new TestClock());
    const old = mediatorFixture({
      specialties: ['labour'],
      regions: ['440300'],
      online: true,
      record: { labour: { settled: 2, closed: 3 } },
    });
    // As an earlier writer left it: the mediator alone, no listings, no totals.
    const { companions: _none, ...bare } = store.roster.mediatorWrite(undefined, old);
    await store.commit({
      chainId: mediatorChainId(old.id),
      writes: [bare],
      event: { type: 'mediator.registered', actor: fixtureOperator, data: { mediatorId: old.id } },
    });
    expect(await needsEligibilityBackfill(store)).toBe(true);

    const result = await backfillEligibility(table.client, table.tableName, store);

    expect(result).toEqual({ mediators: 1, listings: 2, skipped: 0 });
    expect(await needsEligibilityBackfill(store)).toBe(false);
    const listed = await store.roster.eligibleMediators({ category: 'labour', places: ['4403', ONLINE_PLACE] });
    expect(listed.map((mediator) => mediator.id)).toEqual([old.id]);
    expect(await store.roster.rosterTotals()).toEqual({
      mediators: 1,
      outcomes: { labour: { settled: 2, closed: 3 } },
    });
  });
});
