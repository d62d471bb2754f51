import { NotFound } from '../../domain/errors';
import { maskAddress } from '../../domain/masking';
import { hashCode, newInvitationSecret } from '../../domain/mediation/invitation';
import {
  effectiveStatus,
  type MessageChannel,
  neverLeft,
  neverLeftEvidence,
  secondsUntil,
} from '../../domain/message-delivery';
import type { MessageRecord } from '../../domain/messages/message-record';
import { newReferenceCode as referenceCode } from '../../domain/messages/reference-code';
import { messageLink } from '../../domain/messages/sms-texts';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { rankAddresses } from '../../domain/service/address-ranking';
import { attemptTimes, outcomeOf, servedBy, withMessageFacts } from '../../domain/service/attempt-outcomes';
import { noticeStep, reminderAddress } from '../../domain/service/notice-reminders';
import type { PlannedAddress, RecipientRecord, ServiceAttempt } from '../../domain/service/recipient';
import { serviceActor } from '../../domain/service/service';
import { recipientChainId } from '../../domain/service/service-chains';
import { serviceTime } from '../../domain/service/service-completion';
import { composeServiceMessage } from '../../domain/service/service-messages';
import { finalStatuses, type ServiceStep, serviceDone } from '../../domain/service/service-step';
import { MessageUnexpectedStatus } from '../../ports/message-tasks';
import type { Versioned } from '../../ports/table';
import type { ServiceDeliveryDeps } from './deps';
import { personConsent } from './party-addresses';
import { recipientChange, stripUndefined } from './recipient-change';
import { reconcileServiceTime, serviceLateFactType } from './reconcile-service-time';
import { learnFrom, servedRecipient } from './served-recipient';

/**
 * The ServiceDelivery workflow's tasks (one workflow per recipient). Every task reads the recipient
 * and its attempts' messages from the store and decides from them, so a task run twice, or a
 * workflow re-run from the top, lands where the recorded state says; the wake-up values the waits
 * return are only signals.
 *
 * Each attempt IS a platform message: created like any other (`requestMessage`), sent by the one
 * send-at-most-once mechanism (message delivery's, lent as `messageTasks.send`: claimed before the
 * provider is called, throttling retried, an ambiguous failure `unknown` and never resent blindly:
 * only an SMS the delivery-status records prove never left is sent again, as a new attempt), its
 * receipt recorded by the one receipt consumer (`recordDeliveryEvent`), which completes the wait
 * whose token the message holds.
 * The MessageDelivery workflow is not started for these messages: this workflow runs their tasks.
 */

/** Portal links of every attempt stay valid this long (DESIGN.md, "When service is complete"). */
export const portalLinkValidDays = 30;

export interface RecipientRef {
  serviceId: string;
  recipientId: string;
}

/**
 * Plan: rank the person's addresses (consent, exclusions, scores) and keep the plan on the
 * recipient. Without the recipient's consent no electronic attempt is made: `unserved` at once,
 * with the reason, waiting for alternative service. Planned already (a re-run): decide from state.
 */
export async function planService(deps: ServiceDeliveryDeps, input: RecipientRef): Promise<ServiceStep> {
  const planned = await retryOnConflict(async () => {
    const loaded = await deps.store.services.recipient(input.serviceId, input.recipientId);
    const recipient = loaded.value;
    if (recipient.plannedAt) return undefined;
    const [book, consent] = await Promise.all([
      deps.store.services.addressBook(recipient.personHash),
      personConsent(deps.store, recipient.personHash),
    ]);
    const now = deps.clock.now().toISOString();
    const ranked = (deps.rankAddresses ?? rankAddresses)(book.value, { now: new Date(now), consent });
    const byId = new Map(book.value.map((address) => [address.addressId, address]));
    const plan = ranked.plan.map((entry) => ({
      addressId: entry.addressId,
      channel: entry.channel,
      value: entry.value,
      sources: byId.get(entry.addressId)?.sources ?? [],
      score: entry.score,
      completesAtDelivery: entry.completesAtDelivery,
      reach: entry.reach,
    }));
    const base: RecipientRecord = {
      ...recipient,
      plannedAt: now,
      plan,
      excluded: ranked.excluded,
      ...(consent ? { consentBasis: consent.basis } : {}),
    };
    const unserved = !consent
      ? { reason: 'no_consent', detail: 'the recipient has not consented to electronic service: no electronic attempt' }
      : plan.length === 0
        ? { reason: 'no_usable_address', detail: 'no address may be served to (all excluded or none known)' }
        : undefined;
    const next: RecipientRecord = unserved ? { ...base, status: 'unserved', unserved: { at: now, ...unserved } } : base;
    await deps.store.commit(
      recipientChange(deps.store, loaded, next, unserved ? 'service.unserved' : 'service.planned', {
        data: {
          planned: plan.length,
          excluded: ranked.excluded.length,
          // The consent the attempts rest on, with the identity level it was given at: in the proof.
          ...(consent
            ? { consent: { basis: consent.basis, identityAssurance: consent.assurance?.level ?? 'unrecorded' } }
            : {}),
          ...(unserved ? { reason: unserved.reason, detail: unserved.detail } : {}),
        },
      }),
    );
    return unserved
      ? serviceDone('unserved')
      : ({ action: 'attempt', attemptNo: 1, timeoutSeconds: 1, status: next.status } as const);
  });
  return planned ?? decideNext(deps, input);
}

