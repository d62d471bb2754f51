import type { Mediator } from '../../domain/mediation/mediator';
import type { Organization } from '../../domain/roster/organization';
import type { Page, StateStore, StoredEntity } from '../../ports/state-store';

/**
 * How roster entities sit in the store: each its own aggregate (its root item carries its chain),
 * listed by name on the roster index. A mediator's Cognito `sub` is claimed by a unique item, so
 * one person cannot be two mediators.
 */
export const organizationRecords = {
  key: (id: string) => ({ pk: `ORG#${id}`, sk: 'ROOT' }),
  rosterIndex: 'ROSTER#organization',
  fromEntity: (entity: StoredEntity): Organization => entity.attributes as unknown as Organization,
};

export const mediatorRecords = {
  key: (id: string) => ({ pk: `MEDIATOR#${id}`, sk: 'ROOT' }),
  chainId: (id: string) => `MEDIATOR#${id}`,
  rosterIndex: 'ROSTER#mediator',
  subjectKey: (subjectId: string) => ({ pk: `MEDIATOR_SUBJECT#${subjectId}`, sk: 'MEDIATOR_SUBJECT' }),
  fromEntity: (entity: StoredEntity): Mediator => entity.attributes as unknown as Mediator,
};

/** A page of a roster index, mapped to its entity type. */
export async function listRoster<T>(
  store: StateStore,
  index: string,
  fromEntity: (entity: StoredEntity) => T,
  page: { limit: number; cursor?: string },
): Promise<Page<T>> {
  const result = await store.listByIndex(index, page);
  return { ...result, items: result.items.map(fromEntity) };
}

/** Every entity on a roster index (matching reads the whole roster of mediators). */
export async function readWholeRoster<T>(
  store: StateStore,
  index: string,
  fromEntity: (entity: StoredEntity) => T,
): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listByIndex(index, { limit: 1000, ...(cursor ? { cursor } : {}) });
    all.push(...page.items.map(fromEntity));
    cursor = page.cursor;
  } while (cursor);
  return all;
}
