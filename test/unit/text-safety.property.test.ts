import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { text, textPattern, textProblem } from '../../functions/http/routes/schemas';

/**
 * The oracle, written from the security finding rather than from the implementation: the code points
 * human text may not carry. Byte-order mark, the bidirectional controls, C0, DEL and C1 controls;
 * multi-line text keeps tab, line feed and carriage return. Lone surrogates are judged separately
 * (they are not code points of a well-formed string at all).
 */
function forbiddenCodePoint(codePoint: number, multiline: boolean): boolean {
  if (multiline && (codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d)) return false;
  return (
    codePoint <= 0x1f ||
    (codePoint >= 0x7f && codePoint <= 0x9f) ||
    codePoint === 0xfeff ||
    codePoint === 0x061c ||
    // Zero-width and other characters that show nothing (the zero-width joiner, U+200D, is allowed).
    [0x00ad, 0x034f, 0x115f, 0x1160, 0x17b4, 0x17b5, 0x180e, 0x200b, 0x200c, 0x3164, 0xffa0].includes(codePoint) ||
    (codePoint >= 0x2060 && codePoint <= 0x2064) ||
    codePoint === 0x200e ||
    codePoint === 0x200f ||
    (codePoint >= 0x202a && codePoint <= 0x202e) ||
    (codePoint >= 0x2066 && codePoint <= 0x2069)
  );
}

/** Walks UTF-16 by hand, so a lone surrogate is seen as one (for...of would hide nothing, but say less). */
function oracleAccepts(value: string, multiline: boolean): boolean {
  for (let index = 0; index < value.length; index++) {
    const unit = value.charCodeAt(index);
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const next = value.charCodeAt(index + 1);
      if (!(next >= 0xdc00 && next <= 0xdfff)) return false;
      index++;
      continue;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return false;
    if (forbiddenCodePoint(unit, multiline)) return false;
  }
  return true;
}

const forbiddenSamples = [
  '\u200B',
  '\u200C',
  '\u2060',
  '\u00AD',
  '\u3164',
  '\uFEFF',
  '\u061C',
  '\u200E',
  '\u200F',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u0000',
  '\u0007',
  '\u001B',
  '\u007F',
  '\u0085',
  '\u009F',
];
const loneSurrogate = fc
  .oneof(fc.integer({ min: 0xd800, max: 0xdbff }), fc.integer({ min: 0xdc00, max: 0xdfff }))
  .map((unit) => String.fromCharCode(unit));
/** Never in any human text field, single- or multi-line. */
const alwaysForbidden = fc.oneof(fc.constantFrom(...forbiddenSamples), loneSurrogate);

/** What people write: Chinese, English, punctuation, emoji with joiners, flags and variation selectors. */
const everydayPieces = [
  '张三',
  '深圳市福田区',
  'Zhang San',
  'O’Brien-Smith',
  '，。：；「」（）',
  '!?.,;:"\'()[]{}',
  '¥3,200.50',
  'é',
  'ß',
  ' ',
  '😀',
  '👨‍👩‍👧',
  '🇨🇳',
  '❤️',
  '🏴󠁧󠁢󠁳󠁣󠁴󠁿',
  '\u00A0',
  '\u200D',
];
const everydayText = fc
  .array(fc.oneof(fc.constantFrom(...everydayPieces), fc.string({ unit: 'grapheme', maxLength: 4 })), {
    maxLength: 12,
  })
  .map((pieces) => pieces.join(''));

/** Any well-formed code point the oracle lets through in a single line. */
const safeCodePoint = fc
  .string({ unit: 'binary', minLength: 1, maxLength: 1 })
  .filter((character) => !forbiddenCodePoint(character.codePointAt(0) ?? 0, false));
const safeText = fc
  .array(fc.oneof(everydayText, fc.string({ unit: safeCodePoint, maxLength: 8 })), { maxLength: 4 })
  .map((parts) => parts.join(''));

/** UTF-16 units in and around the ranges the rule names, lone surrogates included, so each boundary is tried. */
const nearTheRule = fc
  .oneof(
    // Each edge of each range, and its neighbours.
    fc.constantFrom(
      ...[0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x1f, 0x20, 0x7e, 0x7f, 0x9f, 0xa0],
      ...[0x061b, 0x061c, 0x061d, 0x200d, 0x200e, 0x200f, 0x2010, 0x2029, 0x202a, 0x202e, 0x202f],
      ...[0x2065, 0x2066, 0x2069, 0x206a, 0xfefe, 0xfeff, 0xff00, 0xd7ff, 0xd800, 0xdbff, 0xdc00, 0xdfff, 0xe000],
    ),
    fc.integer({ min: 0x0000, max: 0x00a0 }),
    fc.integer({ min: 0x0600, max: 0x0620 }),
    fc.integer({ min: 0x2000, max: 0x2070 }),
    fc.integer({ min: 0xd7ff, max: 0xe000 }),
    fc.integer({ min: 0xfef0, max: 0xffff }),
  )
  .map((unit) => String.fromCharCode(unit));

/** Anything at all, weighted towards the characters the rule is about. */
const anyText = fc
  .array(
    fc.oneof(
      fc.string({ unit: 'binary', maxLength: 4 }),
      fc.string({ unit: nearTheRule, maxLength: 4 }),
      everydayText,
      alwaysForbidden,
      fc.constantFrom('\t', '\n', '\r', '\r\n'),
    ),
    { maxLength: 6 },
  )
  .map((parts) => parts.join(''));

