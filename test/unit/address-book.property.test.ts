import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeEmail, normalizePhone } from '../../shared/domain/contacts/contact-normalization';
import { type AddressSource, addressSources } from '../../shared/domain/service/address';
import {
  type CandidateInput,
  mergeIntoBook,
  normalizeCandidate,
  validateBatch,
} from '../../shared/domain/service/address-book';
import { cn, sequentialIds } from '../support/address-book-fixtures';

// ---------------------------------------------------------------------------------------------
// Chinese mobile numbers in the spellings people write them in

/**
 * Mainland mobile blocks in service (not every `1[3-9]x` is allocated: 179 is not, for one, and
 * the phone-number metadata rightly refuses it).
 */
const mobileBlocks = [
  ...['130', '131', '132', '133', '134', '135', '136', '137', '138', '139'],
  ...['150', '151', '152', '153', '155', '156', '157', '158', '159'],
  ...['166', '176', '177', '178', '180', '181', '182', '183', '184', '185', '186', '187', '188', '189'],
  ...['198', '199'],
];

/** The 11-digit national number of a Chinese mobile: an allocated 3-digit block, then eight digits. */
const mobileNational = fc
  .tuple(
    fc.constantFrom(...mobileBlocks),
    fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 8, maxLength: 8 }),
  )
  .map(([block, rest]) => `${block}${rest}`);

const FULLWIDTH_ZERO = 0xff10;

/** One spelling of a national number: country prefix, grouping, separators, full-width digits, padding. */
const mobileSpelling = (national: string) =>
  fc
    .record({
      prefix: fc.constantFrom('', '', '+86', '+86 ', '+86-', '0086', '0086 ', '0086-', '(+86) ', '86', '86 '),
      grouping: fc.constantFrom('none', '3-4-4', 'parenthesised'),
      separator: fc.constantFrom(' ', '-', '.'),
      fullWidth: fc.boolean(),
      padding: fc.tuple(fc.constantFrom('', ' ', '  '), fc.constantFrom('', ' ', '\t')),
    })
    .map(({ prefix, grouping, separator, fullWidth, padding }) => {
      const [a, b, c] = [national.slice(0, 3), national.slice(3, 7), national.slice(7)];
      const grouped =
        grouping === 'none'
          ? national
          : grouping === '3-4-4'
            ? [a, b, c].join(separator)
            : `(${a}) ${b}${separator}${c}`;
      const digits = fullWidth
        ? grouped.replace(/\d/g, (d) => String.fromCharCode(FULLWIDTH_ZERO + Number(d)))
        : grouped;
      return `${padding[0]}${prefix}${digits}${padding[1]}`;
    });

/** Strings made of what phone numbers are written with, valid or not. */
const phoneLike = fc.string({ unit: fc.constantFrom(...'0123456789+- ()', '00', '86', '+86', '138'), maxLength: 20 });

// ---------------------------------------------------------------------------------------------
// Email addresses with internationalized domains and varied case

/** A domain label as written and in ASCII (punycode), the pairs checked against `url.domainToASCII`. */
interface Label {
  written: string;
  ascii: string;
}

const labels: readonly Label[] = [
  { written: 'example', ascii: 'example' },
  { written: 'mail', ascii: 'mail' },
  { written: 'qq', ascii: 'qq' },
  { written: 'court-1', ascii: 'court-1' },
  { written: '例子', ascii: 'xn--fsqu00a' },
  { written: '公司', ascii: 'xn--55qx5d' },
  { written: '网络', ascii: 'xn--io0a7i' },
  { written: 'bücher', ascii: 'xn--bcher-kva' },
  { written: 'münchen', ascii: 'xn--mnchen-3ya' },
  { written: 'école', ascii: 'xn--cole-9oa' },
];
const topLevel: readonly Label[] = [
  { written: 'com', ascii: 'com' },
  { written: 'cn', ascii: 'cn' },
  { written: 'de', ascii: 'de' },
  { written: '中国', ascii: 'xn--fiqs8s' },
];

/** The same label written as Unicode or as punycode, in any mix of case. */
const labelSpelling = (label: Label) => fc.mixedCase(fc.constantFrom(label.written, label.ascii));

/** A full stop, or one of the dots IDNA reads as one (ideographic, full-width, half-width ideographic). */
const dot = fc.constantFrom('.', '.', '。', '．', '｡');

