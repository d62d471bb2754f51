import { type DeliveryOutcome, type MessageStatus, statusAfterReceiptTimeout } from '../../domain/message-delivery';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import { MessageUnexpectedStatus } from '../../ports/message-tasks';
import type { MessageDeliveryDeps } from './deps';
import { messageChange } from './message-change';

/**
 * Record how the wait for the receipt ended. `delivered` and `failed` were recorded by the receipt's
 * consumer before it completed the wait, so only their presence is checked. `no_receipt` (the
 * deadline passed) moves a `sent` message to `no_receipt`, unless a receipt won the race: then the
 * receipt's status stands.
 */
export async function recordOutcome(
  deps: MessageDeliveryDeps,
  input: { messageId: string; outcome: DeliveryOutcome },
): Promise<{ status: MessageStatus }> {
  return retryOnConflict(async () => {
    const loaded = await deps.store.messages.message(input.messageId);
    const { message } = loaded;
    if (input.outcome !== 'no_receipt') {
      if (message.status !== input.outcome) {
        throw new MessageUnexpectedStatus(`message ${message.messageId} is ${message.status}, not ${input.outcome}`);
      }
      return { status: message.status };
    }
    const next = statusAfterReceiptTimeout(message.status);
    if (!next) return { status: message.status };
    const timedOut = { ...message, status: next, settledAt: deps.clock.now().toISOString() };
    await deps.store.commit(messageChange(deps.store, loaded, timedOut, 'message.no_receipt'));
    return { status: next };
  });
}
