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
 * A stall from which a re-run would not send (the send was claimed, or accepted) masks the message's
 * codes and link tokens in its stored text, as `sent`, `failed` and `unknown` do: otherwise they
 * would stay in the table for as long as the stall does. A stall before the claim keeps them, since
 * a re-run sends the message. The recorded error never holds them.
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
    const mayStillBeSent = sendDecision(stalled.status, stalled.stalledFrom) === 'claim';
    await deps.store.commit(
      messageChange(deps.store, loaded, mayStillBeSent ? stalled : withoutSecrets(stalled), 'message.stalled', {
        data: { error: input.error },
      }),
    );
    return { status: 'stalled' as const };
  });
}
