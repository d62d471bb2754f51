import { ConcurrentModification, NotFound, RuleViolation } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { type Court, courtChainId } from '../../domain/roster/court';
import type { Clock } from '../../ports/clock';
import type { CourtCredentials } from '../../ports/court-credentials';
import type { EntityWrite, StateStore, Versioned } from '../../ports/state-store';

export interface CourtCredentialsDeps {
  store: StateStore;
  clock: Clock;
  courtCredentials: CourtCredentials;
}

/** What the operator is shown once: the secret is in no store of the platform's and no log. */
export interface IssuedCourtCredentials {
  courtId: string;
  clientId: string;
  clientSecret: string;
  /** After a rotation: the replaced client and when it stops being accepted. */
  previousClientId?: string;
  previousClientRetiresAt?: string;
}

/** How long a rotated-out client keeps working by default: a day for the court to deploy the new secret. */
export const defaultRotationGraceSeconds = 24 * 3600;
export const maxRotationGraceSeconds = 7 * 24 * 3600;

/**
 * Issue a court's client credentials (operators only: the route enforces the role).
 *
 * Rules: a court holds one set of credentials at a time, so a court that has working credentials is
 * refused (`court_credentials_exist`: rotate them instead); a court whose credentials were revoked
 * may be issued new ones. The client is created at the identity provider first (the secret exists
 * only there and in this answer), then mapped to the court in one transaction with the court's
 * record. If that write loses a race, the new client is deleted again, so no client is left that
 * no court knows. (A crash between the two leaves such a client; its tokens are refused, since
 * only clients mapped to a court are accepted.)
 */
export async function issueCourtCredentials(
  deps: CourtCredentialsDeps,
  actor: Principal,
  courtId: string,
): Promise<IssuedCourtCredentials> {
  const stored = await loadCourt(deps.store, courtId);
  const court = stored.value;
  if (hasWorkingCredentials(court)) {
    throw new RuleViolation('court_credentials_exist', 'this court has credentials: rotate them to get a new secret', {
      details: { clientId: court.clientId },
    });
  }
  const issued = await deps.courtCredentials.createClient(`court-${courtId}`);
  const next: Court = withoutCredentialHistory({ ...court, clientId: issued.clientId });
  await commitOrDeleteClient(deps, issued.clientId, {
    chainId: courtChainId(courtId),
    writes: [
      deps.store.roster.courtWrite(stored.version, next),
      deps.store.roster.courtClientWrite(0, issued.clientId, { courtId }),
    ],
    event: { type: 'court.credentials_issued', actor, data: { clientId: issued.clientId } },
  });
  return { courtId, ...issued };
}

/**
 * Rotate a court's credentials: a new client and secret now; the old client keeps working for
 * `graceSeconds` (default a day, at most seven; 0 ends it at once), so the court can deploy the new
 * secret without an outage. A client rotated out earlier and still in its grace ends now: a court
 * has at most two working clients. Clients that end are deleted at the identity provider before
 * the change is written (deleting is idempotent, so a retry after a failure finishes the job).
 */
export async function rotateCourtCredentials(
  deps: CourtCredentialsDeps,
  actor: Principal,
  courtId: string,
  graceSeconds = defaultRotationGraceSeconds,
): Promise<IssuedCourtCredentials> {
  const stored = await loadCourt(deps.store, courtId);
  const court = stored.value;
  const current = hasWorkingCredentials(court) ? court.clientId : undefined;
  if (current === undefined) {
    throw new RuleViolation('court_has_no_credentials', 'this court has no working credentials to rotate: issue them');
  }
  const now = deps.clock.now();
  const endingNow = [court.previousClientId, graceSeconds === 0 ? current : undefined].filter(
    (clientId): clientId is string => clientId !== undefined,
  );
  for (const clientId of endingNow) await deps.courtCredentials.deleteClient(clientId);

  const issued = await deps.courtCredentials.createClient(`court-${courtId}`);
  const retiresAt = new Date(now.getTime() + graceSeconds * 1000).toISOString();
  const next: Court =
    graceSeconds === 0
      ? withoutCredentialHistory({ ...court, clientId: issued.clientId })
      : {
          ...withoutCredentialHistory(court),
          clientId: issued.clientId,
          previousClientId: current,
          previousClientRetiresAt: retiresAt,
        };
  const mappingWrites = await Promise.all([
    ...endingNow.map((clientId) => endMapping(deps.store, clientId, { revokedAt: now.toISOString() })),
    ...(graceSeconds === 0 ? [] : [endMapping(deps.store, current, { retiresAt })]),
  ]);
  await commitOrDeleteClient(deps, issued.clientId, {
    chainId: courtChainId(courtId),
    writes: [
      deps.store.roster.courtWrite(stored.version, next),
      deps.store.roster.courtClientWrite(0, issued.clientId, { courtId }),
      ...mappingWrites,
    ],
    event: {
      type: 'court.credentials_rotated',
      actor,
      data: {
        clientId: issued.clientId,
        previousClientId: current,
        previousClientRetiresAt: graceSeconds === 0 ? now.toISOString() : retiresAt,
      },
    },
  });
  return {
    courtId,
    ...issued,
    previousClientId: current,
    previousClientRetiresAt: graceSeconds === 0 ? now.toISOString() : retiresAt,
  };
}

