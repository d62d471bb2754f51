import { describe, expect, it } from 'vitest';
import type { Address } from '../../shared/domain/service/address';
import {
  type AddressCandidate,
  type CandidateInput,
  mergeIntoBook,
  normalizeCandidate,
  validateBatch,
} from '../../shared/domain/service/address-book';
import { cn, sequentialIds } from '../support/address-book-fixtures';

const observedAt = '2026-03-01T08:00:00.000Z';

function sms(value: string): CandidateInput {
  return { channel: 'sms', value, source: 'other_party_provided', observedAt };
}

function email(value: string): CandidateInput {
  return { channel: 'email', value, source: 'other_party_provided', observedAt };
}

describe('normalizeCandidate', () => {
  it.each([
    ['13800138000'],
    ['138 0013 8000'],
    ['138-0013-8000'],
    ['+86 138 0013 8000'],
    ['+8613800138000'],
    ['008613800138000'],
    [' 0086 138 0013 8000 '],
  ])('reads the Chinese mobile %s as +8613800138000', (value) => {
    expect(normalizeCandidate(sms(value), cn)).toEqual({ ok: true, channel: 'sms', value: '+8613800138000' });
  });

  it.each([['13312345678'], ['15912345678'], ['16612345678'], ['17712345678'], ['19912345678']])(
    'accepts the mobile block of %s',
    (value) => {
      expect(normalizeCandidate(sms(value), cn)).toMatchObject({ ok: true, value: `+86${value}` });
    },
  );

  it.each([['12345678901'], ['11012345678'], ['1380013800'], ['138001380001'], ['not a number'], ['+86 abc']])(
    'refuses %s as an invalid phone number',
    (value) => {
      expect(normalizeCandidate(sms(value), cn)).toMatchObject({ ok: false, reason: { code: 'invalid_phone' } });
    },
  );

  it.each([['010-12345678'], ['(020) 1234 5678'], ['+86 755 8888 8888']])(
    'refuses the landline %s for SMS',
    (value) => {
      expect(normalizeCandidate(sms(value), cn)).toMatchObject({ ok: false, reason: { code: 'not_mobile' } });
    },
  );

  it('reads a number in the configured default region', () => {
    expect(normalizeCandidate(sms('9123 4567'), { defaultRegion: 'HK' })).toEqual({
      ok: true,
      channel: 'sms',
      value: '+85291234567',
    });
  });

  it('lower-cases the email domain and keeps the local part as written', () => {
    expect(normalizeCandidate(email(' Zhang.San@Example.COM '), cn)).toEqual({
      ok: true,
      channel: 'email',
      value: 'Zhang.San@example.com',
    });
  });

  it('converts an internationalized domain to punycode', () => {
    expect(normalizeCandidate(email('user@例子.中国'), cn)).toEqual({
      ok: true,
      channel: 'email',
      value: 'user@xn--fsqu00a.xn--fiqs8s',
    });
  });

  it.each([
    ['plainaddress'],
    ['@example.com'],
    ['user@'],
    ['user@localhost'],
    ['user name@example.com'],
    ['a@b@example.com'],
    ['user@example.com:25'],
    ['user@example.com/path'],
    ['user@1.2.3.4'],
    ['user..dots@example.com'],
    ['张三@example.com'],
    ['user@-bad-.com'],
  ])('refuses the malformed email %s', (value) => {
    expect(normalizeCandidate(email(value), cn)).toMatchObject({ ok: false, reason: { code: 'invalid_email' } });
  });

  it('keeps a postal address as a record with whitespace collapsed', () => {
    const postal: CandidateInput = {
      channel: 'postal',
      value: ' 深圳市南山区  科技园 1 号 ',
      source: 'court_record',
      observedAt,
    };
    expect(normalizeCandidate(postal, cn)).toEqual({ ok: true, channel: 'postal', value: '深圳市南山区 科技园 1 号' });
  });

  it('refuses an empty postal address', () => {
    const postal: CandidateInput = { channel: 'postal', value: '   ', source: 'court_record', observedAt };
    expect(normalizeCandidate(postal, cn)).toMatchObject({ ok: false, reason: { code: 'empty_value' } });
  });
});