/**
 * Attempt n: compose the message for the n-th planned address (a fresh portal token and code,
 * stored hashed; a reference code for /verify), record it with the attempt, then send it once.
 * Created already (a retry after throttling, a re-run): only the send runs, and `messageTasks.send`
 * decides from the message's status whether it may call the provider.
 */
export async function attemptService(
  deps: ServiceDeliveryDeps,
  input: RecipientRef & { attemptNo: number },
): Promise<ServiceStep> {
  const attempt = await retryOnConflict(async () => {
    const loaded = await deps.store.services.recipient(input.serviceId, input.recipientId);
    const recipient = loaded.value;
    if (finalStatuses.has(recipient.status)) return undefined;
    // Signed for through an earlier link: service is complete, so nothing more is sent.
    if (recipient.attempts.some((candidate) => candidate.acknowledgedAt)) return undefined;
    const existing = recipient.attempts.find((candidate) => candidate.attemptNo === input.attemptNo);
    if (existing) return existing;
    return createAttempt(deps, loaded, input.attemptNo);
  });
  if (!attempt) return decideNext(deps, input);
  // A signature can also land while this attempt waited for a send slot (throttling): check again.
  const current = await deps.store.services.recipient(input.serviceId, input.recipientId);
  if (current.value.attempts.some((candidate) => candidate.acknowledgedAt)) return decideNext(deps, input);
  const sent = await deps.messageTasks.send({ messageId: attempt.messageId });
  if (sent.awaitReceipt) {
    return {
      action: 'await_receipt',
      attemptNo: attempt.attemptNo,
      timeoutSeconds: sent.receiptTimeoutSeconds,
      status: 'attempting',
    };
  }
  return decideNext(deps, input);
}

