import type { RecipientRecord } from './recipient';

export const serviceStepActions = [
  'attempt',
  'await_receipt',
  'await_acknowledgement',
  'await_notice',
  'remind',
  'done',
] as const;
export type ServiceStepAction = (typeof serviceStepActions)[number];

/** What the ServiceDelivery state machine does next; one shape for every task, so one Choice routes them all. */
export interface ServiceStep {
  action: ServiceStepAction;
  attemptNo: number;
  /** For the waits: what is left of the absolute deadline, in whole seconds (at least 1). */
  timeoutSeconds: number;
  status: RecipientRecord['status'];
}

/** Statuses after which a recipient's workflow has nothing left to do but remind. */
export const finalStatuses = new Set<RecipientRecord['status']>(['served', 'unserved', 'served_alternatively']);

/** Nothing left to do: the workflow ends with the recipient in `status`. */
export function serviceDone(status: RecipientRecord['status']): ServiceStep {
  return { action: 'done', attemptNo: 0, timeoutSeconds: 1, status };
}