describe('validateBatch', () => {
  it('returns the normalized candidates of a valid batch in order', () => {
    const result = validateBatch([sms('+86 138 0013 8000'), { ...email('A@B.CN'), reference: 'case 2026-1' }], cn);

    expect(result).toEqual({
      ok: true,
      candidates: [
        { channel: 'sms', value: '+8613800138000', source: 'other_party_provided', observedAt },
        { channel: 'email', value: 'A@b.cn', source: 'other_party_provided', observedAt, reference: 'case 2026-1' },
      ],
    });
  });

  it('names every bad item by its index', () => {
    const result = validateBatch(
      [sms('13800138000'), sms('010-12345678'), email('nope'), { ...sms('13900139000'), observedAt: 'yesterday' }],
      cn,
    );

    expect(result).toEqual({
      ok: false,
      errors: [
        { index: 1, reason: expect.objectContaining({ code: 'not_mobile' }) },
        { index: 2, reason: expect.objectContaining({ code: 'invalid_email' }) },
        { index: 3, reason: expect.objectContaining({ code: 'invalid_observed_at' }) },
      ],
    });
  });
});

describe('mergeIntoBook', () => {
  const phone = '+8613800138000';

  function candidate(overrides: Partial<AddressCandidate>): AddressCandidate {
    return { channel: 'sms', value: phone, source: 'other_party_provided', observedAt, ...overrides };
  }

  it('makes one address of the same number named by several sources', () => {
    const book = mergeIntoBook(
      [],
      [
        candidate({ source: 'other_party_provided', reference: 'complaint' }),
        candidate({ source: 'registration_record', observedAt: '2025-01-01T00:00:00.000Z' }),
        candidate({ channel: 'email', value: 'a@example.com' }),
      ],
      sequentialIds(),
      'person-1',
    );

    expect(book).toHaveLength(2);
    expect(book[0]).toMatchObject({ addressId: 'addr_1', personHash: 'person-1', channel: 'sms', value: phone });
    expect(book[0]?.sources.map((s) => s.source)).toEqual(['other_party_provided', 'registration_record']);
    expect(book[0]?.outcomes).toEqual({ attempts: 0, delivered: 0, acknowledged: 0, hardBounces: 0, softBounces: 0 });
    expect(book[1]).toMatchObject({ addressId: 'addr_2', channel: 'email', value: 'a@example.com' });
  });

  it('keeps the latest observation per source', () => {
    const first = mergeIntoBook([], [candidate({ source: 'court_record', reference: 'old' })], sequentialIds(), 'p');
    const later = '2026-03-10T00:00:00.000Z';
    const earlier = '2020-01-01T00:00:00.000Z';

    const book = mergeIntoBook(
      first,
      [
        candidate({ source: 'court_record', observedAt: later, reference: 'new' }),
        candidate({ source: 'court_record', observedAt: earlier, reference: 'older still' }),
      ],
      sequentialIds(),
      'p',
    );

    expect(book).toHaveLength(1);
    expect(book[0]?.sources).toEqual([{ source: 'court_record', observedAt: later, reference: 'new' }]);
  });

  it('keeps the outcome record of an address already in the book and does not change the book passed in', () => {
    const known: Address = {
      addressId: 'addr_known',
      personHash: 'p',
      channel: 'sms',
      value: phone,
      sources: [{ source: 'earlier_service', observedAt }],
      outcomes: { attempts: 2, delivered: 2, acknowledged: 1, hardBounces: 0, softBounces: 0 },
    };

    const book = mergeIntoBook([known], [candidate({ source: 'recipient_designated' })], sequentialIds(), 'p');

    expect(book[0]).toMatchObject({ addressId: 'addr_known', outcomes: known.outcomes });
    expect(book[0]?.sources.map((s) => s.source)).toEqual(['earlier_service', 'recipient_designated']);
    expect(known.sources).toHaveLength(1);
  });

  it('keeps the same value on different channels apart', () => {
    const book = mergeIntoBook([], [candidate({}), candidate({ channel: 'im', value: phone })], sequentialIds(), 'p');

    expect(book.map((a) => a.channel)).toEqual(['sms', 'im']);
  });
});
