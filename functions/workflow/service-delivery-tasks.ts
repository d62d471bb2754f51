import type { ServiceDeliveryDeps } from '../../shared/use-cases/service/deps';
import {
  attemptService,
  awaitServiceAcknowledgement,
  awaitServiceReceipt,
  decideNext,
  planService,
  recordServiceNoReceipt,
  recordServiceStall,
  remindRecipient,
} from '../../shared/use-cases/service/service-delivery';
import * as z from '../../shared/validation/zod-mini';

const nonEmpty = () => z.string().check(z.minLength(1));
const ref = { serviceId: nonEmpty(), recipientId: nonEmpty() };
const attemptNo = z.int().check(z.positive());

/**
 * The payloads the ServiceDelivery state machine sends to its task function, one per `task`. The
 * definition (infra/workflows/service-delivery-definition.ts) builds them; this schema is the check
 * at the edge, so a definition that drifts fails loudly instead of doing the wrong thing.
 */
export const serviceDeliveryTaskSchema = z.discriminatedUnion('task', [
  z.strictObject({ task: z.literal('plan'), ...ref }),
  z.strictObject({ task: z.literal('attempt'), ...ref, attemptNo }),
  z.strictObject({ task: z.literal('awaitReceipt'), ...ref, attemptNo, taskToken: nonEmpty() }),
  z.strictObject({ task: z.literal('recordNoReceipt'), ...ref, attemptNo }),
  z.strictObject({ task: z.literal('awaitAcknowledgement'), ...ref, attemptNo, taskToken: nonEmpty() }),
  z.strictObject({ task: z.literal('decide'), ...ref }),
  z.strictObject({ task: z.literal('remind'), ...ref }),
  z.strictObject({ task: z.literal('recordStall'), ...ref, error: z.string(), cause: z.string() }),
]);
export type ServiceDeliveryTask = z.infer<typeof serviceDeliveryTaskSchema>;

/**
 * Validates a task payload and runs its use case. The Lambda handler and the local workflow runner
 * both call exactly this, each with its own deps.
 */
export async function dispatchServiceDeliveryTask(deps: ServiceDeliveryDeps, payload: unknown): Promise<unknown> {
  const task = z.parseOrThrow(serviceDeliveryTaskSchema, payload);
  switch (task.task) {
    case 'plan':
      return planService(deps, task);
    case 'attempt':
      return attemptService(deps, task);
    case 'awaitReceipt':
      return awaitServiceReceipt(deps, task);
    case 'recordNoReceipt':
      return recordServiceNoReceipt(deps, task);
    case 'awaitAcknowledgement':
      return awaitServiceAcknowledgement(deps, task);
    case 'decide':
      return decideNext(deps, task);
    case 'remind':
      return remindRecipient(deps, task);
    case 'recordStall':
      return recordServiceStall(deps, task);
  }
}
