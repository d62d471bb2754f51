import { NotFound, RuleViolation } from '../../domain/errors';
import { type ChainVerdict, verifyChain } from '../../domain/hash-chain';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';
import { disputeRecords } from '../disputes/dispute-records';
import { loadMessage } from '../message-delivery/message-records';
import { retryOnConflict } from '../message-delivery/retry-on-conflict';
import { courtOfPrincipal } from './court-parties';
import { maskAddress } from './party-addresses';
import {
  type AlternativeMethod,
  listRecipients,
  loadRecipient,
  loadService,
  type RecipientRecord,
  recipientChange,
  type ServiceRecord,
  serviceRecords,
} from './service-records';

/** A service as `principal` may see it: operators see all; a court its own; anyone else nothing (404). */
export async function visibleService(
  store: StateStore,
  principal: Principal,
  serviceId: string,
): Promise<ServiceRecord> {
  let service: ServiceRecord;
  try {
    service = (await loadService(store, serviceId)).value;
  } catch (error) {
    if (error instanceof NotFound) throw new NotFound(`no service ${serviceId}`);
    throw error;
  }
  if (principal.role === 'operator') return service;
  if (principal.role === 'court' && service.courtId) {
    const courtId = await courtOfPrincipal(store, principal).catch(() => undefined);
    if (courtId === service.courtId) return service;
  }
  throw new NotFound(`no service ${serviceId}`);
}

export interface ServiceStatusView {
  serviceId: string;
  issuer: string;
  document: { title: string; kind: string; mediaType: string; size: number; sha256: string };
  createdAt: string;
  recipients: Array<{
    recipientId: string;
    personId: string;
    status: RecipientRecord['status'];
    servedAt?: string;
    rule?: string;
    unservedReason?: string;
    alternative?: RecipientRecord['alternative'];
    attempts: Array<{
      attemptNo: number;
      channel: string;
      address: string;
      reference: string;
      messageStatus: string;
      sentAt?: string;
      deliveredAt?: string;
      acknowledgedAt?: string;
      outcome?: string;
    }>;
  }>;
}

/** GET /v1/services/{id}: the status per recipient, addresses masked. */
export async function getServiceStatus(
  deps: { store: StateStore },
  principal: Principal,
  serviceId: string,
): Promise<ServiceStatusView> {
  const service = await visibleService(deps.store, principal, serviceId);
  const recipients = await listRecipients(deps.store, serviceId);
  return {
    serviceId,
    issuer: service.issuer,
    document: documentView(service),
    createdAt: service.createdAt,
    recipients: await Promise.all(
      recipients.map(async (recipient) => ({
        recipientId: recipient.recipientId,
        personId: recipient.personId,
        status: recipient.status,
        ...(recipient.served ? { servedAt: recipient.served.at, rule: recipient.served.rule } : {}),
        ...(recipient.unserved ? { unservedReason: recipient.unserved.reason } : {}),
        ...(recipient.alternative ? { alternative: recipient.alternative } : {}),
        attempts: await Promise.all(
          recipient.attempts.map(async (attempt) => {
            const { message } = await loadMessage(deps.store, attempt.messageId);
            return {
              attemptNo: attempt.attemptNo,
              channel: attempt.channel,
              address: maskAddress(attempt.channel, attempt.address),
              reference: attempt.reference,
              messageStatus: message.status,
              ...(message.sentAt ? { sentAt: message.sentAt } : {}),
              ...(message.status === 'delivered' && message.settledAt ? { deliveredAt: message.settledAt } : {}),
              ...(attempt.acknowledgedAt ? { acknowledgedAt: attempt.acknowledgedAt } : {}),
              ...(attempt.outcome ? { outcome: attempt.outcome } : {}),
            };
          }),
        ),
      })),
    ),
  };
}

export interface ProofBundle {
  serviceId: string;
  generatedAt: string;
  issuer: string;
  document: ServiceStatusView['document'];
  recipients: Array<{
    recipientId: string;
    recipient: { personId: string; name?: string; idMasked?: string };
    status: RecipientRecord['status'];
    consentBasis?: string;
    served?: RecipientRecord['served'];
    unserved?: RecipientRecord['unserved'];
    alternative?: RecipientRecord['alternative'];
    /** The recipient's own chain: every attempt, delivery, signature and the service time. */
    chain: ChainProof;
    attempts: Array<{
      attemptNo: number;
      channel: string;
      address: string;
      sources: Array<{ source: string; observedAt: string; reference?: string }>;
      consentBasis: string;
      reference: string;
      messageId: string;
      providerMessageId?: string;
      messageStatus: string;
      failureReason?: string;
      sentAt?: string;
      deliveredAt?: string;
      acknowledgedAt?: string;
      outcome?: string;
    }>;
  }>;
  /** The service's own chain (its request, its document); each recipient's facts are on its own chain. */
  chain: ChainProof;
}

export interface ChainProof {
  chainId: string;
  head: { seq: number; hash: string };
  verification: ChainVerdict;
  events: Array<{
    seq: number;
    type: string;
    at: string;
    actor: string;
    data: Record<string, unknown>;
    prevHash: string;
    hash: string;
  }>;
}

