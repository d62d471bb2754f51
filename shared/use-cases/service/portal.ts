import { NotFound, RuleViolation } from '../../domain/errors';
import { hashCode, sameSecret } from '../../domain/mediation/invitation';
import type { MessageRecord } from '../../domain/messages/message-record';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { attemptTimes, servedBy, withMessageFacts } from '../../domain/service/attempt-outcomes';
import { afterWrongProof, proofTriesLeft } from '../../domain/service/portal-proof';
import type { RecipientRecord, ServiceAttempt } from '../../domain/service/recipient';
import type { ServiceRecord } from '../../domain/service/service';
import { serviceTime } from '../../domain/service/service-completion';
import type { Clock } from '../../ports/clock';
import type { DocumentStore } from '../../ports/document-store';
import type { PortalClient, ServedDocumentReceipts } from '../../ports/electronic-service';
import type { PersonConsentWriter } from '../../ports/identity-checks';
import type { OutboxHandler } from '../../ports/outbox';
import type { StateStore } from '../../ports/state-store';
import type { Versioned } from '../../ports/table';
import type { WorkflowEngine } from '../../ports/workflows';
import * as z from '../../validation/zod-mini';
import { attemptByToken } from './attempt-by-token';
import { idDigitsOf } from './portal-code';
import { recipientChange } from './recipient-change';
import { learnFrom, servedRecipient } from './served-recipient';

/**
 * The recipient portal's use cases (issue 4, item 5). The pages (`/r/{token}`) are adapters over
 * these; the proof of identity is the code from the message plus, where the platform knows the
 * person's ID number, its last 4 digits. Codes are stored hashed and compared in constant time;
 * wrong tries are limited per client (portal-session.ts) and per code: twenty close the code until
 * the addressee asks for a fresh one (portal-code.ts).
 */
export interface PortalProof {
  code: string;
  /** The last 4 digits of the recipient's ID number (required when the platform knows it). */
  idLastDigits?: string;
}

export interface PortalDeps {
  store: StateStore;
  clock: Clock;
}

/** Signing for a document may record consent by conduct: the people feature's consent write, lent by the composition root. */
export type AcknowledgeDeps = PortalDeps & { personConsentWrite: PersonConsentWriter };

export interface ServedDocumentView {
  serviceId: string;
  recipientId: string;
  attemptNo: number;
  issuer: string;
  title: string;
  kind: string;
  mediaType: string;
  sha256: string;
  size: number;
  reference: string;
  status: RecipientRecord['status'];
  acknowledgedAt?: string;
  content: Uint8Array;
}

interface Opened {
  loaded: Versioned<RecipientRecord>;
  attempt: ServiceAttempt;
  service: ServiceRecord;
}

/** What the link shows before any proof: who serves which document; nothing personal. */
export async function describeServiceLink(
  deps: PortalDeps,
  token: string,
): Promise<{ issuer: string; title: string; kind: string; reference: string; needsIdDigits: boolean }> {
  const { attempt, service, loaded } = await attemptByToken(deps.store, token);
  return {
    issuer: service.issuer,
    title: service.document.title,
    kind: service.document.kind,
    reference: attempt.reference,
    needsIdDigits: (await idDigitsOf(deps.store, loaded.value.personHash)) !== undefined,
  };
}

/** The served document, after the recipient proved who they are. Viewing is not signing for it. */
export async function viewServedDocument(
  deps: PortalDeps & { documents: DocumentStore },
  token: string,
  proof: PortalProof,
): Promise<ServedDocumentView> {
  const { loaded, attempt, service } = await openWithProof(deps, token, proof);
  const stored = await deps.documents.get(service.document.key);
  if (!stored) throw new NotFound('the document is not available');
  if (!attempt.openedAt) await recordOpened(deps, () => attemptByToken(deps.store, token));
  return {
    serviceId: service.serviceId,
    recipientId: loaded.value.recipientId,
    attemptNo: attempt.attemptNo,
    issuer: service.issuer,
    title: service.document.title,
    kind: service.document.kind,
    mediaType: service.document.mediaType,
    sha256: service.document.sha256,
    size: service.document.size,
    reference: attempt.reference,
    status: loaded.value.status,
    ...(attempt.acknowledgedAt ? { acknowledgedAt: attempt.acknowledgedAt } : {}),
    content: stored.content,
  };
}

