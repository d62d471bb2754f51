import { NotFound } from '../../domain/errors';
import type { Court } from '../../domain/roster/court';
import type { Page, StateStore } from '../../ports/state-store';
import { courtRecords } from './court-records';

/** The roster of courts, by name, a page at a time. Any signed-in user may read it. */
export async function listCourts(
  deps: { store: StateStore },
  page: { limit: number; cursor?: string },
): Promise<Page<Court>> {
  const result = await deps.store.listByIndex(courtRecords.rosterIndex, page);
  return { ...result, items: result.items.map(courtRecords.fromEntity) };
}

export async function getCourt(deps: { store: StateStore }, courtId: string): Promise<Court> {
  const entity = await deps.store.get(courtRecords.key(courtId));
  if (!entity) throw new NotFound(`no court ${courtId}`);
  return courtRecords.fromEntity(entity);
}
