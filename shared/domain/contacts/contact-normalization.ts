import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * Phone numbers and email addresses in one canonical form, so the same address given twice (by the
 * party and by the other side, say) is recognised as one. Phones: E.164 via libphonenumber-js, read
 * in the configured default region (CN) when written without a country code. Emails: the domain
 * lower-cased and converted to ASCII (IDN), the local part kept as written.
 */
export function normalizePhone(phone: string, defaultRegion = 'CN'): string | undefined {
  const parsed = parsePhoneNumberFromString(phone, defaultRegion as Parameters<typeof parsePhoneNumberFromString>[1]);
  return parsed?.isValid() ? parsed.number : undefined;
}

export function normalizeEmail(email: string): string | undefined {
  const at = email.lastIndexOf('@');
  if (at <= 0 || at === email.length - 1) return undefined;
  const local = email.slice(0, at).trim();
  try {
    const domain = new URL(`http://${email.slice(at + 1).trim()}`).hostname;
    if (!domain.includes('.') || local.length === 0 || /\s/.test(local)) return undefined;
    return `${local}@${domain}`;
  } catch {
    return undefined;
  }
}
