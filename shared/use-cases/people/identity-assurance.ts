import { normalizePhone } from '../../domain/contacts/contact-normalization';
import { DependencyUnavailable } from '../../domain/errors';
import { normalizeIdNumber } from '../../domain/id-number';
import {
  documentCheckOf,
  type IdentityAssurance,
  type IdKind,
  idKindOf,
} from '../../domain/identity/identity-assurance';
import type { PartyKind } from '../../domain/mediation/case-party';
import type { Clock } from '../../ports/clock';
import type { IdentityChecks } from '../../ports/identity-checks';
import { IdentityProviderUnavailable, type IdentityVerifier } from '../../ports/identity-verifier';
import type { PiiVault } from '../../ports/pii-vault';
import type { StateStore } from '../../ports/state-store';

export interface IdentityDeps {
  store: StateStore;
  clock: Clock;
  vault: PiiVault;
  identityVerifier: IdentityVerifier;
}

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
  if (!stored || !options.mobile) return undefined;
  return carrierAssurance(
    deps,
    { ...person, idNumber: await deps.vault.reveal(stored.value.ciphertext) },
    options.mobile,
  );
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

/** The two checks bound to their deps: what the composition roots lend the other features. */
export function identityChecksOf(deps: IdentityDeps): IdentityChecks {
  return {
    assessIdentity: (person, options) => assessIdentity(deps, person, options),
    carrierAssurance: (person, mobile) => carrierAssurance(deps, person, mobile),
  };
}
