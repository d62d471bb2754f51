import type { IdentityAssurance } from '../identity/identity-assurance';
import type { ConsentBasis } from '../mediation/case-party';

/** Where the platform learned of an address (DESIGN.md, "Address sources"). */
export const addressSources = [
  'recipient_designated', // the recipient gave or confirmed it for service
  'other_party_provided',
  'registration_record',
  'civil_activity_record',
  'earlier_service', // it served this person before
  'court_record',
] as const;
export type AddressSource = (typeof addressSources)[number];

/** Channels the platform serves through; postal and instant-messaging addresses are kept as records. */
export const addressChannels = ['sms', 'email', 'postal', 'im'] as const;
export type AddressChannel = (typeof addressChannels)[number];
export type ServiceChannel = Extract<AddressChannel, 'sms' | 'email'>;

export interface SourceObservation {
  source: AddressSource;
  /** When the source saw or gave the address (ISO instant). */
  observedAt: string;
  /** Where it came from: a case number, a registry, the party's filing. */
  reference?: string;
  /** The designation document an operator or a court relied on (a `recipient_designated` they add). */
  evidence?: DesignationEvidence;
}

/** An uploaded designation document, by its id and SHA-256. */
export interface DesignationEvidence {
  documentId: string;
  sha256: string;
}

/** What happened at an address so far: it feeds its ranking. */
export interface AddressOutcomes {
  attempts: number;
  delivered: number;
  acknowledged: number;
  hardBounces: number;
  softBounces: number;
  lastOutcome?: 'delivered' | 'acknowledged' | 'hard_bounce' | 'soft_bounce' | 'no_receipt' | 'unknown';
  lastOutcomeAt?: string;
  /**
   * Services in which the person opened or signed for the document through a message to this
   * address, whenever that happened (also after service was complete, or after the workflow moved
   * on): the address is known to reach the person (issue 16). Absent in books written before.
   */
  reached?: number;
  lastReachedAt?: string;
}

/** One candidate address of a person or company, normalized, with every source that named it. */
export interface Address {
  addressId: string;
  /** The person or company (the keyed hash of its ID number identifies it). */
  personHash: string;
  channel: AddressChannel;
  /** Normalized: E.164 for SMS, lower-cased ASCII domain for email; free text for postal/IM. */
  value: string;
  sources: SourceObservation[];
  outcomes: AddressOutcomes;
  /** Marked invalid (a hard bounce, a number that does not exist). */
  invalid?: boolean;
}

/** The person's own consent to electronic service (never recorded by anyone else). */
export interface ServiceConsentRecord {
  basis: ConsentBasis;
  recordedAt: string;
  evidence?: string;
  /** The identity level the consent was given at (consents recorded before levels existed have none). */
  assurance?: IdentityAssurance;
}
