import { createHash } from 'node:crypto';
import { canonicalJson } from '../../domain/canonical-json';
import { escapeHtml } from '../../domain/html-escape';
import { publicPersonId } from '../../domain/identity/person-id';
import type { CaseParty } from '../../domain/mediation/case-party';
import { disputeChainId } from '../../domain/mediation/dispute';
import type { Mediator } from '../../domain/mediation/mediator';
import type { MessageContent } from '../../domain/messages/message-record';
import { milestoneOutbox } from '../../domain/messages/milestone-outbox';
import { newReferenceCode } from '../../domain/messages/reference-code';
import { messageLanguage, platformSignature, smsSignature } from '../../domain/messages/sms-texts';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { Court } from '../../domain/roster/court';
import { type ConfirmationRequest, rulingTitle } from '../../domain/settlement/confirmation-request';
import type { Clock } from '../../ports/clock';
import type { LoadedRequest } from '../../ports/confirmation-requests';
import type { DocumentStore } from '../../ports/document-store';
import type { RecordService } from '../../ports/electronic-service';
import type { Ids } from '../../ports/ids';
import type { RequestMessage } from '../../ports/message-requests';
import type { OutboxHandler } from '../../ports/outbox';
import type { EntityWrite, OutboxMessage, StateStore } from '../../ports/state-store';
import * as z from '../../validation/zod-mini';

export const confirmationDecidedType = 'confirmation.decided';

/** Where the ruling of an application is stored. */
export const rulingKey = (requestId: string) => `rulings/${requestId}.json`;

const decidedSchema = z.object({ requestId: z.string().check(z.minLength(1)) });

/**
 * After the court's decision (`confirmation.decided`): the ruling is served on every party: the
 * court's own document when the decision named one (exactly the bytes checked at the decision),
 * else the platform's summary of the decision, which is rendered and stored either way (beside the
 * court's document it is only the cover page). It is served through electronic service with the court as the principal; the mediator
 * is told by a message; the dispute's chain records `confirmation.ruling_served` with the service id.
 *
 * Exactly one service per application: its id is chosen first and claimed on the application
 * (a conditional write, so two deliveries at once cannot both claim), then the service is
 * requested under that id. A redelivered item finds the claim and does nothing, or, when the
 * earlier delivery stopped between the claim and the service, requests the service under the
 * claimed id (the service's own create is conditional, so it never exists twice). The ruling's
 * bytes are deterministic, so storing them again writes the same object.
 *
 * A confirmed settlement was marked enforceable by the decision itself: it is checked here, not
 * written a second time.
 */
/** The ports a ruling's service works through, and what the service and message-delivery features lend it. */
export interface ServeRulingDeps {
  store: StateStore;
  clock: Clock;
  ids: Ids;
  /** Where the ruling is stored before it is served. */
  documents?: DocumentStore;
  /** Message delivery's, for the mediator's notice (ports/message-requests.ts). */
  requestMessage: RequestMessage;
  /** Electronic service's, to serve the ruling on the parties (ports/electronic-service.ts). */
  recordService: RecordService;
}

export function onConfirmationDecided(deps: ServeRulingDeps): OutboxHandler {
  return async (item) => {
    const { requestId } = z.parseOrThrow(decidedSchema, item.payload);
    await retryOnConflict(() => serveRuling(deps, requestId), 3);
  };
}

