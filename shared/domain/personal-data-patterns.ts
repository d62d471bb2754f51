import { maskEmail, maskIdNumber, maskPhone } from './masking';

/**
 * Finds personal data inside free text (a log message, an error from a provider) and masks it, so
 * that no log line carries a phone number, an email address or an ID number in the clear.
 */
const patterns: Array<[RegExp, (match: string) => string]> = [
  // Resident ID numbers (18 characters, the last may be X) and other long digit runs of ID length.
  [/(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])/g, maskIdNumber],
  // Unified social credit codes (18 upper-case alphanumerics, starting with a digit or letter).
  [/(?<![\dA-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![\dA-Z])/g, maskIdNumber],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, maskEmail],
  // Phone numbers: E.164, or mainland mobile numbers without the country code.
  [/\+\d{8,15}(?!\d)/g, maskPhone],
  [/(?<!\d)1[3-9]\d{9}(?!\d)/g, maskPhone],
];

export function maskPersonalDataInText(text: string): string {
  return patterns.reduce((masked, [pattern, mask]) => masked.replace(pattern, mask), text);
}

/** Keys whose values are secrets or document contents: never logged, even masked. */
const secretKeys =
  /(otp|passcode|verificationcode|signaturecode|accesscode|secret|password|authorization|tasktoken|token|content|ciphertext)$/i;

export function isSecretKey(key: string): boolean {
  return secretKeys.test(key);
}
