import { NotFound } from '../../domain/errors';
import { publicPersonId } from '../../domain/identity/person-id';
import type { Principal } from '../../domain/principal';
import { registeredCourt } from '../../domain/roster/court';
import {
  type ConfirmationRequest,
  type ConfirmationStatus,
  confirmationRequestForClient,
  overdueFlags,
} from '../../domain/settlement/confirmation-request';
import type { Clock } from '../../ports/clock';
import type { LoadedRequest } from '../../ports/confirmation-requests';
import type { ServiceReadiness } from '../../ports/electronic-service';
import type { Page, StateStore } from '../../ports/state-store';

/**
 * The application a court may see and act on: one submitted to that court. Any other (another
 * court's, one still gathering parties, one that does not exist) is the same 404, so a court learns
 * nothing about applications that are not its own.
 */
export async function loadCourtRequest(
  store: StateStore,
  principal: Principal,
  requestId: string,
): Promise<LoadedRequest> {
  const courtId = await store.roster.courtIdOfClient(principal.subjectId);
  const loaded = courtId ? await store.confirmationRequests.request(requestId) : undefined;
  if (!loaded || loaded.request.courtId !== courtId || loaded.request.status === 'gathering') {
    throw new NotFound(`no confirmation request ${requestId}`);
  }
  return loaded;
}

export interface QueueItem {
  requestId: string;
  settlementId: string;
  disputeId: string;
  status: ConfirmationStatus;
  submittedAt?: string;
  acceptanceDeadline?: { lastDay: string; endsAt: string };
  rulingDeadline?: { lastDay: string; endsAt: string };
  extended: boolean;
  acceptanceOverdue: boolean;
  rulingOverdue: boolean;
}

/** The court's queue of one status, oldest submission first, with overdue acceptance or ruling flagged. */
export async function listCourtQueue(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  query: { status: ConfirmationStatus; limit: number; cursor?: string },
): Promise<Page<QueueItem>> {
  const courtId = registeredCourt(await deps.store.roster.courtIdOfClient(principal.subjectId));
  const page = await deps.store.confirmationRequests.courtQueue(courtId, query.status, {
    limit: query.limit,
    ...(query.cursor ? { cursor: query.cursor } : {}),
  });
  const now = deps.clock.now();
  return {
    ...page,
    items: page.items.map((request) => queueItem(request, now)),
  };
}

export function queueItem(request: ConfirmationRequest, now: Date): QueueItem {
  return {
    requestId: request.requestId,
    settlementId: request.settlementId,
    disputeId: request.disputeId,
    status: request.status,
    ...(request.submittedAt ? { submittedAt: request.submittedAt } : {}),
    ...(request.acceptanceDeadline ? { acceptanceDeadline: request.acceptanceDeadline } : {}),
    ...(request.rulingDeadline ? { rulingDeadline: request.rulingDeadline } : {}),
    extended: request.extension !== undefined,
    ...overdueFlags(request, now),
  };
}

/** What a court's reading of an application needs: the store, the clock and the service feature's readiness check. */
export interface CourtApplicationDeps {
  store: StateStore;
  clock: Clock;
  serviceReadiness: ServiceReadiness;
}

/**
 * One application as its court reads it: the terms, the canonical document's hash and where to
 * fetch it, the signatures with their times, the parties (not masked for the court handling the
 * case: names, roles, contacts; ID numbers stay masked), the mediator and the organization.
 */
export async function readCourtApplication(deps: CourtApplicationDeps, principal: Principal, requestId: string) {
  const { request } = await loadCourtRequest(deps.store, principal, requestId);
  const [{ settlement }, { dispute }, parties] = await Promise.all([
    deps.store.settlements.settlement(request.settlementId),
    deps.store.disputes.dispute(request.disputeId),
    deps.store.disputes.parties(request.disputeId),
  ]);
  const mediator = dispute.mediatorId ? (await deps.store.roster.mediator(dispute.mediatorId))?.value : undefined;
  const organization = mediator ? (await deps.store.roster.organization(mediator.organizationId))?.value : undefined;
  const rulingService = request.ruling ? await rulingServiceView(deps.store, request.ruling) : undefined;
  const now = deps.clock.now();
  // Flags a party the ruling could not reach electronically (no consent, no usable address).
  const readiness = await Promise.all(
    parties.map(async (party) => ({ party, service: await deps.serviceReadiness(party.personHash, now) })),
  );
  return {
    ...confirmationRequestForClient(request),
    ...overdueFlags(request, deps.clock.now()),
    ...(rulingService ? { rulingService } : {}),
    dispute: {
      disputeId: dispute.id,
      category: dispute.category,
      claim: dispute.claim,
      regionCode: dispute.regionCode,
      subjectMatterRegion: dispute.subjectMatterRegion,
    },
    settlement: {
      settlementId: settlement.settlementId,
      version: settlement.version,
      obligations: settlement.obligations,
      clauses: settlement.clauses,
      subjectMatter: settlement.subjectMatter,
      effectiveAt: settlement.effectiveAt,
      document: {
        sha256: settlement.document.sha256,
        size: settlement.document.size,
        mediaType: settlement.document.mediaType,
        href: `/v1/settlements/${settlement.settlementId}/document`,
      },
      signatures: settlement.signatures.map(({ partyId, signedAt, method, documentSha256 }) => ({
        partyId,
        signedAt,
        method,
        documentSha256,
      })),
    },
    parties: readiness.map(({ party, service }) => ({
      partyId: party.partyId,
      personId: publicPersonId(party.personHash),
      role: party.role,
      kind: party.kind,
      name: party.name,
      idMasked: party.idMasked,
      domicile: party.domicile,
      contact: party.contact,
      ...(party.serviceAddress ? { serviceAddress: party.serviceAddress } : {}),
      representatives: party.representatives.map(({ name, idMasked }) => ({ name, idMasked })),
      service,
    })),
    mediator: mediator ? { mediatorId: mediator.id, name: mediator.name, contact: mediator.contact } : undefined,
    organization: organization
      ? {
          organizationId: organization.id,
          name: organization.name,
          kind: organization.kind,
          regionCode: organization.regionCode,
        }
      : undefined,
  };
}

/**
 * The ruling's service as the court follows it: `requested` until the service exists, then
 * `served` when every party is served (electronically or alternatively), `unserved` when one
 * ended unserved, `in_progress` otherwise; each recipient's status, and where the proof is.
 */
async function rulingServiceView(store: StateStore, ruling: NonNullable<ConfirmationRequest['ruling']>) {
  const base = { serviceId: ruling.serviceId, documentSha256: ruling.sha256 };
  if (!(await store.services.serviceExists(ruling.serviceId))) return { ...base, status: 'requested' as const };
  const recipients = await store.services.recipients(ruling.serviceId);
  const done = (status: string) => status === 'served' || status === 'served_alternatively';
  const status = recipients.every((recipient) => done(recipient.status))
    ? ('served' as const)
    : recipients.some((recipient) => recipient.status === 'unserved')
      ? ('unserved' as const)
      : ('in_progress' as const);
  return {
    ...base,
    status,
    recipients: recipients.map((recipient) => ({
      personId: recipient.personId,
      status: recipient.status,
      ...(recipient.served ? { servedAt: recipient.served.at } : {}),
    })),
    proof: `/v1/services/${ruling.serviceId}/proof`,
  };
}