/**
 * Revoke a court's credentials at once: every client the court holds (the current one and one in
 * its rotation grace) is deleted at the identity provider, so it gets no new token, and marked
 * revoked on the roster, so a token it already holds is refused on its next request too
 * (`isCourtClientActive`, checked on every court request). Revoking again changes nothing.
 */
export async function revokeCourtCredentials(
  deps: CourtCredentialsDeps,
  actor: Principal,
  courtId: string,
): Promise<{ courtId: string; revokedClientIds: string[]; revokedAt: string }> {
  const stored = await loadCourt(deps.store, courtId);
  const court = stored.value;
  if (!hasWorkingCredentials(court) || court.clientId === undefined) {
    throw new RuleViolation('court_has_no_credentials', 'this court has no working credentials to revoke');
  }
  const revokedAt = deps.clock.now().toISOString();
  const clientIds = [court.clientId, court.previousClientId].filter((id): id is string => id !== undefined);
  for (const clientId of clientIds) await deps.courtCredentials.deleteClient(clientId);
  const next: Court = { ...withoutCredentialHistory(court), clientId: court.clientId, credentialsRevokedAt: revokedAt };
  await deps.store.commit({
    chainId: courtChainId(courtId),
    writes: [
      deps.store.roster.courtWrite(stored.version, next),
      ...(await Promise.all(clientIds.map((clientId) => endMapping(deps.store, clientId, { revokedAt })))),
    ],
    event: { type: 'court.credentials_revoked', actor, data: { clientIds } },
  });
  return { courtId, revokedClientIds: clientIds, revokedAt };
}

/**
 * Whether a court's client may call the API now: mapped to a court, not revoked, and not past the
 * end of its rotation grace. Checked on every request a court makes, so a revoked client's
 * already-issued tokens (valid for up to an hour at Cognito) stop working at once.
 */
export async function isCourtClientActive(
  deps: { store: StateStore; clock: Clock },
  clientId: string,
): Promise<boolean> {
  const mapping = (await deps.store.roster.courtClient(clientId))?.value;
  if (!mapping) return false;
  if (mapping.revokedAt !== undefined) return false;
  const retiresAt = mapping.retiresAt;
  return retiresAt === undefined || deps.clock.now().getTime() < Date.parse(retiresAt);
}

function hasWorkingCredentials(court: Court): boolean {
  return court.clientId !== undefined && court.credentialsRevokedAt === undefined;
}

async function loadCourt(store: StateStore, courtId: string): Promise<Versioned<Court>> {
  const stored = await store.roster.court(courtId);
  if (!stored) throw new NotFound(`no court ${courtId}`);
  return stored;
}

function withoutCredentialHistory(court: Court): Court {
  const {
    previousClientId: _previous,
    previousClientRetiresAt: _retires,
    credentialsRevokedAt: _revoked,
    ...rest
  } = court;
  return rest;
}

async function endMapping(
  store: StateStore,
  clientId: string,
  end: { revokedAt: string } | { retiresAt: string },
): Promise<EntityWrite> {
  const mapping = await store.roster.courtClient(clientId);
  if (!mapping) throw new ConcurrentModification(`the mapping of client ${clientId} is gone`);
  return store.roster.courtClientWrite(mapping.version, clientId, { ...mapping.value, ...end });
}

async function commitOrDeleteClient(
  deps: CourtCredentialsDeps,
  clientId: string,
  change: Parameters<StateStore['commit']>[0],
): Promise<void> {
  try {
    await deps.store.commit(change);
  } catch (error) {
    await deps.courtCredentials.deleteClient(clientId).catch(() => undefined);
    throw error;
  }
}
