import { neverLeft, neverLeftEvidence } from '../../domain/message-delivery';
import { type MessageRecord, withoutSecrets } from '../../domain/messages/message-record';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { UnknownSendResolution } from '../../ports/message-tasks';
import type { MessageDeliveryDeps } from './deps';
import { messageChange } from './message-change';
import { reconcileUnknownSend } from './reconcile-unknown-send';

/**
 * An `unknown` send once its receipt deadline has passed: what the provider's records say of it
 * (`reconcileUnknownSend`), then one of three ends.
 * - A receipt settled it meanwhile (or, for an SMS, the single record in its window did): done.
 * - The provider has no record of it (`neverLeft`) and `maxResends` leaves room: back to `pending`
 *   with its text and secrets as they were, so the workflow sends it again (a new claim, a new send
 *   window). A repeat of this step finds it `pending` and says the same.
 * - Otherwise (it left, or may have; no resend left; or the caller resends in its own way, as
 *   service delivery does with a new attempt): it stays `unknown` for good, its secrets masked.
 */
export async function resolveUnknownSend(
  deps: Pick<MessageDeliveryDeps, 'store' | 'clock' | 'smsLogs' | 'emailAcceptances'>,
  input: { messageId: string; maxResends: number },
): Promise<UnknownSendResolution> {
  const reconciled = await reconcileUnknownSend(deps, input);
  if (reconciled.status !== 'unknown') return { ...reconciled, resend: reconciled.status === 'pending' };
  return retryOnConflict(async () => {
    const loaded = await deps.store.messages.message(input.messageId);
    const { message } = loaded;
    const records = reconciled.logsInWindow;
    if (message.status !== 'unknown') {
      return { status: message.status, logsInWindow: records, resend: message.status === 'pending' };
    }
    const resends = message.resends ?? 0;
    if (neverLeft(records) && resends < input.maxResends) {
      await deps.store.commit(
        messageChange(deps.store, loaded, queuedAgain(message), 'message.resend_queued', {
          data: { reason: 'never_sent', evidence: neverLeftEvidence(message.content.channel), resend: resends + 1 },
        }),
      );
      return { status: 'pending', logsInWindow: records, resend: true };
    }
    if (message.secrets?.length) {
      await deps.store.commit(
        messageChange(deps.store, loaded, withoutSecrets(message), 'message.send_closed', {
          data: { providerRecords: records ?? null, resends },
        }),
      );
    }
    return { status: 'unknown', logsInWindow: records, resend: false };
  });
}

/** The message as before its claim, one resend counted: the send window starts again with the next claim. */
function queuedAgain(message: MessageRecord): MessageRecord {
  return {
    ...message,
    status: 'pending',
    resends: (message.resends ?? 0) + 1,
    claimedAt: undefined,
    unknownAt: undefined,
    receiptDeadline: undefined,
  };
}