async function serveRuling(deps: ServeRulingDeps, requestId: string): Promise<void> {
  const loaded = await deps.store.confirmationRequests.request(requestId);
  if (!loaded) throw new Error(`confirmation.decided names no application ${requestId}`);
  const { request } = loaded;
  if (!request.decision) throw new Error(`application ${requestId} has no decision to serve`);
  if (request.decision.outcome === 'confirmed' && !request.enforceable) {
    throw new Error(`application ${requestId} is confirmed but not marked enforceable`);
  }
  const court = await loadCourtRecord(deps.store, request.courtId);
  // The court decided through a client, so it has one (kept even if its credentials were revoked since).
  if (court.clientId === undefined) throw new Error(`court ${court.id} has no client to serve its ruling under`);
  const principal: Principal = { role: 'court', subjectId: court.clientId };
  const parties = await deps.store.disputes.parties(request.disputeId);

  if (request.ruling) {
    // Claimed earlier: serve under the claimed id only if that delivery stopped before the service.
    if (await deps.store.services.serviceExists(request.ruling.serviceId)) return;
    await serveUnderId(deps, court, principal, request, parties, request.ruling.serviceId);
    return;
  }

  const summary = await renderRuling(deps.store, request, court, parties);
  if (!deps.documents) throw new Error('no document store is configured');
  const stored = await deps.documents.put(rulingKey(requestId), summary, 'application/json');
  const summaryFacts = { key: stored.key, sha256: sha256Of(summary), size: summary.byteLength };
  const serviceId = deps.ids.next('srv');
  const recordedAt = deps.clock.now().toISOString();
  const courtDocument = request.decision.document;
  if (!courtDocument) {
    // No document of the court's own: the platform's summary is what is served.
    const ruling = {
      serviceId,
      documentKey: stored.key,
      sha256: summaryFacts.sha256,
      size: summary.byteLength,
      recordedAt,
    };
    await claim(deps, loaded, { ...request, ruling });
    await serveUnderId(deps, court, principal, { ...request, ruling }, parties, serviceId, summary);
    return;
  }
  // The court's own ruling is served, byte for byte; the summary stays beside it as its cover page.
  const content = await courtRulingBytes(deps, request);
  const ruling = {
    serviceId,
    documentKey: courtDocument.key,
    sha256: courtDocument.sha256,
    size: courtDocument.size,
    recordedAt,
    cover: summaryFacts,
  };
  await claim(deps, loaded, { ...request, ruling });
  await serveUnderId(deps, court, principal, { ...request, ruling }, parties, serviceId, content);
}

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The court's verified ruling as the platform stored it at the decision, checked once more against its hash. */
async function courtRulingBytes(deps: ServeRulingDeps, request: ConfirmationRequest): Promise<Uint8Array> {
  const document = request.decision?.document;
  if (!document) throw new Error(`application ${request.requestId} names no ruling document`);
  const stored = await deps.documents?.get(document.key);
  if (!stored) throw new Error(`the ruling document of ${request.requestId} is not stored`);
  if (sha256Of(stored.content) !== document.sha256) {
    throw new Error(`the stored ruling document of ${request.requestId} no longer has its recorded hash`);
  }
  return stored.content;
}

/** The claim: the application records the ruling and its service id; the chain and the mediator hear of it. */
async function claim(deps: ServeRulingDeps, loaded: LoadedRequest, next: ConfirmationRequest): Promise<void> {
  const ruling = next.ruling as NonNullable<ConfirmationRequest['ruling']>;
  const actor: Principal = { role: 'operator', subjectId: 'platform:judicial-confirmation' };
  const mediator = await loadMediatorOf(deps.store, next.disputeId);
  const reference = newReferenceCode('MS');
  const content = mediator ? mediatorNotice(mediator, next, ruling.serviceId, reference) : undefined;
  const notice = content
    ? deps.requestMessage({
        chainId: disputeChainId(next.disputeId),
        purpose: 'ruling_notice',
        content,
        actor,
        reference: { code: reference, issuer: platformSignature },
      })
    : undefined;
  const writes: EntityWrite[] = [
    deps.store.confirmationRequests.requestWrite(loaded.version, next),
    ...(notice ? notice.writes : []),
  ];
  const outbox: OutboxMessage[] = [
    ...(notice ? [notice.outbox] : []),
    milestoneOutbox({ milestone: 'ruling_served', disputeId: next.disputeId, courtId: next.courtId }),
  ];
  await deps.store.commit({
    chainId: disputeChainId(next.disputeId),
    writes,
    event: {
      type: 'confirmation.ruling_served',
      actor,
      data: {
        requestId: next.requestId,
        courtId: next.courtId,
        outcome: next.decision?.outcome,
        serviceId: ruling.serviceId,
        rulingSha256: ruling.sha256,
        ...(ruling.cover ? { coverSha256: ruling.cover.sha256 } : {}),
        enforceable: next.enforceable,
        ...(notice ? { mediatorNoticeMessageId: notice.messageId } : {}),
      },
    },
    ...(outbox.length > 0 ? { outbox } : {}),
  });
}

/**
 * Records the ruling's service under the id the application claimed, for the case's parties, with
 * the court as its issuer and the one it is done for (the court decided; the platform serves).
 */
async function serveUnderId(
  deps: ServeRulingDeps,
  court: Court,
  principal: Principal,
  request: ConfirmationRequest,
  parties: CaseParty[],
  serviceId: string,
  content?: Uint8Array,
): Promise<void> {
  const courtDocument = request.decision?.document;
  const bytes =
    content ??
    (courtDocument
      ? await courtRulingBytes(deps, request)
      : (await deps.documents?.get(request.ruling?.documentKey ?? rulingKey(request.requestId)))?.content) ??
    (() => {
      throw new Error(`the ruling of ${request.requestId} is not stored`);
    })();
  const personHashes = [...new Set(parties.map((party) => party.personHash))];
  await deps.recordService(principal, {
    serviceId,
    court,
    document: {
      title: rulingTitle(request.decision ?? { outcome: 'rejected' }),
      kind: 'ruling',
      mediaType: courtDocument?.mediaType ?? 'application/json',
      content: bytes,
    },
    recipients: personHashes.map((personHash) => ({ personId: publicPersonId(personHash), personHash })),
    // The parties read the ruling's messages in the mediation's language.
    language: messageLanguage((await deps.store.disputes.dispute(request.disputeId)).dispute.language),
  });
}

