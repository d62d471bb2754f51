import type { Address } from '../../shared/domain/service/address';
import { emptyOutcomes } from '../../shared/domain/service/address-book';
import { type RankingContext, rankAddresses, type ServicePlan } from '../../shared/domain/service/address-ranking';

/**
 * The strategies the simulation compares (issue 16, item 2). Each is an address order handed to
 * the real ServiceDelivery tasks (`ServiceDeliveryDeps.rankAddresses`); everything else (the sends,
 * the waits, the completion rules, what the book learns) is the platform's, the same for all.
 * The baselines neither rank nor learn: they see every address as if nothing had ever been sent
 * to it (no exclusion for an earlier bounce, no order from outcomes), and keep the order the
 * addresses entered the book in.
 */

export interface Strategy {
  key: 'registered' | 'other_party' | 'fixed_order' | 'platform';
  label: string;
  ranking?: (book: readonly Address[], context: RankingContext) => ServicePlan;
}

/**
 * The book as if nothing had been learned: no outcomes and no `invalid` mark (which only an earlier
 * bounce sets here: left in, it excluded bounced addresses from the baselines' plans, learning the
 * header says they do not do); a source added by an earlier service changes no baseline's choice or order.
 */
function unlearned(book: readonly Address[]): Address[] {
  return book.map(({ invalid: _learned, ...address }) => ({ ...address, outcomes: emptyOutcomes() }));
}

/** The consented electronic addresses, in book order, chosen by `pick`. */
function baseline(pick: (book: readonly Address[]) => Address[]): Strategy['ranking'] {
  return (book, context) => {
    const chosen = pick(unlearned(book));
    const { plan } = rankAddresses(chosen, context);
    const order = new Map(chosen.map((address, index) => [address.addressId, index]));
    plan.sort((a, b) => (order.get(a.addressId) ?? 0) - (order.get(b.addressId) ?? 0));
    const kept = new Set(plan.map((entry) => entry.addressId));
    return {
      plan,
      excluded: book
        .filter((address) => !kept.has(address.addressId))
        .map((address) => ({
          addressId: address.addressId,
          reasons: [{ code: 'not_electronic' as const, reason: 'not in this baseline strategy' }],
        })),
    };
  };
}

const firstWith = (source: string, channel?: string) => (book: readonly Address[]) => {
  const found = book.find(
    (address) =>
      address.sources.some((s) => s.source === source) && (channel === undefined || address.channel === channel),
  );
  return found ? [found] : [];
};

export const strategies: readonly Strategy[] = [
  {
    key: 'registered',
    label: 'registered number only',
    ranking: baseline(firstWith('registration_record', 'sms')),
  },
  { key: 'other_party', label: 'first other-party address', ranking: baseline(firstWith('other_party_provided')) },
  { key: 'fixed_order', label: 'every address, fixed order', ranking: baseline((book) => [...book]) },
  { key: 'platform', label: 'platform: ranking, learning' },
];