async function createAttempt(
  deps: ServiceDeliveryDeps,
  loaded: Versioned<RecipientRecord>,
  attemptNo: number,
  reminder?: { planned: PlannedAddress },
): Promise<ServiceAttempt> {
  const recipient = loaded.value;
  const planned = reminder?.planned ?? recipient.plan?.[attemptNo - 1];
  const purpose = reminder ? { purpose: 'notice_reminder' as const } : {};
  if (!planned || attemptNo !== recipient.attempts.length + 1 || !recipient.consentBasis) {
    throw new ServiceUnexpectedState(`recipient ${recipient.recipientId} has no attempt ${attemptNo} to make`);
  }
  const { value: service } = await deps.store.services.service(recipient.serviceId);
  const now = deps.clock.now();
  const secret = newInvitationSecret();
  const reference = newReferenceCode();
  const content = composeServiceMessage({
    channel: planned.channel,
    to: planned.value,
    issuer: service.issuer,
    title: service.document.title,
    link: messageLink(deps.settings.publicBaseUrl, 'portal', secret.token),
    publicBaseUrl: deps.settings.publicBaseUrl,
    code: secret.code,
    reference,
    ...(service.language ? { language: service.language } : {}),
  });
  const message = deps.requestMessage({
    chainId: recipientChainId(service.serviceId, recipient.recipientId),
    purpose: 'service',
    content,
    actor: serviceActor,
    receiptTimeoutSeconds: recipient.timeouts.receipt[planned.channel],
    secrets: [secret.token, secret.code],
    onSettled: {
      type: serviceLateFactType,
      payload: { serviceId: service.serviceId, recipientId: recipient.recipientId },
    },
  });
  const attempt: ServiceAttempt = {
    attemptNo,
    addressId: planned.addressId,
    channel: planned.channel,
    address: planned.value,
    sources: planned.sources,
    completesAtDelivery: planned.completesAtDelivery,
    consentBasis: recipient.consentBasis,
    messageId: message.messageId,
    reference,
    tokenHash: secret.tokenHash,
    codeHash: hashCode(secret.token, secret.code),
    portalExpiresAt: new Date(now.getTime() + portalLinkValidDays * 86_400_000).toISOString(),
    failedProofs: 0,
    createdAt: now.toISOString(),
    ...purpose,
  };
  const pointer = { serviceId: service.serviceId, recipientId: recipient.recipientId, attemptNo };
  // A reminder after legal service leaves the recipient served: it is notice, not service.
  const status = reminder ? recipient.status : 'attempting';
  const next: RecipientRecord = { ...recipient, status, attempts: [...recipient.attempts, attempt] };
  await deps.store.commit(
    recipientChange(deps.store, loaded, next, 'service.attempt_created', {
      // What the proof of service shows of the attempt, read from this event alone: the address
      // masked, where it came from and under which consent.
      data: {
        attemptNo,
        channel: planned.channel,
        addressId: planned.addressId,
        address: maskAddress(planned.channel, planned.value),
        sources: planned.sources.map(stripUndefined),
        consentBasis: recipient.consentBasis,
        completesAtDelivery: planned.completesAtDelivery,
        messageId: message.messageId,
        reference,
        ...purpose,
      },
      writes: [message.write, ...deps.store.services.attemptPointerWrites(secret.tokenHash, reference, pointer)],
    }),
  );
  return attempt;
}

/**
 * Wait for the attempt's delivery receipt: the token waits on the message, where the receipt's
 * consumer (`recordDeliveryEvent`) completes it. Completed at once when the recipient has already
 * signed for the document or the message is settled.
 */
export async function awaitServiceReceipt(
  deps: ServiceDeliveryDeps,
  input: RecipientRef & { attemptNo: number; taskToken: string },
): Promise<{ completed: boolean }> {
  const { value: recipient } = await deps.store.services.recipient(input.serviceId, input.recipientId);
  const attempt = recipient.attempts.find((candidate) => candidate.attemptNo === input.attemptNo);
  if (!attempt || finalStatuses.has(recipient.status) || recipient.attempts.some((a) => a.acknowledgedAt)) {
    await deps.workflows.sendTaskSuccess(input.taskToken, { outcome: 'settled' });
    return { completed: true };
  }
  try {
    return await deps.messageTasks.awaitReceipt({ messageId: attempt.messageId, taskToken: input.taskToken });
  } catch (error) {
    if (!(error instanceof MessageUnexpectedStatus)) throw error;
    // `unknown` past its receipt deadline has no receipt to wait for: decide from state.
    await deps.workflows.sendTaskSuccess(input.taskToken, { outcome: 'settled' });
    return { completed: true };
  }
}

/** The receipt did not come in time: the message is `no_receipt` (a late receipt still counts), then decide. */
export async function recordServiceNoReceipt(
  deps: ServiceDeliveryDeps,
  input: RecipientRef & { attemptNo: number },
): Promise<ServiceStep> {
  const { value: recipient } = await deps.store.services.recipient(input.serviceId, input.recipientId);
  const attempt = recipient.attempts.find((candidate) => candidate.attemptNo === input.attemptNo);
  if (attempt) await deps.messageTasks.recordNoReceipt({ messageId: attempt.messageId });
  return decideNext(deps, input);
}

/**
 * Wait for the recipient's signature after a delivery at an address that needs one: the token is
 * kept on the recipient (a conditional write), where `acknowledgeService` completes it. Already
 * signed: completed at once. The version check makes a signature landing in between visible to the
 * next round, never lost.
 */
