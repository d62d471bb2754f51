import {
  type DigitRange,
  decimalDigitValue,
  hiddenIdDigits,
  hiddenPhoneDigits,
  maskedEmail,
  maskIdNumber,
} from './masking';

/**
 * Finds personal data inside free text (a log message, an error from a provider, a dispute's
 * summary) and masks it, so that no log line and no mediator's notice carries a phone number, an
 * email address or an ID number in the clear, however the writer spaced or punctuated it.
 *
 * Numbers are read as a person reads them. Decimal digits of any script (ASCII, full-width...) with
 * nothing but spacing, punctuation or symbols between them form one stretch: spaces of any width
 * (ideographic and zero-width ones too), hyphens and dashes, dots, brackets, slashes, commas. A
 * letter, a CJK character or a `*` ends a stretch (`*`, so that a masked number stays as it was
 * masked when it is masked again). Inside a stretch a number may start and end only where the writer
 * put something between two digits, or at the stretch's ends: `138 1234 5678` after `No. 5, ` is a
 * phone number, the same digits inside `2024013812345678901` are not. Every candidate found is
 * masked, overlapping ones too: a digit masked too many is the safe error.
 *
 * What is recognised, and what of it stays visible (the other digits become `*`, in place):
 * - a mainland mobile number (1, then 3–9, then nine digits), also after the country code 86, 0086
 *   or +86: the country code, the first three and the last four digits;
 * - any number written after a `+` (landlines too): all but the four digits before its last four.
 *   After +86 it is read as 11 to 13 digits (every such reading is masked), after any other code as
 *   the longest reading of 8 to 15 digits (E.164), never running into the next `+`;
 * - a resident ID number, 17 digits with a birth date in them, then a check digit or X: the first six
 *   and the last four characters (the birth date is hidden). Unspaced, any 18 digits are masked so
 *   (they read as a social credit code, below);
 * - a first-generation resident ID number, 15 digits with a birth date in them: the first six and
 *   the last three digits;
 * - an email address, also written with `＠`, `[at]` or `(at)`, with spaces around the at sign, or
 *   with full-width letters or dots: the local part's first character and everything from the at sign;
 * - a unified social credit code (18 upper-case letters and digits, unspaced; an unspaced 18-digit
 *   number is one too): the first six and the last four characters.
 */
export function maskPersonalDataInText(text: string): string {
  return maskNumbers(maskEmails(text)).replace(socialCreditCode, maskIdNumber);
}

const localPartChar = '[A-Za-z0-9._%+\\-Ａ-Ｚａ-ｚ０-９＿．－＋]';
const openBracket = '[\\[(（{【<〈《]';
const closeBracket = '[\\])）}】>〉》]';
const atSign = `\\s*(?:[@＠﹫]|${openBracket}\\s*at\\s*${closeBracket})\\s*`;
const domainDot = `\\s*(?:[.．。｡]|${openBracket}\\s*dot\\s*${closeBracket})\\s*`;
const domainLabel = '[A-Za-z0-9Ａ-Ｚａ-ｚ０-９][A-Za-z0-9Ａ-Ｚａ-ｚ０-９\\-－]*';
const topLevelDomain = '[A-Za-zＡ-Ｚａ-ｚ]{2,}';
/**
 * The local part, then the rest from the at sign. The local part starts where no local-part
 * character precedes it: the whole word, and one attempt per word (no quadratic scan of long tokens).
 */
const email = new RegExp(
  `(?<!${localPartChar})(${localPartChar}+)(${atSign}${domainLabel}(?:${domainDot}${domainLabel})*${domainDot}${topLevelDomain})`,
  'giu',
);

function maskEmails(text: string): string {
  return text.replace(email, (_match, localPart: string, fromAt: string) => maskedEmail(localPart, fromAt));
}

