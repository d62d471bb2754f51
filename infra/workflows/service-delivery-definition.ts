import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  type IChainable,
  JsonPath,
  type RetryProps,
  Succeed,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { sendRetry, transientRetry } from './task-retries';
import { catchIntoStall, endInStall, recordStallPayload, stalledState, taskState, tokenWaitState } from './task-states';

/** State names: the local runtime binds task handlers by them, and tests refer to them. */
export const serviceDeliveryStates = {
  plan: 'PlanAddresses',
  route: 'NextStep',
  attempt: 'AttemptAddress',
  awaitReceipt: 'AwaitReceipt',
  recordNoReceipt: 'RecordNoReceipt',
  awaitAcknowledgement: 'AwaitAcknowledgement',
  decide: 'Decide',
  awaitNotice: 'AwaitNotice',
  remind: 'RemindRecipient',
  recordStall: 'RecordStall',
  stalled: 'ServiceStalled',
  done: 'Done',
} as const;

/** A lost race on the recipient (a receipt and a signature at once) is settled by running again. */
const conflictRetry: RetryProps = {
  errors: ['ConcurrentModification'],
  interval: Duration.seconds(1),
  backoffRate: 2,
  maxAttempts: 5,
};

/**
 * ServiceDelivery: serve one document on one recipient.
 *
 * PlanAddresses (rank; no consent or no usable address → unserved at once) → NextStep routes on
 * the step every task returns: AttemptAddress (compose, record, send once) → AwaitReceipt
 * (waitForTaskToken on the message; timeout = what is left of the receipt deadline; timed out →
 * RecordNoReceipt) → Decide (served by the completion rules; or AwaitAcknowledgement until the
 * channel's signature deadline; or the next address; or unserved) → NextStep … → Done.
 * Served at a designated address and not yet opened: AwaitNotice (a Wait until the reminder is
 * due) → Decide → RemindRecipient (once, through another address) → NextStep → Done.
 * Any task failing after its retries → RecordStall (kept on the recipient) → fail the execution.
 *
 * Every task decides from the recipient and message records, so a re-run from the top lands
 * where the execution was, without a second send.
 */
export function serviceDeliveryDefinition(scope: Construct, taskFunction: IFunction): IChainable {
  const ids = { serviceId: JsonPath.stringAt('$.serviceId'), recipientId: JsonPath.stringAt('$.recipientId') };
  const stepSelector = {
    'action.$': '$.Payload.action',
    'attemptNo.$': '$.Payload.attemptNo',
    'timeoutSeconds.$': '$.Payload.timeoutSeconds',
    'status.$': '$.Payload.status',
  };
  const task = (
    stateName: string,
    payload: Record<string, unknown>,
    resultPath: string,
    selector?: Record<string, string>,
  ) =>
    taskState(scope, taskFunction, {
      stateName,
      constructId: `Service${stateName}`,
      payload,
      resultPath,
      ...(selector ? { selector } : {}),
    });
  const wait = (stateName: string, payload: Record<string, unknown>) =>
    tokenWaitState(scope, taskFunction, {
      stateName,
      constructId: `Service${stateName}`,
      payload,
      // What is left of the absolute deadline the last task computed.
      timeoutPath: '$.step.timeoutSeconds',
      resultPath: '$.wake',
    });

  const recordStall = endInStall(
    task(serviceDeliveryStates.recordStall, recordStallPayload(ids), JsonPath.DISCARD),
    stalledState(scope, serviceDeliveryStates.stalled, 'ServiceStalledState'),
  );
  const attemptNo = JsonPath.numberAt('$.step.attemptNo');

  const done = new Succeed(scope, 'ServiceDone', { stateName: serviceDeliveryStates.done });
  const plan = task(serviceDeliveryStates.plan, { task: 'plan', ...ids }, '$.step', stepSelector)
    .addRetry(transientRetry)
    .addRetry(conflictRetry)
    .addCatch(recordStall, catchIntoStall);
  const attempt = task(serviceDeliveryStates.attempt, { task: 'attempt', ...ids, attemptNo }, '$.step', stepSelector)
    .addRetry(transientRetry)
    .addRetry(conflictRetry)
    .addRetry(sendRetry)
    .addCatch(recordStall, catchIntoStall);
  const decide = task(serviceDeliveryStates.decide, { task: 'decide', ...ids }, '$.step', stepSelector)
    .addRetry(transientRetry)
    .addRetry(conflictRetry)
    .addCatch(recordStall, catchIntoStall);
  const recordNoReceipt = task(
    serviceDeliveryStates.recordNoReceipt,
    { task: 'recordNoReceipt', ...ids, attemptNo },
    '$.step',
    stepSelector,
  )
    .addRetry(transientRetry)
    .addRetry(conflictRetry)
    .addCatch(recordStall, catchIntoStall);
  const awaitReceipt = wait(serviceDeliveryStates.awaitReceipt, { task: 'awaitReceipt', ...ids, attemptNo })
    .addRetry(transientRetry)
    .addRetry(conflictRetry)
    .addCatch(recordNoReceipt, { errors: ['States.Timeout'], resultPath: '$.timeout' })
    .addCatch(recordStall, catchIntoStall);
  const awaitAcknowledgement = wait(serviceDeliveryStates.awaitAcknowledgement, {
    task: 'awaitAcknowledgement',
    ...ids,
    attemptNo,
  })
    .addRetry(transientRetry)
    .addRetry(conflictRetry)
    .addCatch(decide, { errors: ['States.Timeout'], resultPath: '$.timeout' })
    .addCatch(recordStall, catchIntoStall);

  // Notice after legal service: wait (an absolute deadline's remainder) until the reminder is due.
  const awaitNotice = new Wait(scope, 'ServiceAwaitNotice', {
    stateName: serviceDeliveryStates.awaitNotice,
    time: WaitTime.secondsPath('$.step.timeoutSeconds'),
  });
  const remind = task(serviceDeliveryStates.remind, { task: 'remind', ...ids }, '$.step', stepSelector)
    .addRetry(transientRetry)
    .addRetry(conflictRetry)
    .addRetry(sendRetry)
    .addCatch(recordStall, catchIntoStall);

  const route = new Choice(scope, 'ServiceNextStep', { stateName: serviceDeliveryStates.route })
    .when(Condition.stringEquals('$.step.action', 'attempt'), attempt)
    .when(Condition.stringEquals('$.step.action', 'await_receipt'), awaitReceipt)
    .when(Condition.stringEquals('$.step.action', 'await_acknowledgement'), awaitAcknowledgement)
    .when(Condition.stringEquals('$.step.action', 'await_notice'), awaitNotice)
    .when(Condition.stringEquals('$.step.action', 'remind'), remind)
    .otherwise(done);
  attempt.next(route);
  awaitReceipt.next(decide);
  awaitAcknowledgement.next(decide);
  recordNoReceipt.next(route);
  awaitNotice.next(decide);
  remind.next(route);
  decide.next(route);
  return plan.next(route);
}
