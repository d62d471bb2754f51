import type { MessageTasks } from '../../ports/message-tasks';
import { awaitReceipt } from './await-receipt';
import type { MessageDeliveryDeps } from './deps';
import { recordNoReceipt } from './record-no-receipt';
import { resolveUnknownSend } from './resolve-unknown-send';
import { sendMessage } from './send-message';

/**
 * Message delivery's task steps bound to its ports, for a workflow that sends messages in its own
 * state machine (ServiceDelivery): the same steps the MessageDelivery workflow runs, so a message
 * is sent at most once and settled by its receipt whichever workflow drives it.
 */
export function messageTasksOf(deps: MessageDeliveryDeps): MessageTasks {
  return {
    send: (input) => sendMessage(deps, input),
    awaitReceipt: (input) => awaitReceipt(deps, input),
    recordNoReceipt: (input) => recordNoReceipt(deps, input),
    resolveUnknownSend: (input) => resolveUnknownSend(deps, input),
  };
}