/** Unified social credit codes: 18 upper-case alphanumerics, the 3rd to 8th digits (the region). */
const socialCreditCode = /(?<![\dA-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![\dA-Z])/g;

/** A digit in a stretch, where it is in the text, and what the writer put before it. */
interface StretchDigit {
  start: number;
  end: number;
  value: number;
  /** Something stood between this digit and the one before: a number may start here. */
  spaced: boolean;
  /** A `+` stood before it: an international number starts here. */
  afterPlus: boolean;
}

/** What ends a stretch of digits: a letter or other character of a word, or a mask. */
const endsStretch = /[\p{L}\p{N}*＊]/u;
const plusSign = /[+＋﹢]/u;
const mobileNumber = /^1[3-9]\d{9}$/;
const mobileCountryCodes = ['', '86', '0086'];
/** Region (first digit 1–8), birth date YYYYMMDD, a three-digit sequence (the check character may follow). */
const residentIdNumber = /^[1-8]\d{5}(19|20)\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}\d?$/;
/** Region (first digit 1–8), birth date YYMMDD, a three-digit sequence. */
const firstGenerationIdNumber = /^[1-8]\d{7}(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])\d{3}$/;
/** The fewest digits any recognised number has (an international number). */
const shortestNumber = 8;

function maskNumbers(text: string): string {
  const hidden: StretchDigit[] = [];
  let stretch: StretchDigit[] = [];
  let spaced = false;
  let afterPlus = false;
  let index = 0;
  for (const char of text) {
    const value = decimalDigitValue(char);
    if (value !== undefined) {
      stretch.push({ start: index, end: index + char.length, value, spaced, afterPlus });
      spaced = false;
      afterPlus = false;
    } else if (endsStretch.test(char)) {
      hidden.push(...hiddenDigitsOf(stretch));
      stretch = [];
      spaced = false;
      afterPlus = false;
    } else {
      spaced = true;
      afterPlus ||= plusSign.test(char);
    }
    index += char.length;
  }
  hidden.push(...hiddenDigitsOf(stretch));
  if (hidden.length === 0) return text;
  let masked = '';
  let copied = 0;
  for (const digit of hidden.sort((a, b) => a.start - b.start)) {
    masked += `${text.slice(copied, digit.start)}*`;
    copied = digit.end;
  }
  return masked + text.slice(copied);
}

/** The digits of one stretch that some number found in it hides. */
function hiddenDigitsOf(stretch: readonly StretchDigit[]): StretchDigit[] {
  const count = stretch.length;
  if (count < shortestNumber) return [];
  const values = stretch.map((digit) => digit.value).join('');
  const hidden = new Set<number>();
  const startsNumber = (at: number) => at === 0 || stretch[at]?.spaced === true;
  const endsNumber = (at: number) => at === count - 1 || stretch[at + 1]?.spaced === true;
  const fits = (at: number, length: number) => at + length <= count && endsNumber(at + length - 1);
  const hide = (at: number, range: DigitRange) => {
    for (let position = range.from; position < range.to; position++) hidden.add(at + position);
  };
  /**
   * The lengths a number after `+` may have, up to the next `+`: after 86, every reading of 11 to 13
   * digits (a mobile or a landline with its area code); otherwise the longest reading up to 15 (E.164).
   */
  const internationalReadings = (at: number): number[] => {
    const lengths: number[] = [];
    for (let length = 1; length <= 15 && at + length <= count; length++) {
      if (length > 1 && stretch[at + length - 1]?.afterPlus) break;
      if (length >= shortestNumber && endsNumber(at + length - 1)) lengths.push(length);
    }
    const chinese = values.startsWith('86', at) ? lengths.filter((length) => length >= 11 && length <= 13) : [];
    return chinese.length > 0 ? chinese : lengths.slice(-1);
  };

  for (let at = 0; at < count; at++) {
    if (!startsNumber(at)) continue;
    for (const code of mobileCountryCodes) {
      const length = code.length + 11;
      if (
        fits(at, length) &&
        values.startsWith(code, at) &&
        mobileNumber.test(values.slice(at + code.length, at + length))
      ) {
        hide(at, hiddenPhoneDigits(length));
      }
    }
    for (const length of [17, 18]) {
      if (fits(at, length) && residentIdNumber.test(values.slice(at, at + length))) hide(at, hiddenIdDigits(length));
    }
    if (fits(at, 15) && firstGenerationIdNumber.test(values.slice(at, at + 15))) hide(at, hiddenIdDigits(15));
    if (stretch[at]?.afterPlus) {
      for (const length of internationalReadings(at)) hide(at, hiddenPhoneDigits(length));
    }
  }
  return [...hidden].flatMap((position) => stretch[position] ?? []);
}

/** Keys whose values are secrets or document contents: never logged, even masked. */
const secretKeys =
  /(otp|passcode|verificationcode|signaturecode|accesscode|secret|password|authorization|tasktoken|token|content|ciphertext)$/i;

export function isSecretKey(key: string): boolean {
  return secretKeys.test(key);
}
