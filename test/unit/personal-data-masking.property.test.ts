import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskPersonalDataInText } from '../../shared/domain/personal-data-patterns';
import {
  digitsAndMasks,
  ruleBrokenBy,
  surroundingText,
  type WrittenNumber,
  writtenFirstGenerationId,
  writtenInternational,
  writtenMobile,
  writtenNumber,
  writtenResidentId,
} from '../support/personal-data-arbitraries';

/**
 * The rule, for a number written any way (see personal-data-arbitraries.ts: ASCII or full-width
 * digits, up to three spacing or punctuation characters between any two digits, a country code or
 * not) inside Chinese and English text: the text around it stays as it was, and of the number's
 * digits, in order, those the mask hides read `*` and the others read themselves (or `*`, when another
 * reading of the digits hides them too). So no run of the number's digits longer than the mask shows
 * is left: 3 and 4 (after the country code) of a mobile, 6 and 4 of an 18-character ID number.
 */
function assertMasked(pre: string, number: WrittenNumber, post: string): void {
  const masked = maskPersonalDataInText(`${pre}${number.written}${post}`);
  expect(masked.startsWith(pre), masked).toBe(true);
  expect(masked.endsWith(post), masked).toBe(true);
  const left = masked.slice(pre.length, masked.length - post.length);
  expect(ruleBrokenBy(number, digitsAndMasks(left)), JSON.stringify(left)).toBeUndefined();
}

describe('maskPersonalDataInText', () => {
  it('shows of a mainland mobile number at most its country code (86, 0086, +86), its first three and its last four digits, however spaced, punctuated or written in full width: the 4th to 7th digits read *', () => {
    fc.assert(fc.property(surroundingText, writtenMobile, surroundingText, assertMasked), { numRuns: 500 });
  });

  it('shows of a number written after + (a landline in E.164 form) at most all but the four digits before its last four, however spaced or punctuated', () => {
    fc.assert(fc.property(surroundingText, writtenInternational, surroundingText, assertMasked), { numRuns: 300 });
  });

  it('shows of an 18-character resident ID number at most its first six and last four characters, however spaced, punctuated or written in full width: the eight birth-date digits read *', () => {
    fc.assert(fc.property(surroundingText, writtenResidentId, surroundingText, assertMasked), { numRuns: 500 });
  });

  it('shows of a 15-digit first-generation resident ID number at most its first six and last three digits: the six birth-date digits read *', () => {
    fc.assert(fc.property(surroundingText, writtenFirstGenerationId, surroundingText, assertMasked), {
      numRuns: 300,
    });
  });

  it('masks every number of a text that holds several, each by its own rule, when something stands between them', () => {
    const between = fc
      .tuple(surroundingText, fc.constantFrom(' ', '，', '、', ' / ', '\n', '和', 'and'))
      .map(([text, separator]) => `${text}${separator}`);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(between, writtenNumber), { minLength: 2, maxLength: 4 }),
        surroundingText,
        (parts, post) => {
          const masked = maskPersonalDataInText(
            parts.map(([pre, number]) => `${pre}${number.written}`).join('') + post,
          );
          const shown = digitsAndMasks(masked);
          let at = 0;
          for (const [, number] of parts) {
            const own = shown.slice(at, at + number.digits.length);
            expect(ruleBrokenBy(number, own), masked).toBeUndefined();
            at += number.digits.length;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('masks a masked text no further', () => {
    fc.assert(
      fc.property(surroundingText, writtenNumber, surroundingText, (pre, number, post) => {
        const once = maskPersonalDataInText(`${pre}${number.written}${post}`);
        expect(maskPersonalDataInText(once)).toBe(once);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves text without a digit or an at sign unchanged', () => {
    const noNumber = fc
      .string({
        unit: fc.oneof(fc.constantFrom(...'电话身份证号 \u3000-.()（）：，。xX+'), fc.string({ unit: 'binary' })),
      })
      .filter((text) => !/\p{Nd}|[@＠﹫]|at\s*[\])）}】>〉》]/iu.test(text));
    fc.assert(
      fc.property(noNumber, (text) => {
        expect(maskPersonalDataInText(text)).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves numbers of fewer than eight digits between words unchanged (amounts, dates, counts)', () => {
    const word = fc.constantFrom('元', '件', '日', 'items', 'on', 'order', '第', '号', 'yuan');
    const shortNumber = fc.string({ unit: fc.constantFrom(...'0123456789.,-: '), minLength: 1, maxLength: 7 });
    const text = fc.array(fc.tuple(word, shortNumber), { maxLength: 6 }).map((parts) => parts.flat().join(''));
    fc.assert(
      fc.property(text, (sample) => {
        fc.pre(
          [...sample.matchAll(/[0-9]+(?:[^0-9\p{L}]+[0-9]+)*/gu)].every((run) => run[0].replace(/\D/g, '').length < 8),
        );
        expect(maskPersonalDataInText(sample)).toBe(sample);
      }),
      { numRuns: 300 },
    );
  });

  it('shows of an email address only the first character of its local part and what follows, however its at sign and dots are written', () => {
    const localPart = fc.stringMatching(/^[a-z0-9][a-z0-9._%+-]{0,15}$/);
    const label = fc.stringMatching(/^[a-z][a-z-]{0,10}$/);
    const domain = fc
      .tuple(
        fc.array(label, { minLength: 1, maxLength: 3 }),
        fc.stringMatching(/^[a-z]{2,6}$/),
        fc.constantFrom('.', '．', '。', '[dot]', ' (dot) ', ' . '),
      )
      .map(([labels, tld, dot]) => [...labels, tld].join(dot));
    const atSign = fc.constantFrom('@', '＠', ' @ ', '[at]', ' (at) ', '（at）', '[AT]');
    const before = fc.constantFrom(' ', '：', '，', '\u3000', '邮箱', '(');
    const after = fc.constantFrom('', ' ', '。', '，', ')', '\n');
    fc.assert(
      fc.property(
        surroundingText,
        before,
        localPart,
        atSign,
        domain,
        after,
        surroundingText,
        (pre, open, local, at, host, close, post) => {
          const masked = maskPersonalDataInText(`${pre}${open}${local}${at}${host}${close}${post}`);
          expect(masked).toBe(`${pre}${open}${local[0]}***${at}${host}${close}${post}`);
        },
      ),
      { numRuns: 500 },
    );
  });
});
