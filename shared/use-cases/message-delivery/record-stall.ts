import { NotFound } from '../../domain/errors';
import { canStall, type MessageStatus } from '../../domain/message-delivery';
import type { MessageDeliveryDeps } from './deps';
import { loadMessage, messageChange } from './message-records';
import { retryOnConflict } from './retry-on-conflict';

/** Causes are kept short: they are for an operator's eye, and the item has a size limit. */
const maxCauseLength = 1000;

/**
 * Record that the workflow could not go on (retries exhausted, an unexpected error): the message
 * becomes `stalled`, remembering the status it stalled in and the error, so an operator sees it and
 * a re-run resumes from that status. A settled message keeps its status: the failure came after its
 * outcome was known. A missing message has nothing to record.
 */
export async function recordStall(
  deps: MessageDeliveryDeps,
  input: { messageId: string; error: string; cause: string },
): Promise<{ status: MessageStatus | 'missing' }> {
  return retryOnConflict(async () => {
    let loaded: Awaited<ReturnType<typeof loadMessage>>;
    try {
      loaded = await loadMessage(deps.store, input.messageId);
    } catch (error) {
      if (error instanceof NotFound) return { status: 'missing' as const };
      throw error;
    }
    const { message } = loaded;
    if (!canStall(message.status)) return { status: message.status };
    const stall = {
      error: input.error,
      cause: input.cause.slice(0, maxCauseLength),
      at: deps.clock.now().toISOString(),
    };
    const stalled = { ...message, status: 'stalled' as const, stalledFrom: message.status, stall };
    await deps.store.commit(messageChange(loaded, stalled, 'message.stalled', { data: { error: input.error } }));
    return { status: 'stalled' as const };
  });
}
