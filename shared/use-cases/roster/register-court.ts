import { AlreadyExists, RuleViolation } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { type Court, courtChainId } from '../../domain/roster/court';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { StateStore } from '../../ports/state-store';

export type CourtRegistration = Omit<
  Court,
  'id' | 'createdAt' | 'previousClientId' | 'previousClientRetiresAt' | 'credentialsRevokedAt'
>;

/**
 * Register a court on the roster (operators only: the route enforces the role).
 *
 * Rule: a court's API client identifies exactly one court, so a `clientId` already registered is
 * refused (`court_client_taken`). A court registered without one gets its credentials from
 * POST /v1/courts/{id}/credentials (court-credentials.ts). The client claim is written in the same transaction as the court,
 * so two concurrent registrations of one client cannot both succeed.
 */
export async function registerCourt(
  deps: { store: StateStore; ids: Ids; clock: Clock },
  actor: Principal,
  registration: CourtRegistration,
): Promise<Court> {
  const court: Court = { ...registration, id: deps.ids.next('crt'), createdAt: deps.clock.now().toISOString() };
  try {
    await deps.store.commit({
      chainId: courtChainId(court.id),
      writes: [
        deps.store.roster.courtWrite(0, court),
        ...(court.clientId === undefined
          ? []
          : [deps.store.roster.courtClientWrite(0, court.clientId, { courtId: court.id })]),
      ],
      event: { type: 'court.registered', actor, data: { court } },
    });
  } catch (error) {
    if (error instanceof AlreadyExists) {
      throw new RuleViolation('court_client_taken', 'this API client already identifies another court', {
        cause: error,
      });
    }
    throw error;
  }
  return court;
}
