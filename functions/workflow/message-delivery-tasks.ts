import { maxResendsPerMessage } from '../../shared/domain/message-delivery';
import { awaitReceipt } from '../../shared/use-cases/message-delivery/await-receipt';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import { recordNoReceipt } from '../../shared/use-cases/message-delivery/record-no-receipt';
import { recordStall } from '../../shared/use-cases/message-delivery/record-stall';
import { resolveUnknownSend } from '../../shared/use-cases/message-delivery/resolve-unknown-send';
import { sendMessage } from '../../shared/use-cases/message-delivery/send-message';
import * as z from '../../shared/validation/zod-mini';

const nonEmpty = () => z.string().check(z.minLength(1));

/**
 * The payloads the MessageDelivery state machine sends to its task function, one per `task`. The
 * definition (infra/workflows/message-delivery-definition.ts) builds them; this schema is the check
 * at the edge, so a definition that drifts fails loudly instead of doing the wrong thing.
 */
export const messageDeliveryTaskSchema = z.discriminatedUnion('task', [
  z.strictObject({ task: z.literal('send'), messageId: nonEmpty() }),
  z.strictObject({ task: z.literal('awaitReceipt'), messageId: nonEmpty(), taskToken: nonEmpty() }),
  z.strictObject({ task: z.literal('recordNoReceipt'), messageId: nonEmpty() }),
  z.strictObject({ task: z.literal('resolveUnknown'), messageId: nonEmpty() }),
  z.strictObject({ task: z.literal('recordStall'), messageId: nonEmpty(), error: z.string(), cause: z.string() }),
]);
export type MessageDeliveryTask = z.infer<typeof messageDeliveryTaskSchema>;
export type MessageDeliveryTaskName = MessageDeliveryTask['task'];

/**
 * Validates a task payload and runs its use case. The Lambda handler and the local workflow runner
 * both call exactly this, each with its own deps.
 */
export async function dispatchMessageDeliveryTask(deps: MessageDeliveryDeps, payload: unknown): Promise<unknown> {
  const task = z.parseOrThrow(messageDeliveryTaskSchema, payload);
  switch (task.task) {
    case 'send':
      return sendMessage(deps, task);
    case 'awaitReceipt':
      return awaitReceipt(deps, task);
    case 'recordNoReceipt':
      return recordNoReceipt(deps, task);
    case 'resolveUnknown':
      return resolveUnknownSend(deps, { messageId: task.messageId, maxResends: maxResendsPerMessage });
    case 'recordStall':
      return recordStall(deps, task);
  }
}
