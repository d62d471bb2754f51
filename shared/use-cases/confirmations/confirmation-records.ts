import { NotFound } from '../../domain/errors';
import type { ConfirmationRequest } from '../../domain/settlement/confirmation-request';
import type { EntityWrite, StateStore } from '../../ports/state-store';

/**
 * How applications for judicial confirmation sit in the store.
 *
 * - Root item `{ pk: 'CONFIRMATION#<requestId>', sk: 'ROOT' }`: the `ConfirmationRequest`,
 *   versioned. Listed on the index under `gsi1pk = 'COURT_CONFIRMATIONS#<courtId>#<status>'`,
 *   `gsi1sk = '<submittedAt|openedAt>#<requestId>'`: a court's queue is one query on its own
 *   partition key, so no court can page into another court's applications.
 * - Open pointer `{ pk: 'SETTLEMENT_CONFIRMATION#<settlementId>', sk: 'OPEN' }` with
 *   `{ requestId }`: the one application parties of a settlement join. Created with
 *   `expectedVersion: 0` (two parties opening at once cannot make two applications) and moved to a
 *   new application, conditional on its version, only when the previous one is closed (not
 *   accepted, rejected or withdrawn).
 *
 * Every change extends the DISPUTE's hash chain `CASE#<disputeId>` (events
 * `confirmation.opened`, `confirmation.joined`, `confirmation.submitted`, `confirmation.acceptance`,
 * `confirmation.extended`, `confirmation.decided`).
 */
export const confirmationRecords = {
  key: (requestId: string) => ({ pk: `CONFIRMATION#${requestId}`, sk: 'ROOT' }),
  courtQueue: (courtId: string, status: string) => `COURT_CONFIRMATIONS#${courtId}#${status}`,
  openKey: (settlementId: string) => ({ pk: `SETTLEMENT_CONFIRMATION#${settlementId}`, sk: 'OPEN' }),
};

export interface LoadedRequest {
  request: ConfirmationRequest;
  version: number;
}

export async function loadRequest(store: StateStore, requestId: string): Promise<LoadedRequest | undefined> {
  const stored = await store.get(confirmationRecords.key(requestId));
  return stored ? { request: stored.attributes as unknown as ConfirmationRequest, version: stored.version } : undefined;
}

export async function loadRequestOrNotFound(store: StateStore, requestId: string): Promise<LoadedRequest> {
  const loaded = await loadRequest(store, requestId);
  if (!loaded) throw new NotFound(`no confirmation request ${requestId}`);
  return loaded;
}

/** The versioned write of an application, listed in its court's queue under its status. */
export function requestWrite(expectedVersion: number, request: ConfirmationRequest): EntityWrite {
  return {
    key: confirmationRecords.key(request.requestId),
    expectedVersion,
    attributes: JSON.parse(JSON.stringify(request)) as Record<string, unknown>,
    index: {
      gsi1pk: confirmationRecords.courtQueue(request.courtId, request.status),
      gsi1sk: `${request.submittedAt ?? request.openedAt}#${request.requestId}`,
    },
  };
}