export async function awaitServiceAcknowledgement(
  deps: ServiceDeliveryDeps,
  input: RecipientRef & { attemptNo: number; taskToken: string },
): Promise<{ completed: boolean }> {
  return retryOnConflict(async () => {
    const loaded = await deps.store.services.recipient(input.serviceId, input.recipientId);
    const recipient = loaded.value;
    if (finalStatuses.has(recipient.status) || recipient.attempts.some((a) => a.acknowledgedAt)) {
      await deps.workflows.sendTaskSuccess(input.taskToken, { outcome: 'settled' });
      return { completed: true };
    }
    const next: RecipientRecord = { ...recipient, waitToken: input.taskToken };
    await deps.store.commit(
      recipientChange(deps.store, loaded, next, 'service.awaiting_acknowledgement', {
        data: { attemptNo: input.attemptNo },
      }),
    );
    return { completed: false };
  });
}

/**
 * Decide (DESIGN.md, "When service is complete"): served at the earliest instant any attempt
 * completed service (a delivery receipt at a `recipient_designated` address; otherwise the
 * recipient's signature in the portal). Otherwise, by the current attempt's message: still to
 * send, waiting for its receipt, delivered and waiting for the signature until the channel's
 * acknowledgement deadline, or settled without serving: the next planned address, or `unserved`
 * when none is left. Every settled attempt teaches the address book its outcome once.
 */
export async function decideNext(deps: ServiceDeliveryDeps, input: RecipientRef): Promise<ServiceStep> {
  for (;;) {
    const decided = await retryOnConflict(() => decideOnce(deps, input));
    if (decided !== 'again') return decided;
  }
}

async function decideOnce(deps: ServiceDeliveryDeps, input: RecipientRef): Promise<ServiceStep | 'again'> {
  const loaded = await deps.store.services.recipient(input.serviceId, input.recipientId);
  const recipient = loaded.value;
  if (finalStatuses.has(recipient.status)) return noticeStep(recipient, deps.clock.now());
  if (!recipient.plannedAt || !recipient.plan) return planService(deps, input);
  const now = deps.clock.now();
  const messages = await Promise.all(recipient.attempts.map((a) => deps.store.messages.message(a.messageId)));
  const attempts = recipient.attempts.map((attempt, index) =>
    withMessageFacts(attempt, (messages[index] as { message: MessageRecord }).message, recipient),
  );

  const servedAt = serviceTime(attempts.map(attemptTimes));
  if (servedAt)
    return recordServed(
      deps,
      loaded,
      attempts,
      messages.map((m) => m.message),
      servedAt,
    );

  const current = attempts.at(-1);
  const message = messages.at(-1)?.message;
  if (!current || !message) return { action: 'attempt', attemptNo: 1, timeoutSeconds: 1, status: recipient.status };
  const changed = JSON.stringify(attempts) !== JSON.stringify(recipient.attempts);

  switch (effectiveStatus(message.status, message.stalledFrom)) {
    case 'pending':
    case 'sending':
      return { action: 'attempt', attemptNo: current.attemptNo, timeoutSeconds: 1, status: recipient.status };
    case 'sent': {
      const deadline = message.receiptDeadline ?? now.toISOString();
      if (Date.parse(deadline) <= now.getTime()) {
        await deps.messageTasks.recordNoReceipt({ messageId: message.messageId });
        return 'again';
      }
      return {
        action: 'await_receipt',
        attemptNo: current.attemptNo,
        timeoutSeconds: secondsUntil(deadline, now),
        status: recipient.status,
      };
    }
    case 'delivered': {
      const deadline = current.acknowledgementDeadline as string;
      if (Date.parse(deadline) > now.getTime()) {
        if (changed) {
          await deps.store.commit(
            recipientChange(deps.store, loaded, { ...recipient, attempts }, 'service.delivered_awaiting_signature', {
              data: { attemptNo: current.attemptNo, acknowledgementDeadline: deadline },
            }),
          );
        }
        return {
          action: 'await_acknowledgement',
          attemptNo: current.attemptNo,
          timeoutSeconds: secondsUntil(deadline, now),
          status: recipient.status,
        };
      }
      return moveOn(deps, loaded, attempts, message, now);
    }
    case 'unknown': {
      // The provider may have it: wait for a receipt until the deadline (an email's is matched by
      // its tag); past it, an SMS is settled by the single delivery record in its send window, if
      // there is one; with no record of the send at the provider (no SMS record in the window, no
      // SES Send event), it never left and the same address is tried again (bounded); otherwise
      // the next address is tried.
      const deadline = message.receiptDeadline;
      if (deadline !== undefined && Date.parse(deadline) > now.getTime()) {
        return {
          action: 'await_receipt',
          attemptNo: current.attemptNo,
          timeoutSeconds: secondsUntil(deadline, now),
          status: recipient.status,
        };
      }
      // The message itself is never queued again (`maxResends: 0`): a resend here is a new attempt,
      // with fresh secrets and its own place in the proof; the old message is closed.
      const resolved = await deps.messageTasks.resolveUnknownSend({ messageId: message.messageId, maxResends: 0 });
      if (resolved.status !== 'unknown') return 'again';
      if (neverLeft(resolved.logsInWindow) && mayResend(attempts, current)) {
        return resendToSameAddress(deps, loaded, attempts, message.content.channel, now);
      }
      return moveOn(deps, loaded, attempts, message, now);
    }
    default:
      return moveOn(deps, loaded, attempts, message, now);
  }
}

