import type { SignInLink } from '../domain/identity/sign-in-link';
import type { PersonRecord } from '../domain/people/person-record';
import type { EntityWrite, Versioned } from './table';

/**
 * People (DESIGN.md, Identity): a person or company exists once on the platform, under the keyed
 * look-up hash of its ID number, whatever dispute or service it appears in; and which courts may
 * see and serve it (a court serves only parties of its own cases).
 */
export interface People {
  /** The person's record, if the platform has met the person. */
  person(personHash: string): Promise<Versioned<PersonRecord> | undefined>;
  /** Which of these look-up hashes the platform has met (one read for all). */
  known(personHashes: readonly string[]): Promise<Set<string>>;
  /** The versioned write of the person's record (`expectedVersion: 0` creates it). */
  personWrite(expectedVersion: number, personHash: string, record: PersonRecord): EntityWrite;
  /** The look-up hash behind a public person id (`publicPersonId`), if a person has it. */
  personHashOf(personId: string): Promise<string | undefined>;
  /** The look-up item of a new person's public id: written in the change that creates the person. */
  personIdWrite(lookupHash: string): EntityWrite;
  /**
   * The memberships that let `courtId` see and serve these persons, parties of `disputeId`: one
   * per (court, person, dispute), so a person in two cases of one court gets two and neither
   * write conflicts with the other.
   */
  courtMembershipWrites(courtId: string, disputeId: string, personHashes: readonly string[]): EntityWrite[];
  /** Whether the person is a party of `disputeId` for `courtId` already. */
  courtMembershipExists(personHash: string, courtId: string, disputeId: string): Promise<boolean>;
  /** Whether the person is a party of any case of `courtId` (one strongly consistent read). */
  isPartyOfCourt(personHash: string, courtId: string): Promise<boolean>;

  /** The person a sign-in is linked to, if it is. */
  signInLink(sub: string): Promise<SignInLink | undefined>;
  /**
   * The link's two items, each created once: the sign-in's (this account is linked once) and the
   * person's (this person is claimed once), so a second account claiming a linked person loses.
   */
  signInLinkWrites(sub: string, link: SignInLink): EntityWrite[];
}
