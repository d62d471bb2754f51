import fc from 'fast-check';

/**
 * Personal numbers as people write them, for the masking properties: a number's digits (ASCII or
 * full-width, each on its own), any spacing or punctuation between any two of them, embedded in
 * Chinese and English text that holds no digit of its own. Each generated number says which of its
 * digits the mask must hide, so a property can check the rule digit by digit.
 */
export interface WrittenNumber {
  kind: 'mobile' | 'international' | 'resident_id' | 'first_generation_id';
  /** The number's digits, ASCII, in order (an ID's check character X excluded). */
  digits: string;
  /** Positions in `digits` that must read `*` after masking: [from, to). */
  hidden: { from: number; to: number };
  /** The number as written. */
  written: string;
}

const decimal = fc.constantFrom(...'0123456789');
const digitsOf = (length: number) => fc.string({ unit: decimal, minLength: length, maxLength: length });

/** What people put between digits: spaces of every width (zero too), dashes, dots, brackets, commas... */
export const separatorChars = [
  ' ',
  '\u3000', // ideographic (full-width) space
  '\u00a0',
  '\u2009',
  '\u202f',
  '\t',
  '\n',
  '\u200b', // zero-width space
  '\u200c',
  '\u200d',
  '\u2060',
  '\ufeff',
  '\u00ad', // soft hyphen
  '-',
  '－',
  '‐',
  '‑',
  '–',
  '—',
  '−',
  '~',
  '～',
  '.',
  '．',
  '·',
  '・',
  '(',
  ')',
  '（',
  '）',
  '[',
  ']',
  '【',
  '】',
  '/',
  '／',
  '\\',
  '_',
  ',',
  '，',
  '、',
  ':',
  '：',
  ';',
  "'",
  '"',
  '#',
  '|',
];

const gap = fc.oneof(
  { weight: 3, arbitrary: fc.constant('') },
  { weight: 2, arbitrary: fc.array(fc.constantFrom(...separatorChars), { minLength: 1, maxLength: 3 }).map(joined) },
);

function joined(parts: string[]): string {
  return parts.join('');
}

const fullWidthDigit = (digit: string) => String.fromCodePoint(0xff10 + Number(digit));

/** The digits, each ASCII or full-width, with a generated gap before every digit but the first. */
function formatted(digits: string) {
  return fc
    .tuple(
      fc.array(fc.boolean(), { minLength: digits.length, maxLength: digits.length }),
      fc.array(gap, { minLength: digits.length, maxLength: digits.length }),
      fc.constantFrom('ascii', 'full-width', 'mixed'),
    )
    .map(([fullWidth, gaps, style]) =>
      [...digits]
        .map((digit, index) => {
          const wide = style === 'full-width' || (style === 'mixed' && fullWidth[index]);
          return `${index === 0 ? '' : gaps[index]}${wide ? fullWidthDigit(digit) : digit}`;
        })
        .join(''),
    );
}

/** 1, then 3–9, then nine digits. */
export const mobileNational = fc
  .tuple(fc.integer({ min: 3, max: 9 }), digitsOf(9))
  .map(([network, rest]) => `1${network}${rest}`);

/** A mainland mobile number, with or without its country code (86, 0086, +86, ＋86, (+86)). */
export const writtenMobile: fc.Arbitrary<WrittenNumber> = fc
  .tuple(
    mobileNational,
    fc.constantFrom(
      { before: '', code: '', after: '' },
      { before: '', code: '86', after: '' },
      { before: '', code: '0086', after: '' },
      { before: '+', code: '86', after: '' },
      { before: '＋', code: '86', after: '' },
      { before: '(+', code: '86', after: ')' },
      { before: '+ ', code: '86', after: ' ' },
    ),
  )
  .chain(([national, { before, code, after }]) => {
    const digits = `${code}${national}`;
    return formatted(digits).map(
      (written): WrittenNumber => ({
        kind: 'mobile',
        digits,
        hidden: { from: code.length + 3, to: code.length + 7 },
        written: `${before}${insertAfterDigits(written, code.length, after)}`,
      }),
    );
  });

/** Inserts `text` after the first `count` digits of a formatted number. */
function insertAfterDigits(written: string, count: number, text: string): string {
  if (count === 0 || text === '') return written;
  let seen = 0;
  let at = 0;
  for (const char of written) {
    at += char.length;
    if (/[0-9\uff10-\uff19]/.test(char) && ++seen === count) break;
  }
  return `${written.slice(0, at)}${text}${written.slice(at)}`;
}