/**
 * Sends to one address that provably never left, at most: the first, and this many again. Each
 * resend is a new attempt (fresh link and code), so a platform killed again and again between the
 * claim and the call still ends, `unserved`, instead of looping.
 */
export const maxResendsPerAddress = 2;

/** Whether the attempts to this address so far (reminders after service aside) leave room for a resend. */
function mayResend(attempts: ServiceAttempt[], current: ServiceAttempt): boolean {
  const toAddress = attempts.filter((attempt) => attempt.addressId === current.addressId && !attempt.purpose);
  return toAddress.length <= maxResendsPerAddress;
}

/**
 * The current attempt sent nothing (`neverLeft`): it is settled `unknown`, and the same planned
 * address is put next in the plan, so the next attempt sends to it afresh. The address book learns
 * nothing from it: the address was never tried.
 */
async function resendToSameAddress(
  deps: ServiceDeliveryDeps,
  loaded: Versioned<RecipientRecord>,
  attempts: ServiceAttempt[],
  channel: MessageChannel,
  now: Date,
): Promise<ServiceStep> {
  const recipient = loaded.value;
  const current = attempts.at(-1) as ServiceAttempt;
  const plan = recipient.plan ?? [];
  const again = plan[current.attemptNo - 1];
  if (!again)
    throw new ServiceUnexpectedState(`recipient ${recipient.recipientId} has no plan entry ${current.attemptNo}`);
  const at = now.toISOString();
  const next: RecipientRecord = {
    ...recipient,
    // Attempt n uses plan entry n: the entry is repeated right after the current one.
    plan: [...plan.slice(0, current.attemptNo), again, ...plan.slice(current.attemptNo)],
    attempts: attempts.map((attempt) =>
      attempt.attemptNo === current.attemptNo ? { ...attempt, outcome: 'unknown' as const, settledAt: at } : attempt,
    ),
    status: 'attempting',
    waitToken: undefined,
  };
  await deps.store.commit(
    recipientChange(deps.store, loaded, next, 'service.attempt_settled', {
      data: {
        attemptNo: current.attemptNo,
        outcome: 'unknown',
        next: current.attemptNo + 1,
        resend: { reason: 'never_sent', evidence: neverLeftEvidence(channel) },
      },
    }),
  );
  return { action: 'attempt', attemptNo: current.attemptNo + 1, timeoutSeconds: 1, status: 'attempting' };
}

/** The current attempt ended without serving: learn from it, then the next address or `unserved`. */
async function moveOn(
  deps: ServiceDeliveryDeps,
  loaded: Versioned<RecipientRecord>,
  attempts: ServiceAttempt[],
  message: MessageRecord,
  now: Date,
): Promise<ServiceStep> {
  const recipient = loaded.value;
  const current = attempts.at(-1) as ServiceAttempt;
  const at = now.toISOString();
  const outcome = outcomeOf(current, message);
  const settled = attempts.map((attempt) =>
    attempt.attemptNo === current.attemptNo && !attempt.outcome ? { ...attempt, outcome, settledAt: at } : attempt,
  );
  const { attempts: learned, writes } = await learnFrom(deps, recipient, settled, [message], undefined);
  const plan = recipient.plan ?? [];
  if (current.attemptNo < plan.length) {
    const next: RecipientRecord = { ...recipient, attempts: learned, status: 'attempting', waitToken: undefined };
    await deps.store.commit(
      recipientChange(deps.store, loaded, next, 'service.attempt_settled', {
        data: { attemptNo: current.attemptNo, outcome, next: current.attemptNo + 1 },
        writes,
      }),
    );
    return { action: 'attempt', attemptNo: current.attemptNo + 1, timeoutSeconds: 1, status: 'attempting' };
  }
  const next: RecipientRecord = {
    ...recipient,
    attempts: learned,
    status: 'unserved',
    waitToken: undefined,
    unserved: { at, reason: 'every_address_failed', detail: `${attempts.length} addresses tried without service` },
  };
  await deps.store.commit(
    recipientChange(deps.store, loaded, next, 'service.unserved', {
      data: {
        attemptNo: current.attemptNo,
        outcome,
        reason: 'every_address_failed',
        detail: next.unserved?.detail ?? '',
      },
      writes,
    }),
  );
  // A receipt recorded after this decision read the messages, but before it was committed, found
  // the recipient still attempting and changed nothing: the facts are read again now, so a
  // delivery that completes service is not lost (a later one reaches an unserved recipient anyway).
  return serviceDone((await reconcileServiceTime(deps, loaded.value)) === 'served' ? 'served' : 'unserved');
}

