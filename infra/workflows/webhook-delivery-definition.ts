import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Choice, Condition, type IChainable, JsonPath, Succeed, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { transientRetry } from './task-retries';
import { catchIntoStall, endInStall, recordStallPayload, stalledState, taskState } from './task-states';

/** State names: the local runtime binds task handlers by them, and tests refer to them. */
export const webhookDeliveryStates = {
  attempt: 'AttemptDelivery',
  retryChoice: 'RetryDue',
  waitForRetry: 'WaitForRetry',
  recordStall: 'RecordStall',
  stalled: 'WebhookDeliveryStalled',
  done: 'Done',
} as const;

/**
 * WebhookDelivery: one execution per court callback, named by the delivery id, input
 * `{ deliveryId }`.
 *
 * AttemptDelivery (one signed POST, recorded with its outcome and the next attempt's absolute
 * time) → a retry is due: WaitForRetry (until `$.attempt.nextAttemptAt`, so a re-run from the top
 * does not wait afresh) → AttemptDelivery again; delivered or failed for good → Done. The schedule
 * (and the 24-hour window) is the task's configuration, so tests shorten it without touching the
 * Wait. A task failing after its retries → RecordStall → fail the execution, which can be re-run.
 */
export function webhookDeliveryDefinition(parent: Construct, taskFunction: IFunction): IChainable {
  // States of its own scope: state names such as RecordStall are shared with other workflows.
  const scope = new Construct(parent, 'WebhookDeliveryStates');
  // An attempt waits at most 15 s for the court's answer, well inside a task's minute.
  const task = (
    stateName: string,
    payload: Record<string, unknown>,
    props: { resultPath: string; selector: Record<string, string> },
  ) => taskState(scope, taskFunction, { stateName, payload, ...props });

  const deliveryId = { deliveryId: JsonPath.stringAt('$.deliveryId') };
  const recordStall = endInStall(
    task(webhookDeliveryStates.recordStall, recordStallPayload(deliveryId), {
      resultPath: '$.result',
      selector: { 'status.$': '$.Payload.status' },
    }),
    stalledState(scope, webhookDeliveryStates.stalled),
  );

  const attempt = task(
    webhookDeliveryStates.attempt,
    { task: 'attempt', ...deliveryId },
    {
      resultPath: '$.attempt',
      selector: { 'status.$': '$.Payload.status', 'nextAttemptAt.$': '$.Payload.nextAttemptAt' },
    },
  )
    .addRetry(transientRetry)
    .addCatch(recordStall, catchIntoStall);

  const wait = new Wait(scope, webhookDeliveryStates.waitForRetry, {
    stateName: webhookDeliveryStates.waitForRetry,
    time: WaitTime.timestampPath('$.attempt.nextAttemptAt'),
  });
  wait.next(attempt);

  return attempt.next(
    new Choice(scope, webhookDeliveryStates.retryChoice, { stateName: webhookDeliveryStates.retryChoice })
      .when(Condition.stringEquals('$.attempt.status', 'retry'), wait)
      .otherwise(new Succeed(scope, webhookDeliveryStates.done, { stateName: webhookDeliveryStates.done })),
  );
}
