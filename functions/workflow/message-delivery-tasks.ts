import * as z from 'zod';
import { deliveryOutcomes } from '../../shared/domain/message-delivery';
import { awaitReceipt } from '../../shared/use-cases/message-delivery/await-receipt';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import { recordOutcome } from '../../shared/use-cases/message-delivery/record-outcome';
import { recordStall } from '../../shared/use-cases/message-delivery/record-stall';
import { sendMessage } from '../../shared/use-cases/message-delivery/send-message';

/**
 * The payloads the MessageDelivery state machine sends to its task function, one per `task`. The
 * definition (infra/workflows/message-delivery-definition.ts) builds them; this schema is the check
 * at the edge, so a definition that drifts fails loudly instead of doing the wrong thing.
 */
export const messageDeliveryTaskSchema = z.discriminatedUnion('task', [
  z.object({ task: z.literal('send'), messageId: z.string().min(1) }).strict(),
  z.object({ task: z.literal('awaitReceipt'), messageId: z.string().min(1), taskToken: z.string().min(1) }).strict(),
  z
    .object({ task: z.literal('recordOutcome'), messageId: z.string().min(1), outcome: z.enum(deliveryOutcomes) })
    .strict(),
  z
    .object({ task: z.literal('recordStall'), messageId: z.string().min(1), error: z.string(), cause: z.string() })
    .strict(),
]);
export type MessageDeliveryTask = z.infer<typeof messageDeliveryTaskSchema>;
export type MessageDeliveryTaskName = MessageDeliveryTask['task'];

/**
 * Validates a task payload and runs its use case. The Lambda handler and the local workflow runner
 * both call exactly this, each with its own deps.
 */
export async function dispatchMessageDeliveryTask(deps: MessageDeliveryDeps, payload: unknown): Promise<unknown> {
  const task = messageDeliveryTaskSchema.parse(payload);
  switch (task.task) {
    case 'send':
      return sendMessage(deps, task);
    case 'awaitReceipt':
      return awaitReceipt(deps, task);
    case 'recordOutcome':
      return recordOutcome(deps, task);
    case 'recordStall':
      return recordStall(deps, task);
  }
}
