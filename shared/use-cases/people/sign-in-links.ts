import { AlreadyExists, ConcurrentModification, DomainError, RuleViolation } from '../../domain/errors';
import type { IdentityAssurance } from '../../domain/identity/identity-assurance';
import { identityNotVerified } from '../../domain/identity/identity-assurance';
import { personSubjectId } from '../../domain/identity/person-id';
import type { SignInLink } from '../../domain/identity/sign-in-link';
import type { PartyKind } from '../../domain/mediation/case-party';
import { type AllowanceDeps, countRefusedLinkCheck, requireLinkCheckLeft } from './allowances';
import { assessIdentity, carrierAssurance, type IdentityDeps } from './identity-assurance';

/*
 * A sign-in linked to a person (DESIGN.md, Identity → Sign-in; issue 11, item 4).
 *
 * Rule: the first time a party signs in, it proves who it is, and its sign-in `sub` is linked to
 * the person one to one, with the assurance level reached. After that the party acts as
 * `person:<hash>` (the subject its disputes already use: `partySubjectFor`, the one rule for a
 * filer who linked and a respondent who joined), so whatever it filed or joined is its own.
 *
 * Two items written in one transaction, each only if it does not exist yet: `SUB#<sub>` → the
 * person (this account is linked once) and `PERSON#<hash>` `LINKED_SUB` → the sub (this person is
 * claimed once). A second account claiming a linked person loses the race on the second item.
 */

/** The rule code when the person is already linked to another sign-in (409). */
export const personAlreadyLinked = 'person_already_linked';

export { linkedSubject } from './linked-subject';

export interface LinkRequest {
  sub: string;
  /** The mobile the sign-in proved possession of (the pool's verified phone number). */
  signedInMobile: string | undefined;
  idNumber: string;
  name: string;
}

/**
 * Links `sub` to the person whose ID number and name the carrier confirms for the signed-in mobile
 * (`carrier_3f`). No mobile, or a carrier that says no: 422 `identity_not_verified`, nothing written.
 * The same sub and person again: the link as it is (a retried form). Another person for this sub,
 * or this person for another sub: 409 `person_already_linked`. A sign-in the carrier refused five
 * times in a day is not checked again until the oldest refusal is a day old (429 `identity_check_limit`).
 */
export async function linkSignIn(deps: IdentityDeps & AllowanceDeps, request: LinkRequest): Promise<SignInLink> {
  const personHash = await deps.vault.lookupHash(request.idNumber);
  const existing = await deps.store.people.signInLink(request.sub);
  if (existing) {
    if (existing.personHash === personHash) return existing;
    throw alreadyLinked('this sign-in is already linked to another person');
  }
  // Every carrier check is a paid request: a sign-in gets five refused ones a day (429 beyond).
  if (request.signedInMobile) await requireLinkCheckLeft(deps, request.sub);
  const assurance = request.signedInMobile
    ? await carrierAssurance(
        deps,
        { kind: 'person', name: request.name, idNumber: request.idNumber },
        request.signedInMobile,
      )
    : undefined;
  if (!assurance) {
    if (request.signedInMobile) await countRefusedLinkCheck(deps, request.sub);
    throw new RuleViolation(
      identityNotVerified,
      'the carrier does not confirm that the signed-in mobile is registered to this ID number and name',
    );
  }
  return writeLink(deps, request.sub, personHash, assurance);
}

/**
 * A respondent who has just joined in this browser (the invitation's code and ID digits proved,
 * join-dispute.ts) links its sign-in to that person after the same carrier check: the signed-in
 * mobile against the person's stored ID number and name. Refusals as `linkSignIn`.
 */
export async function linkJoinedPerson(
  deps: IdentityDeps,
  request: {
    sub: string;
    signedInMobile: string | undefined;
    person: { personHash: string; kind: PartyKind; name: string };
  },
): Promise<SignInLink> {
  const { personHash } = request.person;
  const existing = await deps.store.people.signInLink(request.sub);
  if (existing) {
    if (existing.personHash === personHash) return existing;
    throw alreadyLinked('this sign-in is already linked to another person');
  }
  const assurance = await assessIdentity(deps, request.person, {
    mobile: request.signedInMobile,
    documentCheck: false,
  });
  if (!assurance) {
    throw new RuleViolation(
      identityNotVerified,
      'the carrier does not confirm that the signed-in mobile is registered to the person who joined',
    );
  }
  return writeLink(deps, request.sub, personHash, assurance);
}

async function writeLink(
  deps: IdentityDeps,
  sub: string,
  personHash: string,
  assurance: IdentityAssurance,
): Promise<SignInLink> {
  const link: SignInLink = { personHash, assurance, linkedAt: deps.clock.now().toISOString() };
  try {
    await deps.store.commit({
      chainId: `person-${personHash.slice(0, 40)}`,
      writes: deps.store.people.signInLinkWrites(sub, link),
      event: {
        type: 'SignInLinked',
        actor: { role: 'party', subjectId: personSubjectId(personHash) },
        data: { level: assurance.level },
      },
    });
  } catch (error) {
    if (!(error instanceof AlreadyExists || error instanceof ConcurrentModification)) throw error;
    // A retry that raced itself is the same link; anything else is another account's claim.
    const now = await deps.store.people.signInLink(sub);
    if (now?.personHash === personHash) return now;
    throw alreadyLinked('this person is already linked to another sign-in');
  }
  return link;
}

/** 409: the sign-in or the person is already linked elsewhere; nothing was written. */
export class SignInAlreadyLinked extends DomainError {
  readonly category = 'conflict' as const;
  readonly code = personAlreadyLinked;
}

function alreadyLinked(detail: string): SignInAlreadyLinked {
  return new SignInAlreadyLinked(detail);
}
