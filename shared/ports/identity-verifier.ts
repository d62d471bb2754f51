import type { IdKind } from '../domain/identity/identity-assurance';

/** Who is to be verified: the ID number in the clear (normalized), the name on it, a mobile (E.164). */
export interface IdentityClaim {
  idKind: IdKind;
  idNumber: string;
  name: string;
  mobile: string;
}

/**
 * The provider's answer. `carrier_3f`: the carrier confirms the mobile is registered to this ID
 * number and name. `none`: it does not (no match, an ID kind carriers cannot check, or no provider
 * configured). `operator_document` comes only from an operator's recorded check, never from here.
 */
export type VerifierAnswer =
  | { level: 'carrier_3f'; providerReference?: string }
  | { level: 'none'; reason: 'no_match' | 'not_checkable' | 'not_configured' };

/**
 * Asks an identity provider whether a mobile number belongs to a person (DESIGN.md, Identity).
 * An answer is definite; a provider that cannot answer (unreachable, an error, a malformed reply)
 * makes `verify` reject with `IdentityProviderUnavailable`, never a guessed level.
 */
export interface IdentityVerifier {
  verify(claim: IdentityClaim): Promise<VerifierAnswer>;
}

/** The provider could not give a definite answer: the caller must not treat it as `none` or a match. */
export class IdentityProviderUnavailable extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'IdentityProviderUnavailable';
  }
}
