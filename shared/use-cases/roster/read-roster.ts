import { found } from '../../domain/errors';
import type { Mediator } from '../../domain/mediation/mediator';
import type { Organization } from '../../domain/roster/organization';
import type { Page, PageRequest, StateStore } from '../../ports/state-store';

/** The roster of organizations and mediators, by name. Any signed-in user may read it. */
export function listOrganizations(deps: { store: StateStore }, page: PageRequest): Promise<Page<Organization>> {
  return deps.store.roster.organizations(page);
}

export async function getOrganization(deps: { store: StateStore }, id: string): Promise<Organization> {
  return found(await deps.store.roster.organization(id), `no organization ${id}`).value;
}

export function listMediators(deps: { store: StateStore }, page: PageRequest): Promise<Page<Mediator>> {
  return deps.store.roster.mediators(page);
}

export async function getMediator(deps: { store: StateStore }, id: string): Promise<Mediator> {
  return found(await deps.store.roster.mediator(id), `no mediator ${id}`).value;
}
