import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type Address,
  type AddressOutcomes,
  addressChannels,
  addressSources,
  type ServiceConsentRecord,
} from '../../shared/domain/service/address';
import {
  RANKING_WEIGHTS,
  type RankedAddress,
  rankAddresses,
  rankingFactors,
} from '../../shared/domain/service/address-ranking';
import { expectExplainedScore } from '../support/weighted-score';

const now = new Date('2026-03-16T00:00:00.000Z');
const consent: ServiceConsentRecord = { basis: 'platform_declaration', recordedAt: '2026-03-01T00:00:00.000Z' };
const CHANNEL_ORDER: Record<string, number> = { sms: 0, email: 1 };

/** Outcomes that add up: deliveries and bounces within the attempts, signatures within the deliveries. */
const outcomes: fc.Arbitrary<AddressOutcomes> = fc
  .record({
    delivered: fc.nat(6),
    hardBounces: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.nat(3) }),
    softBounces: fc.nat(3),
    unreached: fc.nat(3),
    acknowledgedShare: fc.double({ min: 0, max: 1, noNaN: true }),
    lastOutcome: fc.option(
      fc.constantFrom('delivered', 'acknowledged', 'hard_bounce', 'soft_bounce', 'no_receipt', 'unknown' as const),
      { nil: undefined },
    ),
  })
  .map(({ delivered, hardBounces, softBounces, unreached, acknowledgedShare, lastOutcome }) => ({
    attempts: delivered + hardBounces + softBounces + unreached,
    delivered,
    acknowledged: Math.floor(delivered * acknowledgedShare),
    hardBounces,
    softBounces,
    ...(lastOutcome === undefined ? {} : { lastOutcome }),
  }));

/** From years ago to a little in the future (a clock skew between systems). */
const observedAt = fc
  .date({ min: new Date('2022-01-01T00:00:00Z'), max: new Date('2026-04-01T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

const addressWith = (addressId: string): fc.Arbitrary<Address> =>
  fc
    .record({
      channel: fc.oneof(
        { weight: 4, arbitrary: fc.constantFrom('sms' as const, 'email' as const) },
        { weight: 1, arbitrary: fc.constantFrom(...addressChannels) },
      ),
      sources: fc.array(fc.record({ source: fc.constantFrom(...addressSources), observedAt }), {
        minLength: 1,
        maxLength: 4,
      }),
      outcomes,
      invalid: fc.option(fc.boolean(), { nil: undefined, freq: 3 }),
    })
    .map(({ invalid, ...rest }) => ({
      addressId,
      personHash: 'person-1',
      value: `value-of-${addressId}`,
      ...rest,
      ...(invalid === undefined ? {} : { invalid }),
    }));

/** A book of up to 12 addresses with distinct ids; some the twin of the one before (equal scores). */
const book: fc.Arbitrary<Address[]> = fc
  .uniqueArray(fc.stringMatching(/^[a-z]{1,3}$/), { maxLength: 12 })
  .chain((ids) => fc.tuple(...ids.map((id) => fc.tuple(addressWith(id), fc.nat(3)))))
  .map((drawn) =>
    drawn.map(([address, twin], i) => {
      const previous = drawn[i - 1]?.[0];
      return twin === 0 && previous !== undefined ? { ...previous, addressId: address.addressId } : address;
    }),
  );

/** Whether `a` comes before `b` in a plan: higher score, then SMS before email, then lower id. */
function before(a: RankedAddress, b: RankedAddress): boolean {
  if (a.score !== b.score) return a.score > b.score;
  if (a.channel !== b.channel) return (CHANNEL_ORDER[a.channel] ?? 9) < (CHANNEL_ORDER[b.channel] ?? 9);
  return a.addressId < b.addressId;
}

/** The rule for leaving an address out of the plan, written from the module's header. */
function servable(address: Address): boolean {
  const { hardBounces, delivered, lastOutcome } = address.outcomes;
  const hardBounced = lastOutcome === 'hard_bounce' || (hardBounces > 0 && delivered === 0);
  // Known silent (issue 16): not designated, delivered twice or more, never opened or signed for.
  const reached = (address.outcomes.reached ?? 0) > 0 || address.outcomes.acknowledged > 0;
  const designated = address.sources.some((s) => s.source === 'recipient_designated');
  const silent = !designated && !reached && delivered >= 2;
  return (
    (address.channel === 'sms' || address.channel === 'email') && address.invalid !== true && !hardBounced && !silent
  );
}

describe('rankAddresses', () => {
  it('explains every planned address by five weighted factors whose contributions sum to its score', () => {
    fc.assert(
      fc.property(book, (addresses) => {
        // Act
        const { plan } = rankAddresses(addresses, { now, consent });

        // Assess
        for (const ranked of plan) {
          expect(ranked.factors.map((f) => f.name).sort()).toEqual([...rankingFactors].sort());
          expectExplainedScore(ranked.score, ranked.factors, (f) => RANKING_WEIGHTS[f.name]);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('orders the plan by score descending, then SMS before email, then address id', () => {
    fc.assert(
      fc.property(book, (addresses) => {
        // Act
        const { plan } = rankAddresses(addresses, { now, consent });

        // Assess
        for (let k = 1; k < plan.length; k++) {
          expect(before(plan[k - 1] as RankedAddress, plan[k] as RankedAddress)).toBe(true);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('plans exactly the electronic, valid, not hard-bounced, not known-silent addresses, and explains every other one', () => {
    fc.assert(
      fc.property(book, (addresses) => {
        // Act
        const { plan, excluded } = rankAddresses(addresses, { now, consent });

        // Assess: a partition of the book
        const expectedPlan = addresses.filter(servable).map((a) => a.addressId);
        expect(plan.map((r) => r.addressId).sort()).toEqual(expectedPlan.sort());
        expect(excluded.map((e) => e.addressId).sort()).toEqual(
          addresses
            .filter((a) => !servable(a))
            .map((a) => a.addressId)
            .sort(),
        );
        for (const entry of excluded) expect(entry.reasons.length).toBeGreaterThan(0);
      }),
      { numRuns: 200 },
    );
  });

  it('plans nothing without the recipient’s consent, and says so for every address', () => {
    fc.assert(
      fc.property(book, (addresses) => {
        // Act
        const { plan, excluded } = rankAddresses(addresses, { now, consent: undefined });

        // Assess
        expect(plan).toEqual([]);
        expect(excluded).toHaveLength(addresses.length);
        for (const entry of excluded) expect(entry.reasons.map((r) => r.code)).toContain('no_consent');
      }),
      { numRuns: 100 },
    );
  });
});
