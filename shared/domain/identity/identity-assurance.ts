import { RuleViolation } from '../errors';

/**
 * Identity assurance (DESIGN.md, Identity): a code sent to a contact that another party supplied
 * proves possession of that contact, not identity. Consent to electronic service and a
 * `recipient_designated` address need one of these levels above `none`:
 * - `carrier_3f`: the mobile carrier confirms that the mobile number is registered to this ID
 *   number and this name (a three-factor check); only mainland resident ID numbers can be checked
 *   this way, since carriers register mobiles to them;
 * - `operator_document`: an operator checked an identity document (its id and SHA-256 recorded);
 *   passports, travel permits and companies can reach no other level.
 */
export const assuranceLevels = ['carrier_3f', 'operator_document', 'none'] as const;
export type AssuranceLevel = (typeof assuranceLevels)[number];

export const idKinds = ['resident_id', 'passport', 'travel_permit', 'company_credit_code'] as const;
export type IdKind = (typeof idKinds)[number];

/** A level a person's consent or designation may rest on. */
export type VerifiedLevel = Exclude<AssuranceLevel, 'none'>;

/** What is kept with a consent and in the chained events: the level and what it rests on. */
export type IdentityAssurance =
  | { level: 'carrier_3f'; checkedAt: string; providerReference?: string }
  | {
      level: 'operator_document';
      checkedAt: string;
      documentKind: IdKind;
      documentId: string;
      documentSha256: string;
      checkedBy: string;
    };

/** Mainland resident ID (GB 11643): 17 digits and a check character. */
const RESIDENT_ID = /^\d{17}[\dX]$/;
/** Mainland travel permits for Hong Kong, Macao and Taiwan residents (H/M + 8 or 10 digits; 8 digits). */
const TRAVEL_PERMIT = /^([HM]\d{8}(\d{2})?|\d{8})$/;

/**
 * The kind of a normalized ID number. Companies are known by the party's kind (their number is the
 * unified social credit code); a person's number shaped as a resident ID is one (a mistyped one is
 * then answered `no_match` by the carrier, not taken for a passport); a travel permit's shape is
 * recognised; anything else is a passport.
 */
export function idKindOf(partyKind: 'person' | 'company', idNumber: string): IdKind {
  if (partyKind === 'company') return 'company_credit_code';
  if (RESIDENT_ID.test(idNumber)) return 'resident_id';
  if (TRAVEL_PERMIT.test(idNumber)) return 'travel_permit';
  return 'passport';
}

/** Only a resident ID can be matched to a mobile by a carrier. */
export function carrierCheckable(kind: IdKind): boolean {
  return kind === 'resident_id';
}

/**
 * The level a person stands at: a recorded operator document check outranks a carrier answer
 * (a document was seen); otherwise the carrier's answer, if one was asked.
 */
export function strongestAssurance(
  recorded: IdentityAssurance | undefined,
  carrier: IdentityAssurance | undefined,
): IdentityAssurance | undefined {
  if (recorded?.level === 'operator_document') return recorded;
  return carrier ?? recorded;
}

/** The rule code of a consent or designation refused for want of a verified identity. */
export const identityNotVerified = 'identity_not_verified';

/** Refuses (422) what needs a verified identity when there is none. */
export function requireVerified(assurance: IdentityAssurance | undefined, what: string): IdentityAssurance {
  if (!assurance) {
    throw new RuleViolation(
      identityNotVerified,
      `${what} needs a verified identity: the mobile number is not registered to this ID number and name, and no operator has checked an identity document`,
      { details: { assuranceLevel: 'none' } },
    );
  }
  return assurance;
}

/**
 * What of a person's record (domain/people/person-record.ts) speaks of its identity; typed by shape
 * so that this folder need not import the record's.
 */
export interface RecordedIdentity {
  identityDocumentCheck?: IdentityAssurance;
  serviceConsent?: { assurance?: IdentityAssurance };
}

/** The operator's document check recorded on a person's record, if any. */
export function documentCheckOf(person: RecordedIdentity | undefined): IdentityAssurance | undefined {
  const check = person?.identityDocumentCheck;
  return check?.level === 'operator_document' ? check : undefined;
}

/**
 * The level a person's record stands at now: a document check, else the assurance its latest
 * consent was given with (a carrier match at that time).
 */
export function recordedAssurance(person: RecordedIdentity | undefined): IdentityAssurance | undefined {
  return strongestAssurance(documentCheckOf(person), person?.serviceConsent?.assurance);
}
