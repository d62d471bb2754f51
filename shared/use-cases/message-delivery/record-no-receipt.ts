import { type MessageStatus, statusAfterReceiptTimeout } from '../../domain/message-delivery';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { MessageDeliveryDeps } from './deps';
import { messageChange } from './message-change';

/**
 * Record that the wait for the receipt ended at its deadline: a `sent` message becomes
 * `no_receipt`, unless a receipt won the race, whose status then stands. (A wait that a receipt
 * completed needs no step: the receipt's consumer recorded the outcome before completing it.)
 */
export async function recordNoReceipt(
  deps: MessageDeliveryDeps,
  input: { messageId: string },
): Promise<{ status: MessageStatus }> {
  return retryOnConflict(async () => {
    const loaded = await deps.store.messages.message(input.messageId);
    const { message } = loaded;
    const next = statusAfterReceiptTimeout(message.status);
    if (!next) return { status: message.status };
    const timedOut = { ...message, status: next, settledAt: deps.clock.now().toISOString() };
    await deps.store.commit(messageChange(deps.store, loaded, timedOut, 'message.no_receipt'));
    return { status: next };
  });
}
