import { AlreadyExists, RuleViolation } from '../../domain/errors';
import { assertListable } from '../../domain/mediation/eligibility';
import type { Mediator } from '../../domain/mediation/mediator';
import { mediatorChainId } from '../../domain/mediation/mediator';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { PiiVault } from '../../ports/pii-vault';
import { StaffAccountInOtherRole, type StaffAccounts } from '../../ports/staff-accounts';
import type { StateStore } from '../../ports/state-store';

export type MediatorRegistration = Omit<
  Mediator,
  'id' | 'subjectId' | 'activeCases' | 'conflicts' | 'record' | 'responseHoursMedian' | 'rating'
> & {
  /** The mediator's existing sign-in; without one, the platform creates it for the contact email. */
  subjectId?: string;
  /** ID numbers of persons and companies the mediator must not mediate for; kept only as keyed hashes. */
  conflictIdNumbers: string[];
};

/**
 * Register a mediator (operators). Rules: the organization must be on the roster
 * (`unknown_organization`); one person is one mediator (`mediator_subject_taken`). Conflicts are
 * stored as the same keyed hashes that identify persons and companies, so matching compares them
 * without ever holding the numbers. A mediator is listed under each specialty and place it serves
 * (eligibility.ts): at most `MAX_ELIGIBILITY_PLACES` (`too_many_places`).
 *
 * A registration without a `subjectId` gets its sign-in from the platform: the staff account of its
 * contact email, created and invited when there is none (`StaffAccounts`). That comes after every
 * other check, so a refused registration creates no account; an account whose person is a mediator
 * already is refused as `mediator_subject_taken`, and one that signs in as an operator as
 * `staff_account_other_role` (a person's sign-in holds one role).
 */
export async function registerMediator(
  deps: { store: StateStore; ids: Ids; clock: Clock; vault: PiiVault; staffAccounts?: StaffAccounts },
  actor: Principal,
  registration: MediatorRegistration,
): Promise<Mediator> {
  if (!(await deps.store.roster.organization(registration.organizationId))) {
    throw new RuleViolation('unknown_organization', `no organization ${registration.organizationId} on the roster`);
  }
  assertListable(registration);
  const { conflictIdNumbers, subjectId, ...profile } = registration;
  const conflicts = await Promise.all(conflictIdNumbers.map((idNumber) => deps.vault.lookupHash(idNumber)));
  const mediator: Mediator = {
    ...profile,
    subjectId: subjectId ?? (await staffSignIn(deps, profile.contact.email)),
    id: deps.ids.next('med'),
    activeCases: 0,
    conflicts: [...new Set(conflicts)],
    record: {},
  };
  try {
    await deps.store.commit({
      chainId: mediatorChainId(mediator.id),
      writes: [
        deps.store.roster.mediatorWrite(undefined, { ...mediator, createdAt: deps.clock.now().toISOString() }),
        deps.store.roster.mediatorSubjectWrite(mediator.subjectId, mediator.id),
      ],
      event: { type: 'mediator.registered', actor, data: { mediatorId: mediator.id, name: mediator.name } },
    });
  } catch (error) {
    if (error instanceof AlreadyExists) {
      throw new RuleViolation('mediator_subject_taken', 'this person is already a mediator on the roster', {
        cause: error,
      });
    }
    throw error;
  }
  return mediator;
}

/** The subject of the staff account that signs in with `email` (created and invited if new). */
async function staffSignIn(deps: { staffAccounts?: StaffAccounts }, email: string | undefined): Promise<string> {
  if (email === undefined) {
    throw new RuleViolation(
      'sign_in_email_missing',
      'a mediator without a subjectId needs a contact email to sign in with',
    );
  }
  if (!deps.staffAccounts) throw new Error('this platform is not configured to create staff sign-ins');
  try {
    return (await deps.staffAccounts.ensureAccount(email, 'mediator')).subjectId;
  } catch (error) {
    if (error instanceof StaffAccountInOtherRole) {
      throw new RuleViolation('staff_account_other_role', `this email signs in as an ${error.role} already`, {
        cause: error,
      });
    }
    throw error;
  }
}
