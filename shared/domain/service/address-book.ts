/**
 * A person's address book (issue 4, item 1): candidate addresses from several sources, normalized so
 * the same address named twice is recognised as one, and merged so that one address carries every
 * source that named it.
 *
 * Normalization:
 * - SMS: E.164 through libphonenumber-js (`normalizePhone`), read in the configured default region
 *   when written without a country code (`+86`, `0086`, spaces and dashes are all accepted). Only
 *   mobile numbers can receive SMS: a Chinese number must be 11 digits starting 13–19 (the mobile
 *   blocks of the national numbering plan); a Chinese landline is refused for SMS. The library's
 *   small ("min") metadata we ship cannot tell mobiles from landlines elsewhere, so other countries'
 *   numbers are accepted when valid: the delivery receipt then tells.
 * - Email: the domain lower-cased and converted to ASCII (IDN → punycode, `checkEmail`); the
 *   local part kept as written (it may be case-sensitive) but limited to ASCII, because SES does not
 *   send to internationalized local parts.
 * - Postal and instant-messaging: kept as records (never served to electronically), whitespace
 *   collapsed; an empty one is refused.
 *
 * A batch with any invalid item is rejected whole by the caller: `validateBatch` gives every bad
 * item's reason by its index, so the client can fix them all at once.
 */
import { checkEmail, type EmailProblem, normalizePhone } from '../contacts/contact-normalization';
import type {
  Address,
  AddressChannel,
  AddressOutcomes,
  AddressSource,
  DesignationEvidence,
  SourceObservation,
} from './address';

export interface CandidateInput {
  channel: AddressChannel;
  value: string;
  source: AddressSource;
  /** When the source saw or gave the address (any instant `Date` can read; stored as ISO). */
  observedAt: string;
  reference?: string;
  evidence?: DesignationEvidence;
}

export interface NormalizeOptions {
  /** ISO 3166-1 alpha-2 region for numbers written without a country code (CN by default in config). */
  defaultRegion: string;
}

/** A candidate that passed normalization (the same fields, its value normalized): ready to merge into a book. */
export type AddressCandidate = CandidateInput;

export const rejectionCodes = [
  'empty_value',
  'invalid_phone',
  'not_mobile',
  'invalid_email',
  'invalid_observed_at',
] as const;
export type RejectionCode = (typeof rejectionCodes)[number];

export interface CandidateRejection {
  code: RejectionCode;
  message: string;
}

export type NormalizeResult =
  | { ok: true; channel: AddressChannel; value: string }
  | { ok: false; reason: CandidateRejection };

export type BatchResult =
  | { ok: true; candidates: AddressCandidate[] }
  | { ok: false; errors: { index: number; reason: CandidateRejection }[] };

const CN_COUNTRY_PREFIX = '+86';
/** Chinese mobile numbers: 11 digits, 1 then 3–9 (MIIT numbering plan's mobile blocks). */
const CN_MOBILE = /^1[3-9]\d{9}$/;
/**
 * A national number starting with 1 is meant as a mobile, whatever its length, except Beijing's
 * landlines (area code 10); anything else after +86 is a landline.
 */
const CN_MOBILE_SHAPED = /^1[1-9]/;
export function normalizeCandidate(input: CandidateInput, options: NormalizeOptions): NormalizeResult {
  const value = input.value.trim();
  if (value.length === 0) return reject('empty_value', `an empty ${input.channel} address`);
  switch (input.channel) {
    case 'sms':
      return normalizeMobile(value, options.defaultRegion);
    case 'email':
      return normalizeMailbox(value);
    case 'postal':
    case 'im':
      return { ok: true, channel: input.channel, value: value.replace(/\s+/g, ' ') };
  }
}

function normalizeMobile(value: string, defaultRegion: string): NormalizeResult {
  const e164 = normalizePhone(value, defaultRegion);
  if (e164 === undefined) return reject('invalid_phone', 'not a valid phone number');
  if (!e164.startsWith(CN_COUNTRY_PREFIX)) return { ok: true, channel: 'sms', value: e164 };
  const national = e164.slice(CN_COUNTRY_PREFIX.length);
  if (CN_MOBILE.test(national)) return { ok: true, channel: 'sms', value: e164 };
  if (CN_MOBILE_SHAPED.test(national))
    return reject('invalid_phone', 'not a Chinese mobile number (11 digits starting 13–19)');
  return reject('not_mobile', 'a landline cannot receive SMS');
}

