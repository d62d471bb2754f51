import type { IdentityAssurance } from '../domain/identity/identity-assurance';
import type { PartyKind, ServiceConsent } from '../domain/mediation/case-party';
import type { EntityWrite } from './state-store';

/*
 * Identity assurance and a person's own consent, as capabilities the people feature offers the
 * others (disputes' filing, joining and consent; the service portal): they receive them in their
 * deps, wired by the composition roots, and never import the feature.
 */

export interface IdentityChecks {
  /**
   * How sure the platform is that whoever acts now is the person: a recorded document check (when
   * `documentCheck`), else the carrier's answer for `mobile`. Undefined is `none`; a provider that
   * cannot answer is a 503.
   */
  assessIdentity(
    person: { personHash: string; kind: PartyKind; name: string },
    options: { mobile: string | undefined; documentCheck: boolean },
  ): Promise<IdentityAssurance | undefined>;
  /** The carrier's answer for `mobile` against an ID number and name: `carrier_3f`, or undefined. */
  carrierAssurance(
    person: { kind: PartyKind; name: string; idNumber: string },
    mobile: string,
  ): Promise<IdentityAssurance | undefined>;
}

/**
 * The write that keeps `consent` as the person's latest consent to electronic service, to commit
 * with the change that records it on the case; undefined when the person has no record.
 */
export type PersonConsentWriter = (personHash: string, consent: ServiceConsent) => Promise<EntityWrite | undefined>;