/** `inserted` put at a code point boundary of `base` (start and end included). */
const withInserted = (inserted: fc.Arbitrary<string>) =>
  fc.tuple(safeText, inserted, fc.nat()).map(([base, piece, at]) => {
    const codePoints = [...base];
    const index = at % (codePoints.length + 1);
    return [...codePoints.slice(0, index), piece, ...codePoints.slice(index)].join('');
  });

const rules = fc.record({ multiline: fc.boolean() });

describe('text (human text fields)', () => {
  it('accepts well-formed text without a forbidden character, single- or multi-line', () => {
    fc.assert(
      fc.property(safeText, rules, (value, { multiline }) => {
        expect(textProblem(value, { multiline })).toBeUndefined();
        expect(text({ multiline }).safeParse(value).success).toBe(true);
      }),
    );
  });

  it('rejects any string carrying a lone surrogate, the BOM, a bidirectional control or a control character', () => {
    fc.assert(
      fc.property(withInserted(alwaysForbidden), rules, (value, { multiline }) => {
        const parsed = text({ multiline }).safeParse(value);
        expect(parsed.success).toBe(false);
        expect(parsed.error?.issues).toHaveLength(1);
        expect(parsed.error?.issues[0]?.message).toMatch(
          /invisible or direction-changing|well-formed Unicode|control characters/,
        );
      }),
    );
  });

  it('keeps tab and line breaks in multi-line text only', () => {
    fc.assert(
      fc.property(withInserted(fc.constantFrom('\t', '\n', '\r', '\r\n')), (value) => {
        // Inside the text, where trimming cannot take it away.
        const enclosed = `a${value}z`;
        expect(text({ multiline: true }).safeParse(enclosed).success).toBe(true);
        expect(text().safeParse(enclosed).error?.issues[0]?.message).toMatch(/^must be one line/);
      }),
    );
  });

  it('judges every string as the oracle does, and as the pattern served in the OpenAPI document does', () => {
    fc.assert(
      fc.property(anyText, rules, (value, { multiline }) => {
        const expected = oracleAccepts(value, multiline);
        expect(textProblem(value, { multiline }) === undefined).toBe(expected);
        expect(textPattern(multiline).test(value)).toBe(expected);
        // JSON Schema validators differ on the `u` flag: the pattern means the same either way.
        expect(new RegExp(textPattern(multiline).source, 'u').test(value)).toBe(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it('judges each UTF-16 unit alone and between letters, and each surrogate pair’s edges, as the oracle and the pattern do', () => {
    const disagreements: string[] = [];
    for (const multiline of [false, true]) {
      const pattern = textPattern(multiline);
      for (let unit = 0; unit <= 0xffff; unit++) {
        const character = String.fromCharCode(unit);
        for (const value of [character, `a${character}z`]) {
          const expected = oracleAccepts(value, multiline);
          if ((textProblem(value, { multiline }) === undefined) !== expected || pattern.test(value) !== expected) {
            disagreements.push(`U+${unit.toString(16).padStart(4, '0')}${multiline ? ' (multi-line)' : ''}`);
          }
        }
      }
      // Every high surrogate with the edges of the low range, in order (a pair) and reversed (two lone halves).
      for (let high = 0xd800; high <= 0xdbff; high++) {
        for (const low of [0xdc00, 0xdc01, 0xdffe, 0xdfff]) {
          for (const value of [String.fromCharCode(high, low), String.fromCharCode(low, high)]) {
            const expected = oracleAccepts(value, multiline);
            if ((textProblem(value, { multiline }) === undefined) !== expected || pattern.test(value) !== expected) {
              disagreements.push(`${high.toString(16)} ${low.toString(16)}${multiline ? ' (multi-line)' : ''}`);
            }
          }
        }
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('checks before trimming, so a BOM at either end is refused rather than quietly dropped', () => {
    expect(text().safeParse('\uFEFFZhang San').success).toBe(false);
    expect(text().safeParse('Zhang San\uFEFF').success).toBe(false);
    expect(text().safeParse('  Zhang San  ').data).toBe('Zhang San');
  });

  it('names what is wrong and where, never echoing the text itself', () => {
    expect(textProblem('Zhang \u202EnaS')).toBe(
      'must not contain invisible or direction-changing characters (U+202E at character 7)',
    );
    expect(textProblem('😀\u0007', { multiline: true })).toBe(
      'must not contain control characters other than tabs and line breaks (U+0007 at character 2)',
    );
    expect(textProblem('line one\nline two')).toBe(
      'must be one line without line breaks or control characters (U+000A at character 9)',
    );
    expect(textProblem('half \uD83D pair')).toBe(
      'is not well-formed Unicode: it contains a lone surrogate (half of a UTF-16 pair)',
    );
    expect(textProblem('\u2067x', { label: { zh: '备注', en: 'the note' } })).toBe(
      '备注不得含有不可见或改变文字方向的字符（第 1 个字符 U+2067） / the note must not contain invisible or direction-changing characters (U+2067 at character 1)',
    );
  });

  it('still counts length after trimming, in characters, with bilingual messages when labelled', () => {
    const field = text({ min: 2, max: 3, label: { zh: '理由', en: 'the reason' } });
    expect(field.safeParse(' 😀😀😀 ').data).toBe('😀😀😀');
    expect(field.safeParse('  a  ').error?.issues[0]?.message).toBe(
      '理由至少 2 个字 / the reason needs at least 2 characters',
    );
    expect(field.safeParse('abcd').error?.issues[0]?.message).toBe(
      '理由最多 3 个字 / the reason takes at most 3 characters',
    );
  });
});
