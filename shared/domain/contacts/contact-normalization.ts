import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Phone numbers and email addresses in one canonical form, so the same address given twice (by the
 * party and by the other side, say) is recognised as one. Phones: E.164 via libphonenumber-js, read
 * in the configured default region (CN) when written without a country code. Emails: see `checkEmail`.
 */
export function normalizePhone(phone: string, defaultRegion = 'CN'): string | undefined {
  const parsed = parsePhoneNumberFromString(phone, defaultRegion as Parameters<typeof parsePhoneNumberFromString>[1]);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** RFC 5321 limits. */
const maxEmailLength = 254;
const maxLocalPartLength = 64;
/**
 * RFC 5322 dot-atom, ASCII only: no quoted strings, comments or angle brackets, no leading, trailing
 * or double dot. ASCII because SES does not send to internationalized local parts (RFC 6531).
 */
const localPartShape = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
/**
 * Characters a URL parser would take as a port, path, query or credentials, or decode (`%61`): never
 * part of a mail domain, and never silently dropped from one.
 */
const notInMailDomain = /[/:?#@%\\[\]\s]/;
const domainLabel = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;
/** A top-level domain is alphabetic or an IDN (`xn--…`); rules out IP literals like `1.2.3.4`. */
const topLevelDomain = /^([a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

export type EmailProblem = 'not_an_address' | 'local_part' | 'domain' | 'too_long';

/**
 * An email address as the platform sends to it, or what is wrong with it. The local part is kept
 * as written (it may be case-sensitive) and must be a plain dot-atom; the domain is lower-cased and
 * converted to ASCII (an IDN such as 例子.中国 becomes punycode), and must be labels of letters,
 * digits and inner hyphens under an alphabetic or IDN top-level domain. Spaces around are dropped.
 */
export function checkEmail(email: string): { ok: true; value: string } | { ok: false; problem: EmailProblem } {
  const trimmed = email.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0 || at === trimmed.length - 1) return { ok: false, problem: 'not_an_address' };
  const local = trimmed.slice(0, at);
  const given = trimmed.slice(at + 1);
  if (local.length > maxLocalPartLength || !localPartShape.test(local)) return { ok: false, problem: 'local_part' };
  if (notInMailDomain.test(given)) return { ok: false, problem: 'domain' };
  const domain = asciiDomain(given);
  if (domain === undefined || !isMailDomain(domain)) return { ok: false, problem: 'domain' };
  const value = `${local}@${domain}`;
  return value.length > maxEmailLength ? { ok: false, problem: 'too_long' } : { ok: true, value };
}

/** The address in its canonical form, or undefined when it is not one the platform sends to (`checkEmail`). */
export function normalizeEmail(email: string): string | undefined {
  const checked = checkEmail(email);
  return checked.ok ? checked.value : undefined;
}

/** The domain lower-cased and in ASCII (IDN to punycode), as a URL's host: undefined when it is none. */
function asciiDomain(domain: string): string | undefined {
  try {
    return new URL(`http://${domain}`).hostname;
  } catch {
    return undefined;
  }
}

function isMailDomain(domain: string): boolean {
  const labels = domain.split('.');
  const tld = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((label) => domainLabel.test(label)) && topLevelDomain.test(tld);
}
