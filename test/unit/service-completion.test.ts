import { describe, expect, it } from 'vitest';
import type { Address, ServiceConsentRecord } from '../../shared/domain/service/address';
import { mergeIntoBook } from '../../shared/domain/service/address-book';
import { rankAddresses } from '../../shared/domain/service/address-ranking';
import {
  completesServiceAt,
  earlierServiceSource,
  recordOutcome,
  recordReach,
  serviceTime,
} from '../../shared/domain/service/service-completion';

const sent = '2026-03-16T01:00:00.000Z';
const delivered = '2026-03-16T01:00:05.000Z';
const signed = '2026-03-16T05:30:00.000Z';

describe('completesServiceAt', () => {
  it('completes at the delivery receipt for a recipient-designated address', () => {
    expect(completesServiceAt({ addressSources: ['recipient_designated'], deliveredAt: delivered })).toBe(delivered);
  });

  it('completes at delivery when the designated address was also named by others', () => {
    expect(
      completesServiceAt({ addressSources: ['other_party_provided', 'recipient_designated'], deliveredAt: delivered }),
    ).toBe(delivered);
  });

  it('does not complete at delivery for any other source', () => {
    for (const source of [
      'other_party_provided',
      'registration_record',
      'civil_activity_record',
      'earlier_service',
      'court_record',
    ] as const) {
      expect(completesServiceAt({ addressSources: [source], deliveredAt: delivered })).toBeUndefined();
    }
  });

  it('completes when the recipient signs for the document in the portal', () => {
    expect(
      completesServiceAt({ addressSources: ['other_party_provided'], deliveredAt: delivered, acknowledgedAt: signed }),
    ).toBe(signed);
  });

  it('completes at a signature even without a delivery receipt', () => {
    expect(completesServiceAt({ addressSources: ['court_record'], acknowledgedAt: signed })).toBe(signed);
  });

  it('is not complete before anything happened', () => {
    expect(completesServiceAt({ addressSources: ['recipient_designated'] })).toBeUndefined();
  });
});

describe('serviceTime', () => {
  it('is the earliest effective time across attempts', () => {
    const late = '2026-03-17T09:00:00.000Z';
    const attempts = [
      // the first message was signed for late, through its still-valid link
      { addressSources: ['other_party_provided' as const], deliveredAt: delivered, acknowledgedAt: late },
      // the second went to the designated address and was delivered earlier
      { addressSources: ['recipient_designated' as const], deliveredAt: '2026-03-16T09:00:02.000Z' },
    ];

    expect(serviceTime(attempts)).toBe('2026-03-16T09:00:02.000Z');
  });

  it('is undefined when no attempt served', () => {
    expect(serviceTime([{ addressSources: ['registration_record'], deliveredAt: delivered }])).toBeUndefined();
    expect(serviceTime([])).toBeUndefined();
  });
});

function smsAddress(id: string, source: Address['sources'][number]['source'], observedAt: string): Address {
  return {
    addressId: id,
    personHash: 'p',
    channel: 'sms',
    value: `+8613${id}`,
    sources: [{ source, observedAt }],
    outcomes: { attempts: 0, delivered: 0, acknowledged: 0, hardBounces: 0, softBounces: 0 },
  };
}

describe('recordOutcome', () => {
  it('counts an acknowledgement as a delivery too', () => {
    const after = recordOutcome(smsAddress('1', 'court_record', sent), 'acknowledged', signed);

    expect(after.outcomes).toEqual({
      attempts: 1,
      delivered: 1,
      acknowledged: 1,
      hardBounces: 0,
      softBounces: 0,
      lastOutcome: 'acknowledged',
      lastOutcomeAt: signed,
    });
  });

  it('marks an address invalid after a hard bounce', () => {
    const after = recordOutcome(smsAddress('1', 'court_record', sent), 'hard_bounce', delivered);

    expect(after.invalid).toBe(true);
    expect(after.outcomes).toMatchObject({ attempts: 1, hardBounces: 1, lastOutcome: 'hard_bounce' });
  });

  it('keeps what the person opened there when an attempt is recorded, and counts each reach', () => {
    const opened = recordReach(smsAddress('1', 'court_record', sent), delivered);
    const after = recordOutcome(recordReach(opened, signed), 'delivered', signed);

    expect(after.outcomes).toMatchObject({ attempts: 1, delivered: 1, reached: 2, lastReachedAt: signed });
  });

  it('clears an invalid mark when the person opened a document there', () => {
    const bounced = recordOutcome(smsAddress('1', 'court_record', sent), 'hard_bounce', delivered);
    expect(recordReach(bounced, signed).invalid).toBeUndefined();
  });

  it('counts soft bounces and missing receipts as attempts only', () => {
    const once = recordOutcome(smsAddress('1', 'court_record', sent), 'soft_bounce', delivered);
    const twice = recordOutcome(once, 'no_receipt', signed);

    expect(twice.outcomes).toMatchObject({ attempts: 2, delivered: 0, softBounces: 1, lastOutcome: 'no_receipt' });
    expect(twice.invalid).toBeUndefined();
  });
});

describe('learning', () => {
  const consent: ServiceConsentRecord = { basis: 'contract_clause', recordedAt: '2025-06-01T00:00:00.000Z' };

  it('starts the next service with the address that last worked', () => {
    // Prepare: a registered number (ranked first) that has gone dead, and a number seen in civil activity
    const book: Address[] = [
      smsAddress('1', 'registration_record', '2026-01-10T00:00:00.000Z'),
      smsAddress('2', 'civil_activity_record', '2025-11-01T00:00:00.000Z'),
      {
        ...smsAddress('3', 'other_party_provided', '2026-03-01T00:00:00.000Z'),
        channel: 'email',
        value: 'x@example.com',
      },
    ];
    const first = rankAddresses(book, { now: new Date(sent), consent });
    expect(first.plan.map((r) => r.addressId)).toEqual(['1', '2', '3']);

    // Act: the first bounced, the second was signed for; a later candidate repeats the first
    let learned = book.map((a) => (a.addressId === '1' ? recordOutcome(a, 'hard_bounce', delivered) : a));
    learned = learned.map((a) => (a.addressId === '2' ? recordOutcome(a, 'acknowledged', signed) : a));
    const served = learned.find((a) => a.addressId === '2');
    if (served === undefined) throw new Error('missing');
    learned = mergeIntoBook(
      learned,
      [{ channel: 'sms', value: served.value, ...earlierServiceSource(signed, 'service svc_1') }],
      () => 'unused',
      'p',
    );
    const next = rankAddresses(learned, { now: new Date('2026-05-16T00:00:00.000Z'), consent });

    // Assess
    expect(next.plan[0]?.addressId).toBe('2');
    expect(next.plan[0]?.sources).toEqual(['civil_activity_record', 'earlier_service']);
    expect(next.excluded).toEqual([
      { addressId: '1', reasons: expect.arrayContaining([expect.objectContaining({ code: 'invalid' })]) },
    ]);
  });

  it('puts a worked address ahead of a fresh, untried registry number', () => {
    const worked = recordOutcome(
      {
        ...smsAddress('2', 'other_party_provided', '2025-09-01T00:00:00.000Z'),
        sources: [earlierServiceSource(signed, 'svc_1')],
      },
      'acknowledged',
      signed,
    );
    const fresh = smsAddress('1', 'court_record', '2026-05-01T00:00:00.000Z');

    const { plan } = rankAddresses([fresh, worked], { now: new Date('2026-05-16T00:00:00.000Z'), consent });

    expect(plan.map((r) => r.addressId)).toEqual(['2', '1']);
  });
});
