/**
 * Masked forms of personal data for display and logs. They keep just enough for a person to
 * recognise their own data (`440308********1234`, `138****5678`, `z***@example.com`).
 *
 * Numbers are masked in place: the hidden digits become `*` and everything else (a `+`, spaces,
 * hyphens, full-width digits) stays as written, so `+86 138-1234-5678` reads `+86 138-****-5678`.
 */
export function maskIdNumber(idNumber: string): string {
  const visibleHead = idNumber.length >= 15 ? 6 : Math.min(2, Math.floor(idNumber.length / 4));
  const visibleTail = idNumber.length >= 8 ? 4 : 1;
  if (idNumber.length <= visibleHead + visibleTail) return '*'.repeat(idNumber.length);
  return `${idNumber.slice(0, visibleHead)}${'*'.repeat(idNumber.length - visibleHead - visibleTail)}${idNumber.slice(-visibleTail)}`;
}

export function maskPhone(phone: string): string {
  const digits = Array.from(phone).filter((char) => decimalDigitValue(char) !== undefined).length;
  if (digits < 7) return '*'.repeat(phone.length);
  return maskDigits(phone, hiddenPhoneDigits(digits));
}

export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return maskedEmail(email.slice(0, at), email.slice(at));
}

/** An address cut where its `@` (or `＠`, ` [at] `) begins: the local part's first character and the rest stay. */
export function maskedEmail(localPart: string, fromAt: string): string {
  return `${Array.from(localPart)[0] ?? ''}***${fromAt}`;
}

/** A half-open range of positions among a number's digits (0 = its first digit). */
export interface DigitRange {
  from: number;
  to: number;
}

/**
 * A phone number hides the four digits before its last four: `138****5678`, and with a country
 * code `+86138****5678` or `+8610****1234` (the country and network or area code stay).
 */
export function hiddenPhoneDigits(digitCount: number): DigitRange {
  return { from: Math.max(0, digitCount - 8), to: Math.max(0, digitCount - 4) };
}

/**
 * A resident ID number hides its birth date: digits 7–14 of the 18-character number
 * (`440308********123X`), digits 7–12 of a first-generation 15-digit one (`110105******002`).
 */
export function hiddenIdDigits(digitCount: number): DigitRange {
  return digitCount === 15 ? { from: 6, to: 12 } : { from: 6, to: 14 };
}

/** `text` with the digits at positions `hidden` (counting digits only) replaced by `*`. */
export function maskDigits(text: string, hidden: DigitRange): string {
  let position = 0;
  let masked = '';
  for (const char of text) {
    if (decimalDigitValue(char) === undefined) {
      masked += char;
      continue;
    }
    masked += position >= hidden.from && position < hidden.to ? '*' : char;
    position++;
  }
  return masked;
}

const decimalDigit = /^\p{Nd}$/u;

/**
 * The value of a decimal digit in any script (`7`, full-width `７`, Arabic-Indic `٧`, mathematical
 * `𝟕`), or undefined for any other character. Unicode encodes every such digit in a run of ten,
 * zero first (runs may abut, as the mathematical digits do), so the value is the distance from the
 * start of the run, modulo ten.
 */
export function decimalDigitValue(char: string): number | undefined {
  const code = char.codePointAt(0);
  if (code === undefined) return undefined;
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (!decimalDigit.test(char)) return undefined;
  let start = code;
  while (decimalDigit.test(String.fromCodePoint(start - 1))) start--;
  return (code - start) % 10;
}

/** An address for service as others may see it: a phone or an email masked as such, anything else all but its start. */
export function maskAddress(channel: string, value: string): string {
  if (channel === 'sms') return maskPhone(value);
  if (channel === 'email') return maskEmail(value);
  return value.length <= 4 ? '****' : `${value.slice(0, 2)}****`;
}
