import { withoutSecrets } from '../../domain/messages/message-record';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { SendReconciliation } from '../../ports/message-tasks';
import type { LoadedMessage } from '../../ports/messages';
import type { MessageDeliveryDeps } from './deps';
import { messageChange } from './message-change';

/**
 * A send that is `unknown` (the process stopped, or the provider did not answer, after the send was
 * claimed): what the provider's own records say about it.
 *
 * - An email: SES's `Send` event names the platform's message id (its tag), so it is looked up
 *   directly. Found: SES has the message, and its receipt (matched by the same tag) settles it.
 *   Not found: `logsInWindow` 0, evidence that SES never took it. Its status is left as it is.
 * - An SMS: see `reconcileUnknownSms`.
 */
export async function reconcileUnknownSend(
  deps: Pick<MessageDeliveryDeps, 'store' | 'clock' | 'smsLogs' | 'emailAcceptances'>,
  input: { messageId: string },
): Promise<SendReconciliation> {
  // A conflict is an SMS settled meanwhile by another path: read again and decide again.
  return retryOnConflict(async () => {
    const loaded = await deps.store.messages.message(input.messageId);
    const { message } = loaded;
    if (message.status !== 'unknown') return { status: message.status };
    if (message.content.channel === 'sms') return reconcileUnknownSms(deps, loaded);
    if (!deps.emailAcceptances) return { status: message.status };
    const acceptance = await deps.emailAcceptances.find(message.messageId);
    return { status: message.status, logsInWindow: acceptance ? 1 : 0 };
  });
}

/**
 * An SMS whose send is `unknown` (the process stopped, or SNS did not answer, after the send was
 * claimed) has no SNS id to match its receipt by, and SNS's delivery-status records carry only
 * SNS's id, the destination and timings: nothing of ours. So it is settled by its receipt only
 * when exactly one record for its destination lies inside its send window (from the claim to the
 * receipt deadline), and that record belongs to no other message: then that record is its receipt,
 * and its SNS id and look-up item are recorded with the outcome. None, or two and more (another
 * message to the same number at the same time), prove nothing: it stays `unknown`, and the caller
 * moves on at the receipt deadline. Anything but an unknown SMS is left as it is.
 */
async function reconcileUnknownSms(
  deps: Pick<MessageDeliveryDeps, 'store' | 'clock' | 'smsLogs'>,
  loaded: LoadedMessage,
): Promise<SendReconciliation> {
  const { message } = loaded;
  if (message.content.channel !== 'sms' || !deps.smsLogs) return { status: message.status };
  if (!message.claimedAt || !message.receiptDeadline) return { status: message.status };
  const logs = await deps.smsLogs.between(message.content.to, message.claimedAt, message.receiptDeadline);
  const [log] = logs;
  if (logs.length !== 1 || !log) return { status: message.status, logsInWindow: logs.length };
  const claimedElsewhere = await deps.store.messages.messageIdByProvider('sms', log.providerMessageId);
  if (claimedElsewhere) return { status: message.status, logsInWindow: logs.length };
  // Settled: it will never be sent again, so its secrets go.
  const settled = {
    ...withoutSecrets(message),
    status: log.status,
    providerMessageId: log.providerMessageId,
    settledAt: log.at,
    failureReason: log.status === 'failed' ? log.reason : undefined,
  };
  const change = messageChange(deps.store, loaded, settled, `message.${log.status}`, {
    data: {
      at: log.at,
      providerMessageId: log.providerMessageId,
      matchedBy: 'single_delivery_log_in_send_window',
      sendWindow: { from: message.claimedAt, to: message.receiptDeadline },
    },
    writes: [deps.store.messages.providerLookupWrite('sms', log.providerMessageId, message.messageId)],
  });
  await deps.store.commit(message.onSettled ? { ...change, outbox: [message.onSettled] } : change);
  return { status: log.status, logsInWindow: 1 };
}
