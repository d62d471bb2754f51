import { effectiveStatus, outcomeOf } from '../../domain/message-delivery';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { MessageUnexpectedStatus } from '../../ports/message-tasks';
import type { MessageDeliveryDeps } from './deps';
import { messageChange } from './message-change';

/**
 * Wait for the delivery receipt of a sent message: keep the workflow's task token on the message,
 * so the receipt's consumer can complete the wait. If the outcome is already known (the receipt
 * came before the token was stored, or a re-run finds the message settled), complete the wait now.
 * Storing the token is conditional on the version read, so a receipt landing in between is seen on
 * the next round rather than lost.
 */
export async function awaitReceipt(
  deps: MessageDeliveryDeps,
  input: { messageId: string; taskToken: string },
): Promise<{ completed: boolean }> {
  return retryOnConflict(async () => {
    const loaded = await deps.store.messages.message(input.messageId);
    const { message } = loaded;
    const outcome = outcomeOf(message.status);
    if (outcome) {
      await deps.workflows.sendTaskSuccess(input.taskToken, { outcome });
      return { completed: true };
    }
    const status = effectiveStatus(message.status, message.stalledFrom);
    // An `unknown` send may still be settled by a receipt (an email's tag) until its deadline.
    const unknownAwaitingReceipt =
      status === 'unknown' &&
      message.receiptDeadline !== undefined &&
      Date.parse(message.receiptDeadline) > deps.clock.now().getTime();
    if (status !== 'sent' && !unknownAwaitingReceipt) {
      throw new MessageUnexpectedStatus(`message ${message.messageId} is ${message.status}: no receipt to wait for`);
    }
    const waiting = { ...message, status, stalledFrom: undefined, taskToken: input.taskToken };
    await deps.store.commit(messageChange(deps.store, loaded, waiting, 'message.awaiting_receipt'));
    return { completed: false };
  });
}
