import type { IdentityAssurance } from '../identity/identity-assurance';
import type { PartyKind, ServiceConsent } from '../mediation/case-party';

/**
 * A person or company as the platform keeps it, once, under the keyed look-up hash of its ID number
 * (DESIGN.md, Identity): what the filing that first named it protected (the ID number's ciphertext
 * and masked form, the name, the kind), its latest consent to electronic service, and an operator's
 * document check. Every write keeps the members it does not change.
 */
export interface PersonRecord {
  lookupHash: string;
  kind: PartyKind;
  name: string;
  idMasked: string;
  /** The ID number, encrypted by the PII vault: revealed only to check an identity. */
  ciphertext: string;
  createdAt: string;
  serviceConsent?: ServiceConsent;
  /** An operator's check of an identity document (level `operator_document`). */
  identityDocumentCheck?: IdentityAssurance;
}
