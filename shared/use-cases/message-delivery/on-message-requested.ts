import type { OutboxHandler } from '../../ports/outbox';
import type { WorkflowEngine } from '../../ports/workflows';
import * as z from '../../validation/zod-mini';

const payloadSchema = z.object({ messageId: z.string().check(z.minLength(1)) });

/**
 * On `message.requested`, start the message's MessageDelivery workflow. The execution is named by
 * the message id, so a re-delivered outbox item starts nothing a second time (the engine treats an
 * existing name as done).
 */
export function onMessageRequested(deps: { workflows: WorkflowEngine }): OutboxHandler {
  return async (item) => {
    const { messageId } = z.parseOrThrow(payloadSchema, item.payload);
    await deps.workflows.start('MessageDelivery', messageId, { messageId });
  };
}