/**
 * The ruling as a canonical document: the court, the application and settlement it rules on (with
 * the settlement document's hash the parties signed), the parties, and the decision (ruling number
 * and date, or the coded reasons and text). Canonical JSON: the same decision gives the same bytes.
 */
export async function renderRuling(
  store: StateStore,
  request: ConfirmationRequest,
  court: Court,
  parties: CaseParty[],
): Promise<Uint8Array> {
  const { settlement } = await store.settlements.settlement(request.settlementId);
  const decision = request.decision;
  if (!decision) throw new Error(`application ${request.requestId} has no decision`);
  const body = {
    kind: 'judicial_confirmation_ruling',
    court: { courtId: court.id, name: court.name },
    requestId: request.requestId,
    disputeId: request.disputeId,
    settlement: {
      settlementId: settlement.settlementId,
      version: request.settlementVersion,
      documentSha256: request.documentSha256,
    },
    parties: parties.map((party) => ({
      partyId: party.partyId,
      personId: publicPersonId(party.personHash),
      role: party.role,
      name: party.name,
    })),
    decision:
      decision.outcome === 'confirmed'
        ? { outcome: 'confirmed', rulingNumber: decision.rulingNumber, rulingDate: decision.rulingDate }
        : { outcome: 'rejected', reasons: decision.reasons, text: decision.text },
    decidedAt: decision.decidedAt,
    enforceable: request.enforceable,
  };
  return new TextEncoder().encode(canonicalJson(body));
}

async function loadCourtRecord(store: StateStore, courtId: string): Promise<Court> {
  const loaded = await store.roster.court(courtId);
  if (!loaded) throw new Error(`no court ${courtId}`);
  return loaded.value;
}

async function loadMediatorOf(store: StateStore, disputeId: string): Promise<Mediator | undefined> {
  const loaded = await store.disputes.dispute(disputeId).catch(() => undefined);
  const mediatorId = loaded?.dispute.mediatorId;
  if (mediatorId === undefined) return undefined;
  return (await store.roster.mediator(mediatorId))?.value;
}

/**
 * The mediator hears how the court decided: by SMS (signed, the case's short reference, the
 * outcome, the /verify reference: one segment, in Chinese like the mediator's other texts), or by
 * email with the ruling's number, in Chinese and English.
 */
function mediatorNotice(
  mediator: Mediator,
  request: ConfirmationRequest,
  serviceId: string,
  reference: string,
): MessageContent | undefined {
  const caseReference = request.disputeId.slice(-8);
  const confirmed = request.decision?.outcome === 'confirmed';
  if (mediator.contact.phone) {
    const outcome = confirmed ? '法院已裁定确认调解协议有效' : '法院已裁定驳回司法确认申请';
    const text = `${smsSignature(platformSignature)}您调解的纠纷${caseReference}：${outcome}。核验编号${reference}`;
    return { channel: 'sms', to: mediator.contact.phone, text };
  }
  if (!mediator.contact.email) return undefined;
  const ruling = request.decision?.outcome === 'confirmed' ? request.decision.rulingNumber : undefined;
  const zh = confirmed
    ? `法院已裁定确认您调解的纠纷 ${caseReference} 的调解协议有效（${ruling}），裁定书正向各方送达（送达编号 ${serviceId}）。`
    : `法院已裁定驳回您调解的纠纷 ${caseReference} 的司法确认申请，裁定书正向各方送达（送达编号 ${serviceId}）。`;
  const en = confirmed
    ? `The court confirmed the settlement of case ${caseReference} you mediated (ruling ${ruling}); the ruling is being served on the parties (service ${serviceId}).`
    : `The court rejected the application for judicial confirmation of case ${caseReference} you mediated; the ruling is being served on the parties (service ${serviceId}).`;
  const text = `${zh}\n\n${en}\n\n核验编号 / Reference: ${reference}`;
  return {
    channel: 'email',
    to: mediator.contact.email,
    subject: `纠纷 ${caseReference}：司法确认裁定 / Case ${caseReference}: ruling on the judicial confirmation`,
    text,
    html: `<p>${escapeHtml(zh)}</p><p>${escapeHtml(en)}</p><p>核验编号 / Reference: ${escapeHtml(reference)}</p>`,
    fromName: platformSignature,
  };
}
