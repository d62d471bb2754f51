import { NotFound, RuleViolation } from '../../domain/errors';
import { partyActingAs } from '../../domain/mediation/case-party';
import type { Principal } from '../../domain/principal';
import type { RecipientRecord, ServiceAttempt } from '../../domain/service/recipient';
import type { ServiceRecord } from '../../domain/service/service';
import type { ConfirmationRequest } from '../../domain/settlement/confirmation-request';
import type { DocumentStore } from '../../ports/document-store';
import type { PortalClient, ServedDocumentReceipts } from '../../ports/electronic-service';
import type { StateStore } from '../../ports/state-store';

/** What the party's ruling page acts through: the store, and the portal's acts on a served document (the service feature's). */
export interface PartyRulingDeps {
  store: StateStore;
  servedDocumentReceipts: ServedDocumentReceipts;
}

/**
 * The application for judicial confirmation and its ruling, as a signed-in party of the dispute sees
 * them on its case page (issue 13): the court's decision, and the ruling served on it: the service,
 * its own recipient (status, attempts, when it was served and by which rule) and, when it asks, the
 * document itself. The party proved who it is by signing in and linking (a carrier match), so it
 * signs for the ruling here without the message's code; the signature is recorded on its latest
 * attempt exactly as the portal records one.
 */
export interface PartyRuling {
  request: ConfirmationRequest;
  /**
   * `sent`: a service message went to the party (it has an attempt), so it may read the ruling and
   * sign for it here. Not sent (no consent, no address that may be used: `unserved` at once), it
   * may do neither: electronic service needs its consent, and reading the document is notice.
   */
  served?: { service: ServiceRecord; recipient: RecipientRecord; sent: boolean };
}

/** The dispute's latest application (the open pointer stays on a decided one), or undefined; 404 to a non-party. */
export async function readPartyRuling(
  deps: { store: StateStore },
  principal: Principal,
  disputeId: string,
): Promise<PartyRuling | undefined> {
  const party = partyActingAs(await deps.store.disputes.parties(disputeId), principal, disputeId);
  const settlement = await deps.store.settlements.settlementOfDispute(disputeId);
  if (!settlement) return undefined;
  const pointer = await deps.store.confirmationRequests.openRequestOf(settlement.settlement.settlementId);
  const loaded = pointer ? await deps.store.confirmationRequests.request(pointer.requestId) : undefined;
  if (!loaded || loaded.request.disputeId !== disputeId) return undefined;
  const serviceId = loaded.request.ruling?.serviceId;
  if (!serviceId) return { request: loaded.request };
  const service = await deps.store.services.service(serviceId).catch(() => undefined);
  const recipient = service
    ? (await deps.store.services.recipients(serviceId)).find((candidate) => candidate.personHash === party.personHash)
    : undefined;
  return service && recipient
    ? {
        request: loaded.request,
        served: { service: service.value, recipient, sent: latestAttempt(recipient) !== undefined },
      }
    : { request: loaded.request };
}

/**
 * The ruling's bytes for the party it was served on; reading it is actual notice (as opening the
 * portal's link), so only once a service message was sent to it (422 `ruling_not_sent` before).
 */
export async function readRulingDocument(
  deps: PartyRulingDeps & { documents: DocumentStore },
  principal: Principal,
  disputeId: string,
): Promise<{ service: ServiceRecord; content: Uint8Array }> {
  const served = (await readPartyRuling(deps, principal, disputeId))?.served;
  if (!served) throw new NotFound('no ruling served on you in this dispute');
  if (!served.sent) throw notSent(served.recipient);
  const stored = await deps.documents.get(served.service.document.key);
  if (!stored) throw new NotFound('the document is not available');
  if (latestAttempt(served.recipient) && !latestAttempt(served.recipient)?.openedAt) {
    await deps.servedDocumentReceipts.recordOpened(locator(deps.store, served.recipient));
  }
  return { service: served.service, content: stored.content };
}

/**
 * The party signs for the ruling served on it. Refused (422 `ruling_not_sent`) before any message
 * was sent (the recipient has no attempt yet); a repeat changes nothing.
 */
export async function signForRuling(
  deps: PartyRulingDeps,
  principal: Principal,
  disputeId: string,
  client: PortalClient,
): Promise<{ acknowledgedAt: string; status: RecipientRecord['status'] }> {
  const served = (await readPartyRuling(deps, principal, disputeId))?.served;
  if (!served) throw new NotFound('no ruling served on you in this dispute');
  if (!served.sent) throw notSent(served.recipient);
  const signed = await deps.servedDocumentReceipts.acknowledge(locator(deps.store, served.recipient), client);
  return { acknowledgedAt: signed.acknowledgedAt, status: signed.status };
}

/** 422: nothing was sent to this party yet (no consent or no usable address), so nothing to read or sign. */
function notSent(recipient: RecipientRecord): RuleViolation {
  return recipient.status === 'unserved'
    ? new RuleViolation(
        'ruling_not_sent',
        'the ruling could not be served on you: consent to electronic service and give your mobile or email on My addresses, and it is sent to you',
      )
    : new RuleViolation('ruling_not_sent', 'the ruling is being sent to you; try again shortly');
}

/** The recipient's latest service attempt (a reminder after legal service is not one). */
function latestAttempt(recipient: RecipientRecord): ServiceAttempt | undefined {
  return recipient.attempts.filter((attempt) => attempt.purpose === undefined).at(-1);
}

/** Reads the recipient afresh (each retry of a conflicting write) with its latest attempt. */
function locator(store: StateStore, recipient: RecipientRecord) {
  return async () => {
    const loaded = await store.services.recipient(recipient.serviceId, recipient.recipientId);
    const attempt = latestAttempt(loaded.value);
    if (!attempt) throw new RuleViolation('nothing_to_sign', 'the ruling has not been sent to you yet');
    return { loaded, attempt };
  };
}
