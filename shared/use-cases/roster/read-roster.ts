import { NotFound } from '../../domain/errors';
import type { Mediator } from '../../domain/mediation/mediator';
import type { Organization } from '../../domain/roster/organization';
import type { Page, StateStore } from '../../ports/state-store';

/** The roster of organizations and mediators, by name. Any signed-in user may read it. */
export function listOrganizations(
  deps: { store: StateStore },
  page: { limit: number; cursor?: string },
): Promise<Page<Organization>> {
  return deps.store.roster.organizations(page);
}

export async function getOrganization(deps: { store: StateStore }, id: string): Promise<Organization> {
  const loaded = await deps.store.roster.organization(id);
  if (!loaded) throw new NotFound(`no organization ${id}`);
  return loaded.value;
}

export function listMediators(
  deps: { store: StateStore },
  page: { limit: number; cursor?: string },
): Promise<Page<Mediator>> {
  return deps.store.roster.mediators(page);
}

export async function getMediator(deps: { store: StateStore }, id: string): Promise<Mediator> {
  const loaded = await deps.store.roster.mediator(id);
  if (!loaded) throw new NotFound(`no mediator ${id}`);
  return loaded.value;
}