/**
 * Actual notice (issue 16): the first time the recipient opens the document through a link, the
 * attempt records it (`service.opened`, in the recipient's chain, so the proof shows it beside the
 * legal service). Opening is not signing: the service time does not change. The address book
 * learns in the same write that the address reaches the person. Later opens write nothing.
 */
export async function recordOpened(
  deps: PortalDeps,
  locate: () => Promise<{ loaded: Versioned<RecipientRecord>; attempt: ServiceAttempt }>,
): Promise<void> {
  await retryOnConflict(async () => {
    const { loaded, attempt } = await locate();
    if (attempt.openedAt) return;
    const at = deps.clock.now().toISOString();
    const opened = loaded.value.attempts.map((a) => (a.attemptNo === attempt.attemptNo ? { ...a, openedAt: at } : a));
    const learned = await learnFrom(deps, loaded.value, opened, [], undefined);
    const next = { ...loaded.value, attempts: learned.attempts };
    await deps.store.commit(
      recipientChange(deps.store, loaded, next, 'service.opened', {
        writes: learned.writes,
        data: { attemptNo: attempt.attemptNo, at },
        actor: { role: 'party', subjectId: `recipient:${loaded.value.recipientId}` },
      }),
    );
  });
}

/**
 * The recipient signs for the document (DESIGN.md, "When service is complete"): the attempt
 * records the time and the client; an outbox item `service.acknowledged` has its consumer wake the
 * waiting workflow (`onServiceAcknowledged`), which decides `served`. A recipient already `unserved`
 * (the workflow ended) is served here, at the earliest effective time. Signing counts as consent
 * to electronic service by conduct when the person had recorded none. A repeat changes nothing.
 */
export async function acknowledgeService(
  deps: AcknowledgeDeps,
  token: string,
  proof: PortalProof,
  client: PortalClient,
): Promise<{ serviceId: string; recipientId: string; acknowledgedAt: string; status: RecipientRecord['status'] }> {
  await openWithProof(deps, token, proof);
  return acknowledgeAttempt(deps, () => attemptByToken(deps.store, token), client);
}

/** The portal's acts on a served document, bound to their ports, for a recipient outside the portal (a party's ruling). */
export function servedDocumentReceiptsOf(deps: AcknowledgeDeps): ServedDocumentReceipts {
  return {
    recordOpened: (locate) => recordOpened(deps, locate),
    acknowledge: (locate, client) => acknowledgeAttempt(deps, locate, client),
  };
}

/**
 * Signs for the document on the attempt `locate` finds (read afresh on every try): the portal's
 * link, or a signed-in party's own recipient (confirmations/party-ruling.ts). The same record,
 * event and outbox item either way, so the proof and the workflow cannot tell them apart.
 */
