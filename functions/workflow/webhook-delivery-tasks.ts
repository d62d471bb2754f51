import { attemptWebhookDelivery, recordWebhookStall } from '../../shared/use-cases/webhooks/deliver-webhook';
import type { WebhookDeliveryDeps } from '../../shared/use-cases/webhooks/deps';
import * as z from '../../shared/validation/zod-mini';

/**
 * The payloads the WebhookDelivery state machine sends to its task function (see
 * infra/workflows/webhook-delivery-definition.ts), checked at the edge.
 */
export const webhookDeliveryTaskSchema = z.discriminatedUnion('task', [
  z.strictObject({ task: z.literal('attempt'), deliveryId: z.string().check(z.minLength(1)) }),
  z.strictObject({
    task: z.literal('recordStall'),
    deliveryId: z.string().check(z.minLength(1)),
    error: z.string(),
    cause: z.string(),
  }),
]);

/**
 * Validates a task payload and runs its use case; the Lambda handler and the local runner both
 * call this. `nextAttemptAt` is always present (null when there is none): the state machine's
 * result selector names it.
 */
export async function dispatchWebhookDeliveryTask(deps: WebhookDeliveryDeps, payload: unknown): Promise<unknown> {
  const task = z.parseOrThrow(webhookDeliveryTaskSchema, payload);
  switch (task.task) {
    case 'attempt': {
      const step = await attemptWebhookDelivery(deps, task);
      return { status: step.status, nextAttemptAt: step.nextAttemptAt ?? null };
    }
    case 'recordStall':
      return recordWebhookStall(deps, task);
  }
}
