import { NotFound, RuleViolation } from '../../domain/errors';
import { maskAddress } from '../../domain/masking';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { AlternativeMethod, RecipientRecord } from '../../domain/service/recipient';
import type { ServiceRecord } from '../../domain/service/service';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';
import { courtOfPrincipal } from './court-parties';
import { recipientChange } from './recipient-change';

/** A service as `principal` may see it: operators see all; a court its own; anyone else nothing (404). */
export async function visibleService(
  store: StateStore,
  principal: Principal,
  serviceId: string,
): Promise<ServiceRecord> {
  let service: ServiceRecord;
  try {
    service = (await store.services.service(serviceId)).value;
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
    /** Actual notice beside legal service: the first time the recipient opened or signed for the document. */
    noticedAt?: string;
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
      openedAt?: string;
      purpose?: 'notice_reminder';
      outcome?: string;
    }>;
  }>;
}

/** The earliest open or signature through any of the recipient's links. */
function noticedAt(recipient: RecipientRecord): { noticedAt?: string } {
  const times = recipient.attempts.flatMap((a) => [a.openedAt, a.acknowledgedAt]).filter((t): t is string => !!t);
  return times.length === 0 ? {} : { noticedAt: times.sort()[0] as string };
}

/** GET /v1/services/{id}: the status per recipient, addresses masked. */
export async function getServiceStatus(
  deps: { store: StateStore },
  principal: Principal,
  serviceId: string,
): Promise<ServiceStatusView> {
  const service = await visibleService(deps.store, principal, serviceId);
  const recipients = await deps.store.services.recipients(serviceId);
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
        ...noticedAt(recipient),
        ...(recipient.unserved ? { unservedReason: recipient.unserved.reason } : {}),
        ...(recipient.alternative ? { alternative: recipient.alternative } : {}),
        attempts: await Promise.all(
          recipient.attempts.map(async (attempt) => {
            const { message } = await deps.store.messages.message(attempt.messageId);
            return {
              attemptNo: attempt.attemptNo,
              channel: attempt.channel,
              address: maskAddress(attempt.channel, attempt.address),
              reference: attempt.reference,
              messageStatus: message.status,
              ...(message.sentAt ? { sentAt: message.sentAt } : {}),
              ...(message.status === 'delivered' && message.settledAt ? { deliveredAt: message.settledAt } : {}),
              ...(attempt.acknowledgedAt ? { acknowledgedAt: attempt.acknowledgedAt } : {}),
              ...(attempt.openedAt ? { openedAt: attempt.openedAt } : {}),
              ...(attempt.purpose ? { purpose: attempt.purpose } : {}),
              ...(attempt.outcome ? { outcome: attempt.outcome } : {}),
            };
          }),
        ),
      })),
    ),
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
    const loaded = await deps.store.services.recipient(serviceId, input.recipientId).catch((error: unknown) => {
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
      recipientChange(deps.store, loaded, next, 'service.served_alternatively', {
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
