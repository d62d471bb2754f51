import { type MessageStatus, secondsUntil, sendDecision } from '../../domain/message-delivery';
import { type MessageRecord, withoutSecrets } from '../../domain/messages/message-record';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { type SendAccepted, SendNotAccepted, SendOutcomeUnknown } from '../../ports/message-channels';
import { MessageSendRetryable, type SendResult } from '../../ports/message-tasks';
import type { LoadedMessage } from '../../ports/messages';
import type { StateStore } from '../../ports/state-store';
import type { MessageDeliveryDeps } from './deps';
import { messageChange } from './message-change';

/**
 * Send the message, at most once.
 *
 * - `pending`: take a slot of the channel's send rate (none free: retry later, nothing claimed),
 *   claim it (`sending`, a conditional write), then call the provider. Accepted: `sent`
 *   with the provider's id, its look-up item and the absolute receipt deadline, in one change.
 *   Certainly not accepted and worth retrying (throttling): the claim is released (`pending`) and
 *   `MessageSendRetryable` tells the state machine to retry. Refused for good (a malformed number):
 *   `failed`. Ambiguous (`SendOutcomeUnknown`): `unknown`, not resent blindly.
 * - `sending` found at the start: an earlier run stopped after claiming, the provider may have the
 *   message: `unknown`, no send.
 * - `sent`: only the receipt is missing; the wait resumes with what is left of the deadline.
 * - settled: nothing to do. An `unknown` send reports what is left of its receipt deadline: past
 *   it, the provider's records tell whether it left (`resolveUnknownSend`).
 */
export async function sendMessage(deps: MessageDeliveryDeps, input: { messageId: string }): Promise<SendResult> {
  return retryOnConflict(async () => {
    const loaded = await deps.store.messages.message(input.messageId);
    const { message } = loaded;
    switch (sendDecision(message.status, message.stalledFrom)) {
      case 'claim':
        return claimAndSend(deps, loaded);
      case 'record_unknown':
        return recordUnknown(deps, loaded, 'interrupted_after_claim');
      case 'await_receipt':
        return untilReceiptDeadline(deps, message, true);
      case 'done':
        return message.status === 'unknown' ? untilReceiptDeadline(deps, message, false) : settled(message.status);
    }
  });
}

async function claimAndSend(deps: MessageDeliveryDeps, loaded: LoadedMessage): Promise<SendResult> {
  // Over the channel's rate: not claimed, nothing sent; the state machine retries with backoff.
  if (deps.rateLimiter && !(await deps.rateLimiter.tryAcquire(loaded.message.content.channel))) {
    throw new MessageSendRetryable(
      `the ${loaded.message.content.channel} send rate is reached; message ${loaded.message.messageId} waits`,
    );
  }
  const claimed: MessageRecord = {
    ...loaded.message,
    status: 'sending',
    stalledFrom: undefined,
    stall: undefined,
    claimedAt: deps.clock.now().toISOString(),
  };
  await deps.store.commit(messageChange(deps.store, loaded, claimed, 'message.sending'));
  const claimedAt: LoadedMessage = { message: claimed, version: loaded.version + 1 };

  let accepted: SendAccepted;
  try {
    accepted = await callProvider(deps, claimed);
  } catch (error) {
    if (error instanceof SendNotAccepted && error.retryable) {
      await commitFrom(deps.store, claimedAt, { ...claimed, status: 'pending' }, 'message.send_deferred', {
        reason: error.message,
      });
      throw new MessageSendRetryable(`the provider did not accept message ${claimed.messageId}: ${error.message}`, {
        cause: error,
      });
    }
    if (error instanceof SendNotAccepted) {
      const failed = {
        ...withoutSecrets(claimed),
        status: 'failed' as const,
        failureReason: `not_accepted: ${error.message}`,
      };
      await commitFrom(
        deps.store,
        claimedAt,
        { ...failed, settledAt: deps.clock.now().toISOString() },
        'message.failed',
        {
          reason: 'not_accepted',
        },
      );
      return settled('failed');
    }
    if (error instanceof SendOutcomeUnknown) return recordUnknown(deps, claimedAt, 'provider_outcome_unknown');
    // Anything else leaves the claim in place: a re-run then records `unknown` rather than resending.
    throw error;
  }
  return recordSent(deps, claimedAt, accepted);
}

function callProvider(deps: MessageDeliveryDeps, message: MessageRecord): Promise<SendAccepted> {
  const { content } = message;
  if (content.channel === 'sms') return deps.sms.send({ to: content.to, text: content.text });
  return deps.email.send({
    to: content.to,
    subject: content.subject,
    text: content.text,
    html: content.html,
    ...(content.fromName === undefined ? {} : { fromName: content.fromName }),
    platformMessageId: message.messageId,
  });
}

async function recordSent(
  deps: MessageDeliveryDeps,
  claimed: LoadedMessage,
  accepted: SendAccepted,
): Promise<SendResult> {
  const now = deps.clock.now();
  const sent: MessageRecord = {
    ...withoutSecrets(claimed.message),
    status: 'sent',
    providerMessageId: accepted.providerMessageId,
    sentAt: now.toISOString(),
    receiptDeadline: new Date(now.getTime() + claimed.message.receiptTimeoutSeconds * 1000).toISOString(),
  };
  const lookup = deps.store.messages.providerLookupWrite(
    sent.content.channel,
    accepted.providerMessageId,
    sent.messageId,
  );
  await deps.store.commit(
    messageChange(deps.store, claimed, sent, 'message.sent', {
      writes: [lookup],
      data: { providerMessageId: accepted.providerMessageId },
    }),
  );
  return untilReceiptDeadline(deps, sent, true);
}

/**
 * `unknown`: the provider may have the message. A receipt can still settle it until the receipt
 * deadline (an email's by the platform's message tag, an SMS's by the single delivery-status
 * record in its send window, see `reconcileUnknownSend`); a workflow waits for that. Its secrets
 * stay until then: a send the provider has no record of is sent again (`resolveUnknownSend`).
 */
async function recordUnknown(deps: MessageDeliveryDeps, loaded: LoadedMessage, reason: string): Promise<SendResult> {
  const now = deps.clock.now();
  const unknown: MessageRecord = {
    ...loaded.message,
    status: 'unknown',
    stalledFrom: undefined,
    unknownAt: now.toISOString(),
    receiptDeadline: new Date(now.getTime() + loaded.message.receiptTimeoutSeconds * 1000).toISOString(),
  };
  await commitFrom(deps.store, loaded, unknown, 'message.send_outcome_unknown', { reason });
  return untilReceiptDeadline(deps, unknown, false);
}

/**
 * What is left of the message's receipt deadline: a sent message waits for its receipt by token
 * (`awaitReceipt`); an `unknown` one waits for the deadline, then its provider's records are read.
 */
function untilReceiptDeadline(deps: MessageDeliveryDeps, message: MessageRecord, awaitReceipt: boolean): SendResult {
  const now = deps.clock.now();
  const deadline = message.receiptDeadline ?? now.toISOString();
  return {
    status: awaitReceipt ? 'sent' : 'unknown',
    awaitReceipt,
    receiptTimeoutSeconds: secondsUntil(deadline, now),
  };
}

function settled(status: MessageStatus): SendResult {
  return { status, awaitReceipt: false, receiptTimeoutSeconds: 1 };
}

async function commitFrom(
  store: StateStore,
  loaded: LoadedMessage,
  next: MessageRecord,
  eventType: string,
  data: Record<string, unknown>,
): Promise<void> {
  await store.commit(messageChange(store, loaded, next, eventType, { data }));
}
