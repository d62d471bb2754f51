import { describe, expect, it } from 'vitest';
import { smsEncoding, smsSegments, smsSize } from '../../shared/domain/messages/sms-segments';

describe('smsSize', () => {
  it('sends plain ASCII letters in GSM-7, 160 to a part', () => {
    expect(smsSize('a'.repeat(160))).toEqual({ encoding: 'gsm7', units: 160, segments: 1 });
    expect(smsSize('a'.repeat(161))).toEqual({ encoding: 'gsm7', units: 161, segments: 2 });
  });

  it('splits concatenated GSM-7 into parts of 153 septets', () => {
    expect(smsSegments('a'.repeat(306))).toBe(2);
    expect(smsSegments('a'.repeat(307))).toBe(3);
  });

  it('counts the extension table (€, braces, brackets) as two septets', () => {
    // Prepare: 159 letters and one euro sign = 161 septets
    const text = `${'a'.repeat(159)}€`;

    // Act
    const size = smsSize(text);

    // Assess
    expect(size).toEqual({ encoding: 'gsm7', units: 161, segments: 2 });
    expect(smsSegments(`${'a'.repeat(158)}[`)).toBe(1);
  });

  it('never splits an escaped character across two parts', () => {
    // Prepare: 152 letters then "{" (2 septets) would straddle the first part's 153rd septet
    const text = `${'a'.repeat(152)}{${'a'.repeat(152)}`;

    // Act / Assess: 306 septets would be 2 parts by division; the straddle makes it 3
    expect(smsSize(text).units).toBe(306);
    expect(smsSegments(text)).toBe(3);
  });

  it('knows the GSM alphabet beyond ASCII (é, Ä, Greek capitals) and outside it (backtick, á)', () => {
    expect(smsEncoding('Café Ä ΔΩ @£$¥')).toBe('gsm7');
    expect(smsEncoding('a `quote`')).toBe('ucs2');
    expect(smsEncoding('á')).toBe('ucs2');
  });

  it('sends a text with Chinese or a 【signature】 in UCS-2: 70, then parts of 67', () => {
    expect(smsSize('【法院】'.padEnd(70, '好'))).toEqual({ encoding: 'ucs2', units: 70, segments: 1 });
    expect(smsSegments('好'.repeat(71))).toBe(2);
    expect(smsSegments('好'.repeat(134))).toBe(2);
    expect(smsSegments('好'.repeat(135))).toBe(3);
    // One non-GSM character turns the whole English text into UCS-2.
    expect(smsSegments(`【P】${'a'.repeat(80)}`)).toBe(2);
  });

  it('counts UTF-16 code units, and keeps a surrogate pair in one part', () => {
    // Prepare: an emoji is two code units
    expect(smsSize('😀').units).toBe(2);
    expect(smsSegments(`${'a'.repeat(68)}😀`)).toBe(1);
    expect(smsSegments(`${'a'.repeat(69)}😀`)).toBe(2);

    // Act: 66 units then a pair would straddle the 67-unit part boundary
    const text = `${'好'.repeat(66)}😀${'好'.repeat(66)}`;

    // Assess: 134 units, yet three parts
    expect(smsSize(text).units).toBe(134);
    expect(smsSegments(text)).toBe(3);
  });

  it('counts an empty text as one part', () => {
    expect(smsSize('')).toEqual({ encoding: 'gsm7', units: 0, segments: 1 });
  });
});
