import { NotFound } from '../../domain/errors';
import type { Mediator } from '../../domain/mediation/mediator';
import type { Organization } from '../../domain/roster/organization';
import type { Page, StateStore } from '../../ports/state-store';
import { listRoster, mediatorRecords, organizationRecords } from './roster-records';

/** The roster of organizations and mediators, by name. Any signed-in user may read it. */
export function listOrganizations(deps: { store: StateStore }, page: { limit: number; cursor?: string }) {
  return listRoster(deps.store, organizationRecords.rosterIndex, organizationRecords.fromEntity, page);
}

export async function getOrganization(deps: { store: StateStore }, id: string): Promise<Organization> {
  const entity = await deps.store.get(organizationRecords.key(id));
  if (!entity) throw new NotFound(`no organization ${id}`);
  return organizationRecords.fromEntity(entity);
}

export function listMediators(
  deps: { store: StateStore },
  page: { limit: number; cursor?: string },
): Promise<Page<Mediator>> {
  return listRoster(deps.store, mediatorRecords.rosterIndex, mediatorRecords.fromEntity, page);
}

export async function getMediator(deps: { store: StateStore }, id: string): Promise<Mediator> {
  const entity = await deps.store.get(mediatorRecords.key(id));
  if (!entity) throw new NotFound(`no mediator ${id}`);
  return mediatorRecords.fromEntity(entity);
}
