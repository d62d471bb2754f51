import {
  type DeliveryEvent,
  isFinal,
  type MessageChannel,
  type MessageStatus,
  statusAfterDeliveryEvent,
} from '../../domain/message-delivery';
import { type MessageRecord, settledBy, withoutSecrets } from '../../domain/messages/message-record';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { MessageDeliveryDeps } from './deps';
import { messageChange } from './message-change';

/** How long an unmatched event is worth delivering again: far longer than recording `sent` takes. */
export const unmatchedRetryWindowMs = 10 * 60 * 1000;

export class DeliveryEventNotYetMatched extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeliveryEventNotYetMatched';
  }
}

export interface ProviderDeliveryEvent {
  channel: MessageChannel;
  /** The id the provider gave the message when it accepted it. */
  providerMessageId: string;
  /** The platform's message id, when the provider echoes it (an SES message tag): matched first. */
  platformMessageId?: string;
  /** Where the message went, when the provider says (SNS SMS delivery-status records do). */
  destination?: string;
  event: DeliveryEvent;
}

export type DeliveryEventResult =
  | { matched: false }
  | { matched: true; messageId: string; status: MessageStatus; completedWait: boolean };

/**
 * Record what a provider reported about a message it accepted (an SES delivery or bounce, an SMS
 * delivery-status record): find the message by the platform's id where the provider echoes it (an
 * email's message tag), else by the provider's id, move its status as the domain
 * rules say, and complete the workflow's wait with the outcome if a task token is stored. A message
 * that asked for it (`onSettled`) also gets an outbox item in the same change, so its owner hears of
 * a receipt that came after its workflow moved on. Events
 * arrive at least once and in any order: a repeat changes nothing but completes the wait again
 * (a stale token is tolerated by the engine).
 *
 * A receipt can overtake the recording of `sent` (the provider reports within a second; the send
 * task records the provider's id after its answer). So an event that matches no message is thrown
 * back as `DeliveryEventNotYetMatched` while it is young, for its source to deliver again; an older
 * one is about a message we did not send, or whose `sent` was never recorded, and is ignored.
 */
export async function recordDeliveryEvent(
  deps: Pick<MessageDeliveryDeps, 'store' | 'workflows' | 'clock' | 'smsLogs'>,
  input: ProviderDeliveryEvent,
): Promise<DeliveryEventResult> {
  // Every SMS record is kept by destination first: if its message's `sent` was never recorded,
  // it is the only evidence left (see reconcileUnknownSend).
  if (input.channel === 'sms' && input.destination !== undefined && deps.smsLogs) {
    await deps.smsLogs.record({
      providerMessageId: input.providerMessageId,
      destination: input.destination,
      at: input.event.at,
      status: input.event.kind,
      ...(input.event.kind === 'failed' ? { reason: input.event.reason } : {}),
    });
  }
  const messageId = await matchMessage(deps, input);
  if (messageId === undefined) {
    const ageMs = deps.clock.now().getTime() - Date.parse(input.event.at);
    if (ageMs < unmatchedRetryWindowMs) {
      throw new DeliveryEventNotYetMatched(
        `no message has ${input.channel} provider id ${input.providerMessageId} yet`,
      );
    }
    return { matched: false };
  }

  const status = await retryOnConflict(async () => {
    const loaded = await deps.store.messages.message(messageId);
    const next = statusAfterDeliveryEvent(loaded.message.status, input.event);
    if (!next) return { status: loaded.message.status, taskToken: loaded.message.taskToken };
    // Matched by the platform's id before `sent` was recorded (or never will be): the provider's
    // id and its look-up item are recorded now, in the same change.
    const learnsProviderId = learnsProviderIdOf(loaded.message);
    const settledMessage = {
      // Settled before the send task recorded `sent`: the message will never be sent again either.
      ...settledBy(
        learnsProviderIdOf(loaded.message) ? withoutSecrets(loaded.message) : loaded.message,
        next,
        input.event,
      ),
      ...(learnsProviderId ? { providerMessageId: input.providerMessageId } : {}),
    };
    const reason = input.event.kind === 'failed' ? { reason: input.event.reason } : {};
    const change = messageChange(deps.store, loaded, settledMessage, `message.${next}`, {
      data: {
        ...reason,
        at: input.event.at,
        ...(learnsProviderId ? { providerMessageId: input.providerMessageId, matchedBy: 'platform_message_id' } : {}),
      },
      writes: learnsProviderId
        ? [deps.store.messages.providerLookupWrite(settledMessage.content.channel, input.providerMessageId, messageId)]
        : [],
    });
    const onSettled = isFinal(next) ? loaded.message.onSettled : undefined;
    await deps.store.commit(onSettled ? { ...change, outbox: [onSettled] } : change);
    return { status: next, taskToken: settledMessage.taskToken };
  });

  const outcome = status.status;
  if (status.taskToken && isFinal(outcome)) {
    await deps.workflows.sendTaskSuccess(status.taskToken, { outcome });
    return { matched: true, messageId, status: outcome, completedWait: true };
  }
  return { matched: true, messageId, status: outcome, completedWait: false };
}

/** The message an event is about: by the platform's id the provider echoed, else by the provider's id. */
async function matchMessage(
  deps: Pick<MessageDeliveryDeps, 'store'>,
  input: ProviderDeliveryEvent,
): Promise<string | undefined> {
  if (input.platformMessageId !== undefined) {
    const tagged = await deps.store.messages.findMessage(input.platformMessageId);
    if (tagged && tagged.message.content.channel === input.channel) {
      return input.platformMessageId;
    }
  }
  return deps.store.messages.messageIdByProvider(input.channel, input.providerMessageId);
}

function learnsProviderIdOf(message: MessageRecord): boolean {
  return message.providerMessageId === undefined;
}
