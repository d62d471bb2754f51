import { NotFound } from '../../domain/errors';
import type { Court } from '../../domain/roster/court';
import type { Page, StateStore } from '../../ports/state-store';

/** The roster of courts, by name, a page at a time. Any signed-in user may read it. */
export function listCourts(
  deps: { store: StateStore },
  page: { limit: number; cursor?: string },
): Promise<Page<Court>> {
  return deps.store.roster.courts(page);
}

export async function getCourt(deps: { store: StateStore }, courtId: string): Promise<Court> {
  const loaded = await deps.store.roster.court(courtId);
  if (!loaded) throw new NotFound(`no court ${courtId}`);
  return loaded.value;
}