/** A landline in international form: +86, an area code, a subscriber number of 7 or 8 digits. */
export const writtenInternational: fc.Arbitrary<WrittenNumber> = fc
  .tuple(
    fc.constantFrom('10', '20', '21', '22', '23', '24', '25', '27', '28', '29', '311', '371', '571', '755', '898'),
    fc.integer({ min: 2, max: 8 }),
    fc.oneof(digitsOf(6), digitsOf(7)),
    fc.constantFrom('+', '＋', '(+', '+ '),
  )
  .chain(([area, first, rest, plus]) => {
    const digits = `86${area}${first}${rest}`;
    return formatted(digits).map(
      (written): WrittenNumber => ({
        kind: 'international',
        digits,
        hidden: { from: digits.length - 8, to: digits.length - 4 },
        written: `${plus}${written}`,
      }),
    );
  });

const region = fc.tuple(fc.integer({ min: 1, max: 8 }), digitsOf(5)).map(([first, rest]) => `${first}${rest}`);
const birthDate = fc
  .date({ min: new Date('1920-01-01T00:00:00Z'), max: new Date('2019-12-31T00:00:00Z'), noInvalidDate: true })
  .map((date) => date.toISOString().slice(0, 10).replaceAll('-', ''));

/** 18 characters: region, birth date YYYYMMDD, sequence, then a check digit or X (any case, any width). */
export const writtenResidentId: fc.Arbitrary<WrittenNumber> = fc
  .tuple(region, birthDate, digitsOf(3), fc.oneof(decimal, fc.constantFrom('X', 'x', 'Ｘ', 'ｘ')), gap)
  .chain(([area, born, sequence, check, beforeCheck]) => {
    const checkIsDigit = /\d/.test(check);
    const digits = `${area}${born}${sequence}${checkIsDigit ? check : ''}`;
    return formatted(digits).map(
      (written): WrittenNumber => ({
        kind: 'resident_id',
        digits,
        hidden: { from: 6, to: 14 },
        written: checkIsDigit ? written : `${written}${beforeCheck}${check}`,
      }),
    );
  });

/** 15 digits: region, birth date YYMMDD, sequence. */
export const writtenFirstGenerationId: fc.Arbitrary<WrittenNumber> = fc
  .tuple(region, birthDate, digitsOf(3))
  .chain(([area, born, sequence]) => {
    const digits = `${area}${born.slice(2)}${sequence}`;
    return formatted(digits).map(
      (written): WrittenNumber => ({ kind: 'first_generation_id', digits, hidden: { from: 6, to: 12 }, written }),
    );
  });

export const writtenNumber = fc.oneof(writtenMobile, writtenInternational, writtenResidentId, writtenFirstGenerationId);

/**
 * Chinese and English text without a digit, a `*`, a `+` or an at sign: what surrounds a number in
 * a dispute's summary. It may touch the number directly (`电话13812345678`, `ID440308...`).
 */
export const surroundingText = fc
  .array(
    fc.constantFrom(
      '电话',
      '手机',
      '身份证号',
      '联系',
      '申请人',
      '被申请人',
      '购买了一台笔记本电脑',
      '要求退款',
      '快递',
      '。',
      '，',
      '：',
      '“',
      '”',
      'Call',
      'me',
      'on',
      'the',
      'ID',
      'number',
      'refund',
      'of',
      'laptop',
      'Tel',
      'x',
      'X',
      ' ',
      '\u3000',
      '\n',
      '(',
      ')',
      '-',
      '.',
      ', ',
      ': ',
    ),
    { maxLength: 8 },
  )
  .map(joined);

/** The digits and masks in what masking left of a number, in order (full-width digits read as ASCII). */
export function digitsAndMasks(text: string): string {
  return [...text]
    .flatMap((char) => {
      const code = char.codePointAt(0) ?? 0;
      if (char === '*' || (code >= 0x30 && code <= 0x39)) return [char];
      if (code >= 0xff10 && code <= 0xff19) return [String(code - 0xff10)];
      return [];
    })
    .join('');
}

/**
 * Why `shown` (the digits and masks left of `number`) breaks the rule, or undefined when it keeps
 * it: every digit in `hidden` reads `*`, every other digit reads itself or `*`. `truncated` allows
 * `shown` to stop early (a summary cut to fit an SMS).
 */
export function ruleBrokenBy(number: WrittenNumber, shown: string, truncated = false): string | undefined {
  if (truncated ? shown.length > number.digits.length : shown.length !== number.digits.length) {
    return `${shown} does not stand for the ${number.digits.length} digits of ${number.digits}`;
  }
  for (let position = 0; position < shown.length; position++) {
    const mustHide = position >= number.hidden.from && position < number.hidden.to;
    const char = shown[position];
    if (mustHide && char !== '*') return `digit ${position + 1} of ${number.digits} is visible in ${shown}`;
    if (!mustHide && char !== '*' && char !== number.digits[position]) {
      return `${shown} changed digit ${position + 1} of ${number.digits}`;
    }
  }
  return undefined;
}