const domain = fc.tuple(fc.subarray([...labels], { minLength: 1, maxLength: 2 }), fc.constantFrom(...topLevel));

const domainSpelling = ([names, tld]: [Label[], Label]) =>
  fc
    .tuple(
      fc.tuple(...[...names, tld].map(labelSpelling)),
      fc.array(dot, { minLength: names.length, maxLength: names.length }),
    )
    .map(([spelled, dots]) => spelled.map((label, i) => `${label}${dots[i] ?? ''}`).join(''));

const asciiDomain = ([names, tld]: [Label[], Label]) => [...names, tld].map((label) => label.ascii).join('.');

/** A dot-atom local part, ASCII, with letters of both cases. */
const localPart = fc.stringMatching(/^[A-Za-z0-9_+-]{1,10}(\.[A-Za-z0-9_+-]{1,6})?$/);

const padding = fc.constantFrom('', ' ', '  ');

// ---------------------------------------------------------------------------------------------
// Sources and observations

const source = fc.constantFrom<AddressSource>(...addressSources);
const observedAt = fc
  .date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2026-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString());

/** Per source, the latest observation among `inputs` (what the merged address must keep). */
function latestBySource(inputs: readonly CandidateInput[]): Map<AddressSource, string> {
  const latest = new Map<AddressSource, string>();
  for (const input of inputs) {
    const seen = latest.get(input.source);
    if (seen === undefined || Date.parse(input.observedAt) > Date.parse(seen)) {
      latest.set(input.source, input.observedAt);
    }
  }
  return latest;
}

