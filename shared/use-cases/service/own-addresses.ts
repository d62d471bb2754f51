import { InvalidInput, NotFound, RuleViolation } from '../../domain/errors';
import {
  type IdentityAssurance,
  identityNotVerified,
  recordedAssurance,
} from '../../domain/identity/identity-assurance';
import { publicPersonId } from '../../domain/identity/person-id';
import type { ConsentBasis, ServiceConsent } from '../../domain/mediation/case-party';
import type { Principal } from '../../domain/principal';
import type { AddressSource, ServiceChannel } from '../../domain/service/address';
import { validateBatch } from '../../domain/service/address-book';
import type { Clock } from '../../ports/clock';
import type { PersonConsentWriter } from '../../ports/identity-checks';
import type { Ids } from '../../ports/ids';
import type { StateStore } from '../../ports/state-store';
import { commitToBook, personConsent } from './party-addresses';

/*
 * A signed-in party's own service addresses (`GET, POST /v1/me/addresses`, DESIGN.md API table):
 * what it gives here for itself is `recipient_designated`, always behind its verified identity
 * (DESIGN.md, "Identity assurance"). A recipient of this person left unserved for want of an
 * address resumes on it (the book's commit says the contacts changed).
 *
 * Verified means what the person's record holds (a consent given at a carrier match, an operator's
 * document check) or the level the party's own sign-in was linked to this person at: the carrier
 * matched the mobile it proved at sign-in to its ID number and name (sign-in-links.ts). The same
 * rule on the pages and in the API: each passes the sign-in (`sub`) the party came with. A
 * respondent invited by email, or who joined without consenting, has no other way to become
 * reachable: with that level it consents and designates here, and a ruling left unserved for want
 * of consent or an address resumes on it.
 */

export interface OwnAddressesView {
  personId: string;
  consent: { basis: string; recordedAt: string } | null;
  identityVerified: boolean;
  addresses: Array<{ addressId: string; channel: ServiceChannel; value: string; sources: AddressSource[] }>;
}

/**
 * The person a signed-in party acts as: the person of the parties it filed or joined as. Until
 * sign-ins are linked to persons one to one, the memberships answer; a principal that is no party
 * anywhere has no addresses to keep (404), and one acting for two persons must say which (409).
 */
async function ownPerson(store: StateStore, principal: Principal): Promise<string> {
  const memberships = await store.disputes.disputeIdsOfMember(principal.subjectId, { limit: 25 });
  const persons = new Set<string>();
  for (const disputeId of memberships.items) {
    const parties = await store.disputes.parties(disputeId);
    for (const party of parties) if (party.subjectId === principal.subjectId) persons.add(party.personHash);
  }
  const [person, ...others] = persons;
  if (!person) throw new NotFound('you are not a party of any dispute yet: file one or join by your invitation');
  if (others.length > 0) {
    throw new RuleViolation('several_persons', 'this sign-in acts for more than one person; ask an operator');
  }
  return person;
}

/**
 * The level `signInSub` was linked to this person at (DESIGN.md: a sign-in linked at a level other
 * than `none` counts as verified); undefined for no sign-in, or one linked to someone else.
 */
async function signInAssurance(
  store: StateStore,
  personHash: string,
  signInSub: string | undefined,
): Promise<IdentityAssurance | undefined> {
  const link = signInSub ? await store.people.signInLink(signInSub) : undefined;
  return link?.personHash === personHash ? link.assurance : undefined;
}

export async function readOwnAddresses(
  deps: { store: StateStore },
  principal: Principal,
  signInSub?: string,
): Promise<OwnAddressesView> {
  const personHash = await ownPerson(deps.store, principal);
  const [book, consent, person, linked] = await Promise.all([
    deps.store.services.addressBook(personHash),
    personConsent(deps.store, personHash),
    deps.store.people.person(personHash),
    signInAssurance(deps.store, personHash, signInSub),
  ]);
  return {
    personId: publicPersonId(personHash),
    consent: consent ? { basis: consent.basis, recordedAt: consent.recordedAt } : null,
    identityVerified: (recordedAssurance(person?.value) ?? linked) !== undefined,
    addresses: book.value.flatMap((address) =>
      address.channel === 'sms' || address.channel === 'email'
        ? [
            {
              addressId: address.addressId,
              channel: address.channel,
              value: address.value,
              sources: [...new Set(address.sources.map((source) => source.source))].sort(),
            },
          ]
        : [],
    ),
  };
}

/**
 * The party designates addresses for itself and, with `consent`, consents to electronic service
 * (recorded with the level it is verified at, in the same change as the addresses): 422
 * `identity_not_verified` unless its person is verified (a carrier match with its consent, an
 * operator's document check, or its sign-in `signInSub` linked to it at a verified level); invalid
 * values are a 400 naming each; nothing
 * is written then.
 */
export async function addOwnAddresses(
  deps: { store: StateStore; clock: Clock; ids: Ids; defaultRegion: string; personConsentWrite: PersonConsentWriter },
  principal: Principal,
  given: ReadonlyArray<{ channel: 'sms' | 'email'; value: string }>,
  options: { consent?: ConsentBasis; signInSub?: string } = {},
): Promise<OwnAddressesView> {
  const personHash = await ownPerson(deps.store, principal);
  const batch = validateBatch(
    given.map((address) => ({
      ...address,
      source: 'recipient_designated' as const,
      observedAt: deps.clock.now().toISOString(),
      reference: 'self',
    })),
    { defaultRegion: deps.defaultRegion },
  );
  if (!batch.ok) {
    throw new InvalidInput(`${batch.errors.length} of ${given.length} addresses are invalid; nothing was added`, {
      details: {
        errors: batch.errors.map((error) => ({
          index: error.index,
          code: error.reason.code,
          message: error.reason.message,
        })),
      },
    });
  }
  const person = await deps.store.people.person(personHash);
  const assurance =
    recordedAssurance(person?.value) ?? (await signInAssurance(deps.store, personHash, options.signInSub));
  if (!assurance) {
    throw new RuleViolation(
      identityNotVerified,
      'an address you designate for service needs your verified identity: consent with your own mobile, or have an operator check your identity document; nothing was added',
      { details: { assuranceLevel: 'none' } },
    );
  }
  const consent: ServiceConsent | undefined = options.consent
    ? { basis: options.consent, recordedAt: deps.clock.now().toISOString(), recordedBy: principal.subjectId, assurance }
    : undefined;
  await commitToBook(deps, personHash, batch.candidates, principal, consent);
  return readOwnAddresses(deps, principal, options.signInSub);
}
