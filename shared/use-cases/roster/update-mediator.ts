import { NotFound, RuleViolation } from '../../domain/errors';
import { assertListable } from '../../domain/mediation/eligibility';
import type { Mediator } from '../../domain/mediation/mediator';
import { mediatorChainId } from '../../domain/mediation/mediator';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { applyMediatorPatch, assertMayPatch, type MediatorPatch } from '../../domain/roster/mediator-changes';
import type { PiiVault } from '../../ports/pii-vault';
import type { StateStore } from '../../ports/state-store';

/**
 * Change a mediator on the roster. Operators may change anything but the record of outcomes and
 * the load (those follow from mediations); a mediator may change only their own availability and
 * online/offline, and another mediator's record is not theirs to see (404). Specialties × places
 * beyond `MAX_ELIGIBILITY_PLACES` are refused (`too_many_places`, eligibility.ts). A capacity below the
 * cases held now is refused (`capacity_below_load`): it would leave the roster inconsistent.
 */
export async function updateMediator(
  deps: { store: StateStore; vault: PiiVault },
  actor: Principal,
  mediatorId: string,
  patch: MediatorPatch,
): Promise<Mediator> {
  assertMayPatch(actor, patch);
  if (patch.organizationId && !(await deps.store.roster.organization(patch.organizationId))) {
    throw new RuleViolation('unknown_organization', `no organization ${patch.organizationId} on the roster`);
  }
  const conflictHashes = await Promise.all(
    (patch.addConflicts ?? []).map((idNumber) => deps.vault.lookupHash(idNumber)),
  );
  // A concurrent change (an accepted offer moving the load, say): re-read and apply the patch again.
  return retryOnConflict(async () => {
    const stored = await deps.store.roster.mediator(mediatorId);
    const mediator = stored?.value;
    if (!stored || !mediator || (actor.role === 'mediator' && mediator.subjectId !== actor.subjectId)) {
      throw new NotFound(`no mediator ${mediatorId}`);
    }
    const next = applyMediatorPatch(mediator, patch, conflictHashes);
    assertListable(next);
    if (next.capacity < next.activeCases) {
      throw new RuleViolation('capacity_below_load', `the mediator holds ${next.activeCases} cases now`);
    }
    await deps.store.commit({
      chainId: mediatorChainId(mediatorId),
      writes: [deps.store.roster.mediatorWrite(stored, { ...mediator, ...next })],
      event: {
        type: 'mediator.updated',
        actor,
        data: { mediatorId, fields: Object.keys(patch), conflictsAdded: conflictHashes.length },
      },
    });
    return next;
  }, 5);
}