/** Why an email is refused, in the words the batch's caller reads. */
const emailRefusals: Record<EmailProblem, string> = {
  not_an_address: 'not an email address',
  local_part: 'the part before @ is not a valid ASCII mailbox name',
  domain: 'the domain is not a valid mail domain',
  too_long: 'not an email address (longer than 254 characters)',
};

function normalizeMailbox(value: string): NormalizeResult {
  const checked = checkEmail(value);
  if (!checked.ok) return reject('invalid_email', emailRefusals[checked.problem]);
  return { ok: true, channel: 'email', value: checked.value };
}

function reject(code: RejectionCode, message: string): NormalizeResult {
  return { ok: false, reason: { code, message } };
}

/**
 * Normalizes every item; the batch is usable only when every item is (a request with any invalid
 * item is rejected whole), and then the candidates come back in input order.
 */
export function validateBatch(inputs: readonly CandidateInput[], options: NormalizeOptions): BatchResult {
  const candidates: AddressCandidate[] = [];
  const errors: { index: number; reason: CandidateRejection }[] = [];
  inputs.forEach((input, index) => {
    const observedAt = toInstant(input.observedAt);
    if (observedAt === undefined) {
      errors.push({ index, reason: { code: 'invalid_observed_at', message: 'observedAt is not an instant' } });
      return;
    }
    const result = normalizeCandidate(input, options);
    if (!result.ok) {
      errors.push({ index, reason: result.reason });
      return;
    }
    candidates.push({
      channel: result.channel,
      value: result.value,
      source: input.source,
      observedAt,
      ...(input.reference === undefined ? {} : { reference: input.reference }),
      ...(input.evidence === undefined ? {} : { evidence: input.evidence }),
    });
  });
  return errors.length > 0 ? { ok: false, errors } : { ok: true, candidates };
}

function toInstant(text: string): string | undefined {
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

/** The key two candidates share when they are the same address. */
export function addressKey(channel: AddressChannel, value: string): string {
  return `${channel}\u0000${value}`;
}

export function emptyOutcomes(): AddressOutcomes {
  return { attempts: 0, delivered: 0, acknowledged: 0, hardBounces: 0, softBounces: 0 };
}

/**
 * The book with the candidates merged in: a candidate naming an address already in the book (same
 * channel and normalized value) adds its source to it; otherwise it becomes a new address with an id
 * from `ids`. One observation is kept per source, the latest (a registry seen again today is
 * as recent as today). Addresses keep their order; new ones follow in the order first named. The
 * book passed in is not changed.
 */
export function mergeIntoBook(
  book: readonly Address[],
  candidates: readonly AddressCandidate[],
  ids: () => string,
  personHash: string,
): Address[] {
  const merged = book.map((address) => ({ ...address, sources: [...address.sources] }));
  const byKey = new Map(merged.map((address) => [addressKey(address.channel, address.value), address]));
  for (const candidate of candidates) {
    const key = addressKey(candidate.channel, candidate.value);
    let address = byKey.get(key);
    if (address === undefined) {
      address = {
        addressId: ids(),
        personHash,
        channel: candidate.channel,
        value: candidate.value,
        sources: [],
        outcomes: emptyOutcomes(),
      };
      merged.push(address);
      byKey.set(key, address);
    }
    address.sources = withObservation(address.sources, observationOf(candidate));
  }
  return merged;
}

function observationOf(candidate: AddressCandidate): SourceObservation {
  return {
    source: candidate.source,
    observedAt: candidate.observedAt,
    ...(candidate.reference === undefined ? {} : { reference: candidate.reference }),
    ...(candidate.evidence === undefined ? {} : { evidence: candidate.evidence }),
  };
}

/** The sources with one more observation: per source, the latest one wins. */
export function withObservation(
  sources: readonly SourceObservation[],
  observation: SourceObservation,
): SourceObservation[] {
  const existing = sources.find((s) => s.source === observation.source);
  if (existing === undefined) return [...sources, observation];
  if (Date.parse(existing.observedAt) >= Date.parse(observation.observedAt)) return [...sources];
  return sources.map((s) => (s === existing ? observation : s));
}
