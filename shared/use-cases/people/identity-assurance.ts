import { normalizePhone } from '../../domain/contacts/contact-normalization';
import { DependencyUnavailable, RuleViolation } from '../../domain/errors';
import { normalizeIdNumber } from '../../domain/id-number';
import {
  type IdentityAssurance,
  type IdKind,
  idKindOf,
  strongestAssurance,
} from '../../domain/identity/identity-assurance';
import type { PartyKind, ServiceConsent } from '../../domain/mediation/case-party';
import type { Clock } from '../../ports/clock';
import { IdentityProviderUnavailable, type IdentityVerifier } from '../../ports/identity-verifier';
import type { PiiVault } from '../../ports/pii-vault';
import type { StateStore } from '../../ports/state-store';

export interface IdentityDeps {
  store: StateStore;
  clock: Clock;
  vault: PiiVault;
  identityVerifier: IdentityVerifier;
}

/** The rule code of a consent or designation refused for want of a verified identity. */
export const identityNotVerified = 'identity_not_verified';

/**
 * How sure the platform is that whoever acts now is the person `personHash` (DESIGN.md, Identity
 * assurance): an operator's recorded document check of the person (when `documentCheck`: only
 * once the actor is bound to the person, not at the join itself), or else the carrier's answer
 * for `mobile` (a number whose possession was just proven, or that the person gave for itself)
 * against the person's ID number and `name`. Undefined is `none`. A provider that cannot answer
 * is a 503 (`identity_check_unavailable`): nothing is decided on a guess.
 */
export async function assessIdentity(
  deps: IdentityDeps,
  person: { personHash: string; kind: PartyKind; name: string },
  options: { mobile: string | undefined; documentCheck: boolean },
): Promise<IdentityAssurance | undefined> {
  const stored = await deps.store.people.person(person.personHash);
  const recorded = options.documentCheck ? documentCheckOf(stored?.value) : undefined;
  if (recorded) return recorded;
  const ciphertext = stored?.value.ciphertext;
  if (typeof ciphertext !== 'string' || !options.mobile) return undefined;
  return carrierAssurance(deps, { ...person, idNumber: await deps.vault.reveal(ciphertext) }, options.mobile);
}

/**
 * The carrier's answer for `mobile` against an ID number and name: `carrier_3f` when the number is
 * registered to that identity, undefined (`none`) otherwise or when the ID kind cannot be checked by
 * a carrier. A provider that cannot answer is a 503 (`identity_check_unavailable`).
 */
export async function carrierAssurance(
  deps: Pick<IdentityDeps, 'clock' | 'identityVerifier'>,
  person: { kind: PartyKind; name: string; idNumber: string },
  mobile: string,
): Promise<IdentityAssurance | undefined> {
  const e164 = normalizePhone(mobile);
  if (!e164) return undefined;
  const idNumber = normalizeIdNumber(person.idNumber);
  const idKind: IdKind = idKindOf(person.kind, idNumber);
  try {
    const answer = await deps.identityVerifier.verify({ idKind, idNumber, name: person.name, mobile: e164 });
    if (answer.level !== 'carrier_3f') return undefined;
    return {
      level: 'carrier_3f',
      checkedAt: deps.clock.now().toISOString(),
      ...(answer.providerReference ? { providerReference: answer.providerReference } : {}),
    };
  } catch (error) {
    if (!(error instanceof IdentityProviderUnavailable)) throw error;
    throw new DependencyUnavailable(
      'identity_check_unavailable',
      'the identity check could not be completed; nothing was recorded, try again later',
      { cause: error },
    );
  }
}

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

/** The operator's document check recorded on a person's record, if any. */
export function documentCheckOf(attributes: Record<string, unknown> | undefined): IdentityAssurance | undefined {
  const check = attributes?.identityDocumentCheck as IdentityAssurance | undefined;
  return check?.level === 'operator_document' ? check : undefined;
}

/**
 * The level a person's record stands at now: a document check, else the assurance its latest
 * consent was given with (a carrier match at that time).
 */
export function recordedAssurance(attributes: Record<string, unknown> | undefined): IdentityAssurance | undefined {
  const consent = attributes?.serviceConsent as ServiceConsent | undefined;
  return strongestAssurance(documentCheckOf(attributes), consent?.assurance);
}