export async function acknowledgeAttempt(
  deps: AcknowledgeDeps,
  locate: () => Promise<{ loaded: Versioned<RecipientRecord>; attempt: ServiceAttempt }>,
  client: PortalClient,
): Promise<{ serviceId: string; recipientId: string; acknowledgedAt: string; status: RecipientRecord['status'] }> {
  const result = await retryOnConflict(async () => {
    const { loaded, attempt } = await locate();
    const recipient = loaded.value;
    if (attempt.acknowledgedAt) return { recipient, acknowledgedAt: attempt.acknowledgedAt };
    const now = deps.clock.now().toISOString();
    const acknowledgedBy = {
      ...(client.ip ? { ip: client.ip.slice(0, 64) } : {}),
      ...(client.userAgent ? { userAgent: client.userAgent.slice(0, 300) } : {}),
    };
    const attempts = recipient.attempts.map((candidate) =>
      candidate.attemptNo === attempt.attemptNo ? { ...candidate, acknowledgedAt: now, acknowledgedBy } : candidate,
    );
    let next: RecipientRecord = { ...recipient, attempts };
    const extraWrites = [];
    if (recipient.status === 'unserved') {
      const messages = await Promise.all(recipient.attempts.map((a) => deps.store.messages.message(a.messageId)));
      const withFacts = attempts.map((a, index) =>
        withMessageFacts(a, (messages[index] as { message: MessageRecord }).message, recipient),
      );
      const servedAt = serviceTime(withFacts.map(attemptTimes)) ?? now;
      const served = await servedRecipient(
        deps,
        recipient,
        withFacts,
        messages.map((m) => m.message),
        servedBy(withFacts, servedAt),
      );
      next = { ...served.recipient, unserved: undefined };
      extraWrites.push(...served.writes);
    } else {
      // The address reaches the person: the book learns it now, even when service was complete
      // before (a designated address) or the workflow has moved on.
      const learned = await learnFrom(deps, recipient, attempts, [], undefined);
      next = { ...next, attempts: learned.attempts };
      extraWrites.push(...learned.writes);
    }
    const person = await deps.store.people.person(recipient.personHash);
    if (person && !person.value.serviceConsent) {
      const consentWrite = await deps.personConsentWrite(recipient.personHash, {
        basis: 'conduct',
        recordedAt: now,
        evidence: `signed for service ${recipient.serviceId}`,
        recordedBy: `recipient:${recipient.recipientId}`,
      });
      if (consentWrite) extraWrites.push(consentWrite);
    }
    await deps.store.commit(
      recipientChange(deps.store, loaded, next, 'service.acknowledged', {
        data: { attemptNo: attempt.attemptNo, at: now, ...(next.served ? { served: next.served } : {}) },
        writes: extraWrites,
        actor: { role: 'party', subjectId: `recipient:${recipient.recipientId}` },
        outbox: [
          {
            type: serviceAcknowledgedType,
            payload: { serviceId: recipient.serviceId, recipientId: recipient.recipientId },
          },
        ],
      }),
    );
    return { recipient: next, acknowledgedAt: now };
  });
  return {
    serviceId: result.recipient.serviceId,
    recipientId: result.recipient.recipientId,
    acknowledgedAt: result.acknowledgedAt,
    status: result.recipient.status,
  };
}

/**
 * Checks the proof against the attempt's hashes. A wrong proof is counted on the code (the
 * twentieth closes it until a fresh code) before the refusal is thrown, so guessing costs a write
 * each try. The HTTP routes come here only with the proof a session holds (`proofOfSession`).
 */
async function openWithProof(deps: PortalDeps, token: string, proof: PortalProof): Promise<Opened> {
  const opened = await attemptByToken(deps.store, token);
  const now = deps.clock.now();
  const { attempt } = opened;
  if (now.toISOString() >= attempt.portalExpiresAt) {
    throw new RuleViolation('link_expired', 'this link has expired; the court can serve the document again');
  }
  if (attempt.lockedUntil && now.toISOString() < attempt.lockedUntil) {
    throw new RuleViolation('link_locked', 'too many wrong tries of this code; ask for a fresh code', {
      details: { lockedUntil: attempt.lockedUntil },
    });
  }
  const digits = await idDigitsOf(deps.store, opened.loaded.value.personHash);
  const codeOk = sameSecret(attempt.codeHash, hashCode(token, proof.code));
  const digitsOk = digits === undefined || sameSecret(digits, proof.idLastDigits ?? '');
  if (codeOk && digitsOk) return opened;
  await recordFailedProof(deps, token, now);
  throw new RuleViolation('wrong_proof', 'the code or the ID digits are not right');
}

