import { NotFound } from '../../domain/errors';
import type { EntityWrite, StateStore } from '../../ports/state-store';

/**
 * The public id of a person or company: `psn_` and the first 32 hex characters (128 bits) of the
 * keyed look-up hash of its ID number. It names the person in routes (`/v1/parties/{id}/...`)
 * without revealing the hash, and cannot be reversed to the ID number (the hash is an HMAC).
 */
export function publicPersonId(lookupHash: string): string {
  return `psn_${lookupHash.slice(0, 32)}`;
}

export const personIdRecords = {
  /** Resolves a public person id to the person's look-up hash (the person's key is `PERSON#<hash>`). */
  key: (personId: string) => ({ pk: `PERSON_ID#${personId}`, sk: 'PERSON_ID' }),
};

/** The look-up item of a new person: written in the change that creates the person. */
export function personIdWrite(lookupHash: string): EntityWrite {
  return {
    key: personIdRecords.key(publicPersonId(lookupHash)),
    expectedVersion: 0,
    attributes: { lookupHash },
  };
}

/** The person's look-up hash, or NotFound when no person has that public id. */
export async function resolvePersonId(store: StateStore, personId: string): Promise<string> {
  const found = await store.get(personIdRecords.key(personId));
  const lookupHash = found?.attributes.lookupHash;
  if (typeof lookupHash !== 'string') throw new NotFound(`no party ${personId}`);
  return lookupHash;
}
