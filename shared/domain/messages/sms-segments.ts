/**
 * How many billed parts an SMS is (3GPP TS 23.038 alphabets, TS 23.040 concatenation). A text made
 * only of the GSM 7-bit default alphabet is sent in GSM-7: 160 septets in one part; the characters
 * of the extension table (`^{}\[~]|€` and form feed) take two septets each, an escape and the
 * character. Any other character (Chinese, the 【】 of a sender's signature, curly quotes) sends the
 * whole text in UCS-2: 70 UTF-16 code units in one part, so a character outside the Basic
 * Multilingual Plane (an emoji) counts two. A longer text is split into parts that each carry a
 * 6-byte concatenation header: 153 septets or 67 code units per part. A two-septet character is
 * never split across parts, nor is a surrogate pair, which is why parts are filled one character
 * at a time instead of dividing the length.
 */
export type SmsEncoding = 'gsm7' | 'ucs2';

export interface SmsSize {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text. */
  units: number;
  segments: number;
}

export const smsLimits = {
  gsm7: { single: 160, part: 153 },
  ucs2: { single: 70, part: 67 },
} as const;

/** The GSM 7-bit default alphabet (TS 23.038 §6.2.1), as Unicode; the escape at 0x1B is left out. */
const gsm7Basic = new Set(
  [
    '@£$¥èéùìòÇ\nØø\rÅå',
    'Δ_ΦΓΛΩΠΨΣΘΞÆæßÉ',
    ' !"#¤%&\'()*+,-./0123456789:;<=>?',
    '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§',
    '¿abcdefghijklmnopqrstuvwxyzäöñüà',
  ].join(''),
);
/** Its extension table (TS 23.038 §6.2.1.1): each is sent as escape + character, two septets. */
const gsm7Extension = new Set('\f^{}\\[~]|€');

export function smsEncoding(text: string): SmsEncoding {
  for (const character of text) {
    if (!gsm7Basic.has(character) && !gsm7Extension.has(character)) return 'ucs2';
  }
  return 'gsm7';
}

/** The size of one character in the text's encoding. */
function unitsOf(character: string, encoding: SmsEncoding): number {
  if (encoding === 'gsm7') return gsm7Extension.has(character) ? 2 : 1;
  return character.length; // UTF-16 code units: 2 for a surrogate pair
}

export function smsSize(text: string): SmsSize {
  const encoding = smsEncoding(text);
  const limits = smsLimits[encoding];
  const characters = [...text];
  const units = characters.reduce((sum, character) => sum + unitsOf(character, encoding), 0);
  if (units <= limits.single) return { encoding, units, segments: 1 };
  // Fill parts one character at a time: a character that does not fit whole starts the next part.
  let segments = 1;
  let used = 0;
  for (const character of characters) {
    const size = unitsOf(character, encoding);
    if (used + size > limits.part) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return { encoding, units, segments };
}

export function smsSegments(text: string): number {
  return smsSize(text).segments;
}
