import { type DeliveryEvent, type MessageChannel, type MessageStatus, isFinal, statusAfterDeliveryEvent } from '../../domain/message-delivery';
import type { MessageDeliveryDeps } from './deps';
import { loadMessage, messageChange, messageRecords, settledBy } from './message-records';
import { retryOnConflict } from './retry-on-conflict';

export interface ProviderDeliveryEvent {
  channel: MessageChannel;
  /** The id the provider gave the message when it accepted it. */
  providerMessageId: string;
  event: DeliveryEvent;
}

export type DeliveryEventResult =
  | { matched: false }
  | { matched: true; messageId: string; status: MessageStatus; completedWait: boolean };

/**
 * Record what a provider reported about a message it accepted (an SES delivery or bounce, an SMS
 * delivery-status record): find the message by the provider's id, move its status as the domain
 * rules say, and complete the workflow's wait with the outcome if a task token is stored. Events
 * arrive at least once and in any order: a repeat changes nothing but completes the wait again
 * (a stale token is tolerated by the engine), and an event about a message we did not send (or
 * whose `sent` was never recorded) is ignored.
 */
export async function recordDeliveryEvent(
  deps: MessageDeliveryDeps,
  input: ProviderDeliveryEvent,
): Promise<DeliveryEventResult> {
  const lookup = await deps.store.get(messageRecords.providerLookupKey(input.channel, input.providerMessageId));
  const messageId = lookup?.attributes.messageId;
  if (typeof messageId !== 'string') return { matched: false };

  const status = await retryOnConflict(async () => {
    const loaded = await loadMessage(deps.store, messageId);
    const next = statusAfterDeliveryEvent(loaded.message.status, input.event);
    if (!next) return { status: loaded.message.status, taskToken: loaded.message.taskToken };
    const settledMessage = settledBy(loaded.message, next, input.event);
    const reason = input.event.kind === 'failed' ? { reason: input.event.reason } : {};
    await deps.store.commit(messageChange(loaded, settledMessage, `message.${next}`, { data: { ...reason, at: input.event.at } }));
    return { status: next, taskToken: settledMessage.taskToken };
  });

  const outcome = status.status;
  if (status.taskToken && isFinal(outcome)) {
    await deps.workflows.sendTaskSuccess(status.taskToken, { outcome });
    return { matched: true, messageId, status: outcome, completedWait: true };
  }
  return { matched: true, messageId, status: outcome, completedWait: false };
}