describe('normalizePhone', () => {
  it('reads every spelling of a Chinese mobile as its E.164 form, and that form as itself', () => {
    fc.assert(
      fc.property(
        mobileNational.chain((national) => fc.tuple(fc.constant(national), mobileSpelling(national))),
        ([national, spelling]) => {
          // Act
          const once = normalizePhone(spelling);

          // Assess
          expect(once).toBe(`+86${national}`);
          expect(normalizePhone(once as string)).toBe(once);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is idempotent on anything written with digits, +, dashes, spaces and parentheses', () => {
    fc.assert(
      fc.property(phoneLike, fc.constantFrom('CN', 'HK', 'US'), (text, region) => {
        // Act
        const once = normalizePhone(text, region);

        // Assess
        if (once !== undefined) expect(normalizePhone(once, region)).toBe(once);
      }),
      { numRuns: 200 },
    );
  });
});

describe('normalizeEmail', () => {
  it('writes every spelling of a domain as the same lower-case ASCII domain, keeping the local part', () => {
    fc.assert(
      fc.property(
        localPart,
        domain.chain((d) => fc.tuple(fc.constant(d), domainSpelling(d))),
        padding,
        padding,
        (local, [parts, spelled], before, after) => {
          // Act
          const once = normalizeEmail(`${before}${local}@${spelled}${after}`);

          // Assess
          expect(once).toBe(`${local}@${asciiDomain(parts)}`);
          expect(normalizeEmail(once as string)).toBe(once);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('is idempotent on any text with an @ in it', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.oneof(fc.string({ maxLength: 16 }), fc.string({ unit: 'grapheme', maxLength: 8 }), fc.domain()),
        (local, host) => {
          // Act
          const once = normalizeEmail(`${local}@${host}`);

          // Assess
          if (once !== undefined) expect(normalizeEmail(once)).toBe(once);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('normalizeCandidate', () => {
  it('is idempotent: a normalized SMS or email address normalizes to itself', () => {
    const sms = mobileNational.chain(mobileSpelling).map((value) => ({ channel: 'sms' as const, value }));
    const email = fc
      .tuple(localPart, domain.chain(domainSpelling))
      .map(([local, spelled]) => ({ channel: 'email' as const, value: `${local}@${spelled}` }));
    const anything = fc.record({
      channel: fc.constantFrom('sms' as const, 'email' as const, 'postal' as const, 'im' as const),
      value: fc.oneof(phoneLike, fc.string({ maxLength: 20 }), fc.emailAddress()),
    });
    fc.assert(
      fc.property(fc.oneof(sms, email, anything), source, observedAt, ({ channel, value }, from, at) => {
        // Prepare
        const input: CandidateInput = { channel, value, source: from, observedAt: at };

        // Act
        const once = normalizeCandidate(input, cn);

        // Assess
        if (once.ok) expect(normalizeCandidate({ ...input, value: once.value }, cn)).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});

describe('mergeIntoBook', () => {
  it('merges every spelling of the same mobile into one address with the sources of all of them', () => {
    // Prepare: up to 4 distinct numbers, each written 1–4 ways by any sources, in shuffled order
    const namings = fc
      .uniqueArray(mobileNational, { minLength: 1, maxLength: 4 })
      .chain((numbers) =>
        fc.tuple(
          ...numbers.map((national) =>
            fc
              .array(
                fc
                  .record({ value: mobileSpelling(national), source, observedAt })
                  .map((naming): CandidateInput => ({ channel: 'sms', ...naming })),
                { minLength: 1, maxLength: 4 },
              )
              .map((namings) => ({ e164: `+86${national}`, namings })),
          ),
        ),
      )
      .chain((perNumber) =>
        fc
          .shuffledSubarray(
            perNumber.flatMap((one) => one.namings),
            { minLength: perNumber.reduce((sum, one) => sum + one.namings.length, 0) },
          )
          .map((inputs) => ({ perNumber, inputs })),
      );

    fc.assert(
      fc.property(namings, ({ perNumber, inputs }) => {
        // Act
        const batch = validateBatch(inputs, cn);
        const book = batch.ok ? mergeIntoBook([], batch.candidates, sequentialIds(), 'person-1') : [];

        // Assess: one address per number, each with every source that named it, at its latest observation
        expect(batch.ok).toBe(true);
        expect(book).toHaveLength(perNumber.length);
        for (const { e164, namings: namingsOfOne } of perNumber) {
          const address = book.find((a) => a.value === e164);
          const expected = latestBySource(namingsOfOne);
          expect(address?.sources.map((s) => s.source).sort()).toEqual([...expected.keys()].sort());
          for (const observation of address?.sources ?? []) {
            expect(Date.parse(observation.observedAt)).toBe(Date.parse(expected.get(observation.source) ?? ''));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('merges every spelling of the same email domain into one address with the sources of all of them', () => {
    const namings = fc.tuple(localPart, domain).chain(([local, parts]) =>
      fc
        .array(fc.record({ spelled: domainSpelling(parts), before: padding, source, observedAt }), {
          minLength: 1,
          maxLength: 5,
        })
        .map((spellings) => ({
          expected: `${local}@${asciiDomain(parts)}`,
          inputs: spellings.map(
            ({ spelled, before, source: from, observedAt: at }): CandidateInput => ({
              channel: 'email',
              value: `${before}${local}@${spelled}`,
              source: from,
              observedAt: at,
            }),
          ),
        })),
    );

    fc.assert(
      fc.property(namings, ({ expected, inputs }) => {
        // Act
        const batch = validateBatch(inputs, cn);
        const book = batch.ok ? mergeIntoBook([], batch.candidates, sequentialIds(), 'person-1') : [];

        // Assess
        expect(batch.ok).toBe(true);
        expect(book.map((a) => a.value)).toEqual([expected]);
        expect(book[0]?.sources.map((s) => s.source).sort()).toEqual([...latestBySource(inputs).keys()].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('keeps apart email addresses whose local parts differ only in case', () => {
    fc.assert(
      fc.property(
        localPart.chain((local) => fc.tuple(fc.constant(local), fc.mixedCase(fc.constant(local)))),
        domain.chain(domainSpelling),
        ([local, otherCase], spelled) => {
          // Prepare
          fc.pre(local !== otherCase);
          const inputs: CandidateInput[] = [local, otherCase].map((written) => ({
            channel: 'email',
            value: `${written}@${spelled}`,
            source: 'court_record',
            observedAt: '2026-03-01T00:00:00.000Z',
          }));

          // Act
          const batch = validateBatch(inputs, cn);
          const book = batch.ok ? mergeIntoBook([], batch.candidates, sequentialIds(), 'p') : [];

          // Assess
          expect(book).toHaveLength(2);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('is idempotent: merging the same candidates again changes nothing', () => {
    const candidates = fc.array(
      fc.record({
        channel: fc.constantFrom('sms' as const, 'email' as const),
        value: fc.constantFrom('+8613800138000', '+8613900139000', 'a@example.com'),
        source,
        observedAt,
      }),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(candidates, (batch) => {
        // Prepare
        const once = mergeIntoBook([], batch, sequentialIds(), 'p');

        // Act
        const twice = mergeIntoBook(once, batch, sequentialIds(), 'p');

        // Assess
        expect(twice).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });
});
