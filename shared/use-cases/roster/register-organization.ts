import { RuleViolation } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { type Organization, organizationChainId } from '../../domain/roster/organization';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { StateStore } from '../../ports/state-store';

export type OrganizationRegistration = Omit<Organization, 'id' | 'createdAt'>;

/**
 * Register a mediation organization (operators). Rule: every linked court must be on the roster
 * (`unknown_court`), since a linked court may later be the competent court for confirmation.
 */
export async function registerOrganization(
  deps: { store: StateStore; ids: Ids; clock: Clock },
  actor: Principal,
  registration: OrganizationRegistration,
): Promise<Organization> {
  const linked = [...new Set(registration.linkedCourtIds)];
  const found = await Promise.all(linked.map((courtId) => deps.store.roster.court(courtId)));
  const missing = linked.filter((_, index) => !found[index]);
  if (missing.length > 0) {
    throw new RuleViolation('unknown_court', `no court ${missing.join(', ')} on the roster`, { details: { missing } });
  }
  const organization: Organization = {
    ...registration,
    linkedCourtIds: linked,
    id: deps.ids.next('org'),
    createdAt: deps.clock.now().toISOString(),
  };
  await deps.store.commit({
    chainId: organizationChainId(organization.id),
    writes: [deps.store.roster.organizationWrite(0, organization)],
    event: { type: 'organization.registered', actor, data: { organization } },
  });
  return organization;
}
