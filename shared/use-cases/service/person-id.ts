import { NotFound } from '../../domain/errors';
import type { StateStore } from '../../ports/state-store';

/**
 * The person's look-up hash, or NotFound when no person has that public id. Kept in the service
 * feature, its only user (recipients and court parties are named by public id).
 */
export async function resolvePersonId(store: StateStore, personId: string): Promise<string> {
  const lookupHash = await store.people.personHashOf(personId);
  if (lookupHash === undefined) throw new NotFound(`no party ${personId}`);
  return lookupHash;
}
