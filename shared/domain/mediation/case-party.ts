import { NotFound } from '../errors';
import type { IdentityAssurance } from '../identity/identity-assurance';
import { personSubjectId } from '../identity/person-id';
import type { Principal } from '../principal';

/** The ways a party can have agreed to electronic service (DESIGN.md, Identity). */
export const consentBases = [
  'platform_declaration', // the party's own declaration on the platform
  'contract_clause', // a contract clause agreeing to electronic service (the contract is the evidence)
  'earlier_litigation', // earlier electronic service accepted in litigation
  'conduct', // signing for an electronically served document
] as const;
export type ConsentBasis = (typeof consentBases)[number];

export interface ServiceConsent {
  basis: ConsentBasis;
  recordedAt: string;
  /** A reference to the evidence (the contract's document key, the earlier case number). */
  evidence?: string;
  /** Who recorded it: always the party's own principal. */
  recordedBy: string;
  /** How sure the platform was of who gave it (never `none`: an unverified consent is not recorded). */
  assurance?: IdentityAssurance;
}

export type PartyRole = 'applicant' | 'respondent';
export type PartyKind = 'person' | 'company';

export interface Representative {
  name: string;
  lookupHash: string;
  idMasked: string;
}

/** A person or company as a party to one dispute. */
export interface CaseParty {
  partyId: string;
  role: PartyRole;
  kind: PartyKind;
  name: string;
  /** The person's or company's key on the platform: the keyed hash of its ID number. */
  personHash: string;
  idMasked: string;
  domicile: { regionCode?: string; country: string };
  contact: { phone?: string; email?: string };
  representatives: Representative[];
  /** The principal acting as this party, once they filed or joined. */
  subjectId?: string;
  joinedAt?: string;
  consent?: ServiceConsent;
  serviceAddress?: { phone?: string; email?: string };
}

/**
 * The case party the caller acts as among a dispute's parties, or 404 when they are none of them
 * (so a dispute's existence leaks to no one who is not a party).
 */
export function partyActingAs(parties: readonly CaseParty[], principal: Principal, disputeId: string): CaseParty {
  const party = parties.find((candidate) => principal.role === 'party' && candidate.subjectId === principal.subjectId);
  if (!party) throw new NotFound(`no dispute ${disputeId}`);
  return party;
}

/** The principal a respondent holds after joining: derived from the person, so it is theirs alone. */
export function partySubjectFor(party: Pick<CaseParty, 'personHash'>): string {
  return personSubjectId(party.personHash);
}

/** An address a message to a party goes to. */
export interface PartyAddress {
  channel: 'sms' | 'email';
  to: string;
}

/**
 * Where a party's invitations (and their fresh codes) go: the contact the applicant gave, its phone
 * by SMS, else its email. An address for service is the party's own, given when it joins by the
 * invitation, so the invitation never goes there.
 */
export function invitationAddress(party: CaseParty): PartyAddress | undefined {
  if (party.contact.phone) return { channel: 'sms', to: party.contact.phone };
  if (party.contact.email) return { channel: 'email', to: party.contact.email };
  return undefined;
}

/** A party's addresses for messages, phone first: its address for service where it gave one, else its contact. */
export function messageAddressesOf(party: CaseParty): PartyAddress[] {
  const phone = party.serviceAddress?.phone ?? party.contact.phone;
  const email = party.serviceAddress?.email ?? party.contact.email;
  return [
    ...(phone ? [{ channel: 'sms' as const, to: phone }] : []),
    ...(email ? [{ channel: 'email' as const, to: email }] : []),
  ];
}
