import { Forbidden } from '../errors';
import type { Mediator } from '../mediation/mediator';
import type { Principal } from '../principal';

/** What a mediator may change about themself: when they are available and whether they mediate online. */
export const selfServiceFields = ['leave', 'online'] as const;

export type MediatorPatch = Partial<
  Pick<
    Mediator,
    | 'name'
    | 'organizationId'
    | 'specialties'
    | 'languages'
    | 'regions'
    | 'online'
    | 'capacity'
    | 'leave'
    | 'crossBorderQualified'
  >
> & { addConflicts?: string[] };

/**
 * Operators keep the roster; a mediator changes only their own availability and online/offline.
 * Anything else from a mediator is refused whole, so a request never half-applies.
 */
export function assertMayPatch(actor: Principal, patch: MediatorPatch): void {
  if (actor.role === 'operator') return;
  const others = Object.keys(patch).filter((field) => !(selfServiceFields as readonly string[]).includes(field));
  if (others.length > 0) {
    throw new Forbidden(`a mediator may change only ${selfServiceFields.join(' and ')}; not ${others.join(', ')}`);
  }
}

/** The mediator after the patch; conflicts are only ever added, never removed through a patch. */
export function applyMediatorPatch(mediator: Mediator, patch: MediatorPatch, conflictHashes: string[]): Mediator {
  const { addConflicts: _added, ...fields } = patch;
  return {
    ...mediator,
    ...fields,
    conflicts: [...new Set([...mediator.conflicts, ...conflictHashes])],
  };
}