async function recordServed(
  deps: ServiceDeliveryDeps,
  loaded: Versioned<RecipientRecord>,
  attempts: ServiceAttempt[],
  messages: MessageRecord[],
  servedAt: string,
): Promise<ServiceStep> {
  const served = servedBy(attempts, servedAt);
  const next = await servedRecipient(deps, loaded.value, attempts, messages, served);
  await deps.store.commit(
    recipientChange(deps.store, loaded, next.recipient, 'service.served', {
      data: { attemptNo: served.attemptNo, rule: served.rule, at: served.at, served },
      writes: next.writes,
    }),
  );
  return noticeStep(next.recipient, deps.clock.now());
}

/**
 * Remind the recipient (see `noticeStep`): the reminder is an attempt of its own (`purpose:
 * notice_reminder`), with its own portal link and code, recorded before it is sent once, so the
 * proof shows it beside the legal service. A re-run finds the newest reminder recorded but not yet
 * sent and only sends it (`messageTasks.send` sends at most once).
 */
export async function remindRecipient(deps: ServiceDeliveryDeps, input: RecipientRef): Promise<ServiceStep> {
  const reminder = await retryOnConflict(async () => {
    const loaded = await deps.store.services.recipient(input.serviceId, input.recipientId);
    const recipient = loaded.value;
    const newest = recipient.attempts.at(-1);
    if (newest?.purpose === 'notice_reminder') {
      const { message } = await deps.store.messages.message(newest.messageId);
      if (message.status === 'pending' || message.status === 'sending') return newest;
    }
    const step = noticeStep(recipient, deps.clock.now());
    const planned = reminderAddress(recipient);
    if (step.action !== 'remind' || !planned) return undefined;
    return createAttempt(deps, loaded, step.attemptNo, { planned });
  });
  if (reminder) await deps.messageTasks.send({ messageId: reminder.messageId });
  return decideNext(deps, input);
}

/**
 * Record that the workflow could not go on (retries exhausted, an unexpected error): kept on the
 * recipient for an operator; the status stays, so a re-run resumes from it.
 */
export async function recordServiceStall(
  deps: ServiceDeliveryDeps,
  input: RecipientRef & { error: string; cause: string },
): Promise<{ status: string }> {
  return retryOnConflict(async () => {
    let loaded: Versioned<RecipientRecord>;
    try {
      loaded = await deps.store.services.recipient(input.serviceId, input.recipientId);
    } catch (error) {
      if (error instanceof NotFound) return { status: 'missing' };
      throw error;
    }
    const stall = { error: input.error, cause: input.cause.slice(0, 1000), at: deps.clock.now().toISOString() };
    await deps.store.commit(
      recipientChange(deps.store, loaded, { ...loaded.value, stall }, 'service.stalled', {
        data: { error: input.error },
      }),
    );
    return { status: loaded.value.status };
  });
}

/** A service attempt's reference code (`SD…`, domain/messages/reference-code.ts). */
export function newReferenceCode(): string {
  return referenceCode('SD');
}

export const serviceTaskErrors = { unexpectedState: 'ServiceUnexpectedState' } as const;

export class ServiceUnexpectedState extends Error {
  constructor(message: string) {
    super(message);
    this.name = serviceTaskErrors.unexpectedState;
  }
}
