import { NotFound } from '../../domain/errors';
import { canStall, type MessageStatus, sendDecision } from '../../domain/message-delivery';
import { type MessageRecord, maskSecrets, withoutSecrets } from '../../domain/messages/message-record';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { LoadedMessage } from '../../ports/messages';
import type { MessageDeliveryDeps } from './deps';
import { messageChange } from './message-change';

/** Causes are kept short: they are for an operator's eye, and the item has a size limit. */
const maxCauseLength = 1000;

/**
 * Record that the workflow could not go on (retries exhausted, an unexpected error): the message
 * becomes `stalled`, remembering the status it stalled in and the error, so an operator sees it and
 * a re-run resumes from that status. A settled message keeps its status: the failure came after its
 * outcome was known. A missing message has nothing to record.
 *
 * A stall keeps the message's codes and link tokens while a re-run may still send it: before the
 * claim it sends; after the claim it records `unknown`, and a send the provider has no record of
 * is sent again (`resolveUnknownSend`). A stall after acceptance masks them (`sent` already has).
 * The recorded error never holds them.
 */
export async function recordStall(
  deps: MessageDeliveryDeps,
  input: { messageId: string; error: string; cause: string },
): Promise<{ status: MessageStatus | 'missing' }> {
  return retryOnConflict(async () => {
    let loaded: LoadedMessage;
    try {
      loaded = await deps.store.messages.message(input.messageId);
    } catch (error) {
      if (error instanceof NotFound) return { status: 'missing' as const };
      throw error;
    }
    const { message } = loaded;
    if (!canStall(message.status)) return { status: message.status };
    const stall = {
      error: input.error,
      cause: maskSecrets(message, input.cause).slice(0, maxCauseLength),
      at: deps.clock.now().toISOString(),
    };
    const stalled: MessageRecord = { ...message, status: 'stalled', stalledFrom: message.status, stall };
    // A re-run claims and sends (`claim`), or records `unknown`, which is sent again if it never left.
    const mayStillBeSent = sendDecision(stalled.status, stalled.stalledFrom) !== 'await_receipt';
    await deps.store.commit(
      messageChange(deps.store, loaded, mayStillBeSent ? stalled : withoutSecrets(stalled), 'message.stalled', {
        data: { error: input.error },
      }),
    );
    return { status: 'stalled' as const };
  });
}