/**
 * The proof of service (issue 4, item 6): the document's hash; each recipient, masked; every
 * attempt with its channel, masked address, the address's sources and the consent basis, the
 * send, delivery and signature times, the provider's message id and the outcome; the rule that
 * made it served and when; and the service's hash chain with its head and the verification result,
 * which names the first broken link if any stored event was edited, removed or reordered.
 */
export async function serviceProof(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  serviceId: string,
): Promise<ProofBundle> {
  const service = await visibleService(deps.store, principal, serviceId);
  const [recipients, chain] = await Promise.all([
    listRecipients(deps.store, serviceId),
    chainProof(deps.store, serviceRecords.chainId(serviceId)),
  ]);
  return {
    serviceId,
    generatedAt: deps.clock.now().toISOString(),
    issuer: service.issuer,
    document: documentView(service),
    recipients: await Promise.all(
      recipients.map(async (recipient) => {
        const person = await deps.store.get(disputeRecords.personKey(recipient.personHash));
        const name = typeof person?.attributes.name === 'string' ? maskName(person.attributes.name) : undefined;
        const idMasked = typeof person?.attributes.idMasked === 'string' ? person.attributes.idMasked : undefined;
        return {
          recipientId: recipient.recipientId,
          recipient: { personId: recipient.personId, ...(name ? { name } : {}), ...(idMasked ? { idMasked } : {}) },
          status: recipient.status,
          ...(recipient.consentBasis ? { consentBasis: recipient.consentBasis } : {}),
          ...(recipient.served ? { served: recipient.served } : {}),
          ...(recipient.unserved ? { unserved: recipient.unserved } : {}),
          ...(recipient.alternative ? { alternative: recipient.alternative } : {}),
          chain: await chainProof(deps.store, serviceRecords.recipientChainId(serviceId, recipient.recipientId)),
          attempts: await Promise.all(
            recipient.attempts.map(async (attempt) => {
              const { message } = await loadMessage(deps.store, attempt.messageId);
              return {
                attemptNo: attempt.attemptNo,
                channel: attempt.channel,
                address: maskAddress(attempt.channel, attempt.address),
                sources: attempt.sources,
                consentBasis: attempt.consentBasis,
                reference: attempt.reference,
                messageId: attempt.messageId,
                ...(message.providerMessageId ? { providerMessageId: message.providerMessageId } : {}),
                messageStatus: message.status,
                ...(message.failureReason ? { failureReason: message.failureReason } : {}),
                ...(message.sentAt ? { sentAt: message.sentAt } : {}),
                ...(attempt.deliveredAt || (message.status === 'delivered' && message.settledAt)
                  ? { deliveredAt: attempt.deliveredAt ?? message.settledAt }
                  : {}),
                ...(attempt.acknowledgedAt ? { acknowledgedAt: attempt.acknowledgedAt } : {}),
                ...(attempt.outcome ? { outcome: attempt.outcome } : {}),
              };
            }),
          ),
        };
      }),
    ),
    chain,
  };
}

/** A chain as the proof shows it: its events, its head, and whether they still hash to the head. */
async function chainProof(store: StateStore, chainId: string): Promise<ChainProof> {
  const chain = await store.readChain(chainId);
  return {
    chainId,
    head: chain.head,
    verification: verifyChain(chain.events, chain.head),
    events: chain.events.map((event) => ({
      seq: event.seq,
      type: event.type,
      at: event.at,
      actor: `${event.actor.role}:${event.actor.subjectId}`,
      data: event.data,
      prevHash: event.prevHash,
      hash: event.hash,
    })),
  };
}

/**
 * Alternative service (DESIGN.md: "When all addresses fail, the recipient is `unserved` and waits
 * for alternative service (post or public notice), which an operator records"; the court that
 * serves may record it too). Only an `unserved` recipient can be served alternatively.
 */
export async function recordAlternativeService(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  serviceId: string,
  input: { recipientId: string; method: AlternativeMethod; reference?: string; note?: string },
): Promise<RecipientRecord> {
  await visibleService(deps.store, principal, serviceId);
  return retryOnConflict(async () => {
    const loaded = await loadRecipient(deps.store, serviceId, input.recipientId).catch((error: unknown) => {
      if (error instanceof NotFound) throw new NotFound(`no recipient ${input.recipientId} in service ${serviceId}`);
      throw error;
    });
    const recipient = loaded.value;
    if (recipient.status !== 'unserved') {
      throw new RuleViolation(
        'recipient_not_unserved',
        `alternative service is recorded for an unserved recipient only (this one is ${recipient.status})`,
      );
    }
    const next: RecipientRecord = {
      ...recipient,
      status: 'served_alternatively',
      alternative: {
        method: input.method,
        at: deps.clock.now().toISOString(),
        recordedBy: { role: principal.role, subjectId: principal.subjectId },
        ...(input.reference ? { reference: input.reference } : {}),
        ...(input.note ? { note: input.note } : {}),
      },
    };
    await deps.store.commit(
      recipientChange(loaded, next, 'service.served_alternatively', {
        data: { method: input.method },
        actor: principal,
      }),
    );
    return next;
  });
}

function documentView(service: ServiceRecord): ServiceStatusView['document'] {
  const { title, kind, mediaType, size, sha256 } = service.document;
  return { title, kind, mediaType, size, sha256 };
}

function maskName(name: string): string {
  const chars = [...name];
  return chars.length <= 1 ? '*' : `${chars[0]}${'*'.repeat(Math.min(chars.length - 1, 3))}`;
}
