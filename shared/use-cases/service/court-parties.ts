import { NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { registeredCourt } from '../../domain/roster/court';
import type { StateStore } from '../../ports/state-store';
import type { UploadScope } from '../../ports/uploaded-documents';
import { resolvePersonId } from './person-id';

/** The court a court principal acts for (its app client id maps to it), or NotFound. */
export async function courtOfPrincipal(store: StateStore, principal: Principal): Promise<string> {
  return registeredCourt(await store.roster.courtIdOfClient(principal.subjectId));
}

export async function courtMaySee(store: StateStore, courtId: string, personHash: string): Promise<boolean> {
  return store.people.isPartyOfCourt(personHash, courtId);
}

/**
 * The person behind a public id, as far as `principal` may see: operators see every person; a court
 * only the parties of its own cases, and any other person does not exist for it (404, DESIGN.md).
 */
export async function visiblePerson(
  store: StateStore,
  principal: Principal,
  personId: string,
): Promise<{ personId: string; personHash: string; courtId?: string }> {
  const personHash = await resolvePersonId(store, personId);
  if (principal.role === 'operator') return { personId, personHash };
  if (principal.role === 'court') {
    const courtId = await courtOfPrincipal(store, principal);
    if (await courtMaySee(store, courtId, personHash)) return { personId, personHash, courtId };
  }
  throw new NotFound(`no party ${personId}`);
}

/**
 * A court's uploads are its own (keyed by its court id); operators act for the platform and share
 * one scope. A client that is no registered court is "not found", as everywhere.
 */
export async function uploadScopeOf(store: StateStore, principal: Principal): Promise<UploadScope> {
  if (principal.role === 'court') return { kind: 'court', courtId: await courtOfPrincipal(store, principal) };
  return { kind: 'platform' };
}