async function recordFailedProof(deps: PortalDeps, token: string, now: Date): Promise<void> {
  await retryOnConflict(async () => {
    const { loaded, attempt } = await attemptByToken(deps.store, token);
    const updated: ServiceAttempt = afterWrongProof(attempt, now);
    const locked = proofTriesLeft(updated) === 0;
    const next = {
      ...loaded.value,
      attempts: loaded.value.attempts.map((a) => (a.attemptNo === attempt.attemptNo ? updated : a)),
    };
    await deps.store.commit(
      recipientChange(deps.store, loaded, next, locked ? 'service.portal_locked' : 'service.portal_proof_failed', {
        data: { attemptNo: attempt.attemptNo },
        actor: { role: 'party', subjectId: 'anonymous:portal' },
      }),
    );
  });
}

/** GET /verify: whether a reference code was printed in a message the platform sent, and by whom. */
export async function verifyReference(
  deps: PortalDeps,
  reference: string,
): Promise<{ genuine: false } | { genuine: true; issuer: string; title: string; sentAt?: string; channel: string }> {
  const code = reference.trim().toUpperCase();
  const pointer = await deps.store.services.attemptOfReference(code);
  if (!pointer) return verifyMessageReference(deps.store, code);
  const { serviceId, recipientId, attemptNo } = pointer;
  const [{ value: service }, { value: recipient }] = await Promise.all([
    deps.store.services.service(serviceId),
    deps.store.services.recipient(serviceId, recipientId),
  ]);
  const attempt = recipient.attempts.find((candidate) => candidate.attemptNo === attemptNo);
  if (!attempt) return { genuine: false };
  const message = (await deps.store.messages.message(attempt.messageId)).message;
  return {
    genuine: true,
    issuer: service.issuer,
    title: service.document.title,
    channel: attempt.channel,
    ...(message.sentAt ? { sentAt: message.sentAt } : {}),
  };
}

/**
 * A reference printed in another message (an invitation, a signing link, a milestone): the sender
 * named when it was requested, the channel and when it left. Nothing about the recipient.
 */
async function verifyMessageReference(
  store: StateStore,
  reference: string,
): Promise<{ genuine: false } | { genuine: true; issuer: string; title: string; sentAt?: string; channel: string }> {
  const pointer = await store.messages.messageByReference(reference);
  if (!pointer) return { genuine: false };
  const { messageId, issuer } = pointer;
  const { message } = await store.messages.message(messageId);
  return {
    genuine: true,
    issuer,
    title: message.purpose,
    channel: message.content.channel,
    ...(message.sentAt ? { sentAt: message.sentAt } : {}),
  };
}
export const serviceAcknowledgedType = 'service.acknowledged';

/**
 * On `service.acknowledged`, wake the recipient's workflow wherever it waits: for the signature
 * (the token on the recipient) or for the newest attempt's receipt (the token on its message, as
 * the workflow may have moved on from the attempt that was signed for). Waking is idempotent: the
 * woken task decides from the store, and a stale token is ignored by the engine.
 */
export function onServiceAcknowledged(deps: { store: StateStore; workflows: WorkflowEngine }): OutboxHandler {
  return async (item) => {
    const { serviceId, recipientId } = z.parseOrThrow(pointerSchema, item.payload);
    const { value: recipient } = await deps.store.services.recipient(serviceId, recipientId);
    const newest = recipient.attempts.at(-1);
    const message = newest ? (await deps.store.messages.message(newest.messageId)).message : undefined;
    const tokens = [recipient.waitToken, message?.status === 'sent' ? message.taskToken : undefined];
    for (const taskToken of tokens) {
      if (taskToken) await deps.workflows.sendTaskSuccess(taskToken, { outcome: 'acknowledged' });
    }
  };
}

const pointerSchema = z.object({
  serviceId: z.string().check(z.minLength(1)),
  recipientId: z.string().check(z.minLength(1)),
});
