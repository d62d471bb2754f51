import { found } from '../../domain/errors';
import type { Court } from '../../domain/roster/court';
import type { Page, PageRequest, StateStore } from '../../ports/state-store';

/** The roster of courts, by name, a page at a time. Any signed-in user may read it. */
export function listCourts(deps: { store: StateStore }, page: PageRequest): Promise<Page<Court>> {
  return deps.store.roster.courts(page);
}

export async function getCourt(deps: { store: StateStore }, courtId: string): Promise<Court> {
  return found(await deps.store.roster.court(courtId), `no court ${courtId}`).value;
}
