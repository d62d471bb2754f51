import { describe, expect, it } from 'vitest';
import type { Address, AddressSource, ServiceConsentRecord } from '../../shared/domain/service/address';
import {
  addressReach,
  RANKING_WEIGHTS,
  rankAddresses,
  sourceReliability,
} from '../../shared/domain/service/address-ranking';

const now = new Date('2026-03-16T00:00:00.000Z');
const consent: ServiceConsentRecord = { basis: 'platform_declaration', recordedAt: '2026-03-01T00:00:00.000Z' };
const recently = '2026-03-01T00:00:00.000Z';

function address(
  id: string,
  overrides: Partial<Address> = {},
  sources: AddressSource[] = ['registration_record'],
): Address {
  return {
    addressId: id,
    personHash: 'person-1',
    channel: 'sms',
    value: `+86138${id.padStart(8, '0').slice(-8)}`,
    sources: sources.map((source) => ({ source, observedAt: recently })),
    outcomes: { attempts: 0, delivered: 0, acknowledged: 0, hardBounces: 0, softBounces: 0 },
    ...overrides,
  };
}

describe('rankAddresses', () => {
  it('puts a recipient-designated address before the other party’s', () => {
    const book = [address('a', {}, ['other_party_provided']), address('b', {}, ['recipient_designated'])];

    const { plan, excluded } = rankAddresses(book, { now, consent });

    expect(plan.map((r) => r.addressId)).toEqual(['b', 'a']);
    expect(plan[0]?.completesAtDelivery).toBe(true);
    expect(plan[1]?.completesAtDelivery).toBe(false);
    expect(excluded).toEqual([]);
  });

  it('orders sources by reliability when all else is equal', () => {
    const sources: AddressSource[] = [
      'other_party_provided',
      'civil_activity_record',
      'registration_record',
      'earlier_service',
      'recipient_designated',
    ];
    const book = sources.map((source, i) => address(`a${i}`, {}, [source]));

    const { plan } = rankAddresses(book, { now, consent });

    expect(plan.map((r) => r.sources[0])).toEqual([...sources].reverse());
  });

  it('explains every score with factors whose contributions sum to it', () => {
    const { plan } = rankAddresses([address('a', {}, ['court_record', 'other_party_provided'])], { now, consent });
    const ranked = plan[0];

    expect(ranked?.factors.map((f) => f.name).sort()).toEqual(Object.keys(RANKING_WEIGHTS).sort());
    expect(ranked?.factors.reduce((sum, f) => sum + f.contribution, 0)).toBeCloseTo(ranked?.score ?? -1, 12);
    for (const f of ranked?.factors ?? []) {
      expect(f.contribution).toBeCloseTo(f.value * f.weight, 12);
      expect(f.value).toBeGreaterThanOrEqual(0);
      expect(f.value).toBeLessThanOrEqual(1);
      expect(f.explanation.length).toBeGreaterThan(0);
    }
    expect(ranked?.score).toBeGreaterThan(0);
    expect(ranked?.score).toBeLessThanOrEqual(1);
    expect(Object.values(RANKING_WEIGHTS).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
  });

  it('scores a fresh observation above an old one', () => {
    const book = [
      address('old', { sources: [{ source: 'court_record', observedAt: '2024-03-16T00:00:00.000Z' }] }),
      address('new', { sources: [{ source: 'court_record', observedAt: '2026-03-15T00:00:00.000Z' }] }),
    ];

    const { plan } = rankAddresses(book, { now, consent });

    expect(plan.map((r) => r.addressId)).toEqual(['new', 'old']);
    const recency = plan[1]?.factors.find((f) => f.name === 'recency');
    expect(recency?.value).toBeCloseTo(0.5 ** (730 / 180), 3);
  });

  it('prefers SMS to email at the same source', () => {
    const book = [address('e', { channel: 'email', value: 'a@example.com' }), address('s')];

    expect(rankAddresses(book, { now, consent }).plan.map((r) => r.addressId)).toEqual(['s', 'e']);
  });

  it('breaks ties by address id', () => {
    const book = [address('b'), address('a'), address('c')];

    expect(rankAddresses(book, { now, consent }).plan.map((r) => r.addressId)).toEqual(['a', 'b', 'c']);
  });

  it('smooths the outcome record so one success does not beat a long record', () => {
    const once = address('once', {
      outcomes: { attempts: 1, delivered: 1, acknowledged: 1, hardBounces: 0, softBounces: 0 },
    });
    const often = address('often', {
      outcomes: { attempts: 20, delivered: 19, acknowledged: 19, hardBounces: 0, softBounces: 1 },
    });

    const { plan } = rankAddresses([once, often], { now, consent });

    expect(plan.map((r) => r.addressId)).toEqual(['often', 'once']);
  });

  it('excludes hard-bounced, invalid and non-electronic addresses with reasons', () => {
    const book = [
      address('ok'),
      address('bounced', {
        outcomes: {
          attempts: 1,
          delivered: 0,
          acknowledged: 0,
          hardBounces: 1,
          softBounces: 0,
          lastOutcome: 'hard_bounce',
        },
      }),
      address('invalid', { invalid: true }),
      address('post', { channel: 'postal', value: '深圳市南山区' }),
      address('wechat', { channel: 'im', value: 'wxid_123' }),
    ];

    const { plan, excluded } = rankAddresses(book, { now, consent });

    expect(plan.map((r) => r.addressId)).toEqual(['ok']);
    expect(excluded.map((e) => [e.addressId, e.reasons.map((r) => r.code)])).toEqual([
      ['bounced', ['hard_bounced']],
      ['invalid', ['invalid']],
      ['post', ['not_electronic']],
      ['wechat', ['not_electronic']],
    ]);
  });

  it('ranks nothing without the recipient’s consent', () => {
    const book = [address('a', {}, ['recipient_designated']), address('b')];

    const { plan, excluded } = rankAddresses(book, { now, consent: undefined });

    expect(plan).toEqual([]);
    expect(excluded.map((e) => e.reasons.map((r) => r.code))).toEqual([['no_consent'], ['no_consent']]);
  });
});

describe('a failed designated number', () => {
  const failedOnce = {
    outcomes: {
      attempts: 1,
      delivered: 0,
      acknowledged: 0,
      hardBounces: 0,
      softBounces: 0,
      lastOutcome: 'no_receipt' as const,
    },
  };

  it('ranks lower next time for that person: below an address that reached them and below an untried designated one', () => {
    const number = address('number', failedOnce, ['recipient_designated']);
    const reached = address(
      'reached',
      {
        channel: 'email',
        value: 'me@example.cn',
        outcomes: {
          attempts: 1,
          delivered: 1,
          acknowledged: 1,
          hardBounces: 0,
          softBounces: 0,
          lastOutcome: 'acknowledged',
        },
      },
      ['earlier_service'],
    );
    const untried = address('untried', { channel: 'email', value: 'new@example.cn' }, ['recipient_designated']);

    expect(rankAddresses([number, reached], { now, consent }).plan.map((r) => r.addressId)).toEqual([
      'reached',
      'number',
    ]);
    expect(rankAddresses([number, untried], { now, consent }).plan.map((r) => r.addressId)).toEqual([
      'untried',
      'number',
    ]);
  });

  it('says why, and is restored by a delivery', () => {
    const [failed] = rankAddresses([address('n', failedOnce, ['recipient_designated'])], { now, consent }).plan;
    const [fresh] = rankAddresses([address('n', {}, ['recipient_designated'])], { now, consent }).plan;
    const [deliveredAgain] = rankAddresses(
      [
        address(
          'n',
          {
            outcomes: {
              attempts: 2,
              delivered: 1,
              acknowledged: 0,
              hardBounces: 0,
              softBounces: 0,
              lastOutcome: 'delivered',
            },
          },
          ['recipient_designated'],
        ),
      ],
      { now, consent },
    ).plan;

    const completes = failed?.factors.find((f) => f.name === 'completes_at_delivery');
    expect(completes?.value).toBe(0.5);
    expect(completes?.explanation).toContain('last attempt failed (1× since it last delivered)');
    expect(failed?.score).toBeLessThan(fresh?.score ?? 0);
    expect(deliveredAgain?.factors.find((f) => f.name === 'completes_at_delivery')?.value).toBe(1);
  });
});

describe('address reach (issue 16)', () => {
  const delivered = (times: number, reached = 0) => ({
    outcomes: { attempts: times, delivered: times, acknowledged: 0, hardBounces: 0, softBounces: 0, reached },
  });

  it('says an address reaches the person once they opened or signed there, and is untested before', () => {
    const opened = address('opened', delivered(1, 1));
    const signed = address('signed', {
      outcomes: { attempts: 1, delivered: 1, acknowledged: 1, hardBounces: 0, softBounces: 0 },
    });
    const fresh = address('fresh');
    expect(addressReach(opened, [opened])).toBe('reaches');
    expect(addressReach(signed, [signed])).toBe('reaches');
    expect(addressReach(fresh, [fresh])).toBe('untested');
  });

  it('calls a delivered, never opened address silent when the person reads elsewhere or after two deliveries', () => {
    const once = address('once', delivered(1));
    const elsewhere = address('elsewhere', delivered(1, 1));
    const twice = address('twice', delivered(2));
    expect(addressReach(once, [once])).toBe('untested');
    expect(addressReach(once, [once, elsewhere])).toBe('silent');
    expect(addressReach(twice, [twice])).toBe('silent');
  });

  it('ranks an address the person reads above an equal one delivered to and never opened', () => {
    const reads = address('reads', delivered(1, 1), ['civil_activity_record']);
    const silent = address('silent', delivered(1), ['registration_record']);

    const { plan } = rankAddresses([silent, reads], { now, consent });

    expect(plan.map((r) => [r.addressId, r.reach])).toEqual([
      ['reads', 'reaches'],
      ['silent', 'silent'],
    ]);
  });

  it('leaves out a non-designated address delivered twice and never opened, never a designated one', () => {
    const registry = address('registry', delivered(2));
    const designated = address('designated', delivered(2), ['recipient_designated']);

    const { plan, excluded } = rankAddresses([registry, designated], { now, consent });

    expect(plan.map((r) => [r.addressId, r.reach])).toEqual([['designated', 'silent']]);
    expect(excluded.map((e) => [e.addressId, e.reasons.map((r) => r.code)])).toEqual([['registry', ['silent']]]);
  });
});

describe('sourceReliability', () => {
  it('counts a corroborating source, but less than fully', () => {
    const single = sourceReliability(['registration_record']);
    const both = sourceReliability(['registration_record', 'court_record']);

    expect(single).toBeCloseTo(0.6, 12);
    expect(both).toBeGreaterThan(single);
    expect(both).toBeLessThan(1 - 0.4 * 0.4);
    expect(sourceReliability(['recipient_designated', 'other_party_provided'])).toBe(1);
  });
});
