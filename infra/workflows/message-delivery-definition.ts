import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import {
  Choice,
  Condition,
  type IChainable,
  JsonPath,
  Pass,
  Succeed,
  Wait,
  WaitTime,
} from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import { sendRetry, transientRetry } from './task-retries';
import { catchIntoStall, endInStall, recordStallPayload, stalledState, taskState, tokenWaitState } from './task-states';

/** State names: the local runtime binds task handlers by them, and tests refer to them. */
export const messageDeliveryStates = {
  send: 'SendMessage',
  sentChoice: 'WasAccepted',
  awaitReceipt: 'AwaitReceipt',
  awaitUnknownDeadline: 'AwaitUnknownSendDeadline',
  resolveUnknown: 'ResolveUnknownSend',
  resendChoice: 'SendAgain',
  receiptOutcome: 'ReceiptOutcome',
  recordNoReceipt: 'RecordNoReceipt',
  recordStall: 'RecordStall',
  stalled: 'DeliveryStalled',
  done: 'Done',
} as const;

/**
 * MessageDelivery: deliver one message and learn how the delivery ended.
 *
 * SendMessage (claims and sends at most once; reports what is left of the absolute receipt
 * deadline) → AwaitReceipt (waitForTaskToken, timeout from the send's result: the token waits on the
 * message until a receipt completes it) → ReceiptOutcome; a timed-out wait → RecordNoReceipt. An
 * `unknown` send waits until its receipt deadline (AwaitUnknownSendDeadline), then
 * ResolveUnknownSend asks the provider's records: one that never left is queued again and SendAgain
 * loops to SendMessage (at most `maxResendsPerMessage` times); any other ends. A message that needs
 * no wait (settled, refused) ends at once. Any task failing after its retries → RecordStall (a
 * recoverable status on the message) → fail the execution.
 *
 * Every task is idempotent against the message's status, so the machine can be re-run from the top.
 */
export function messageDeliveryDefinition(scope: Construct, taskFunction: IFunction): IChainable {
  const task = (
    stateName: string,
    payload: Record<string, unknown>,
    props: { resultPath: string; selector?: Record<string, string> },
  ) => taskState(scope, taskFunction, { stateName, payload, ...props });

  const messageId = { messageId: JsonPath.stringAt('$.messageId') };
  const recordStall = endInStall(
    task(messageDeliveryStates.recordStall, recordStallPayload(messageId), { resultPath: JsonPath.DISCARD }),
    stalledState(scope, messageDeliveryStates.stalled),
  );

  const done = new Succeed(scope, messageDeliveryStates.done, { stateName: messageDeliveryStates.done });

  const send = task(
    messageDeliveryStates.send,
    { task: 'send', ...messageId },
    {
      resultPath: '$.send',
      selector: {
        'status.$': '$.Payload.status',
        'awaitReceipt.$': '$.Payload.awaitReceipt',
        'receiptTimeoutSeconds.$': '$.Payload.receiptTimeoutSeconds',
      },
    },
  )
    .addRetry(transientRetry)
    .addRetry(sendRetry)
    .addCatch(recordStall, catchIntoStall);

  // The receipt's consumer recorded the outcome on the message before it completed the wait (or the
  // wait found it recorded): the outcome is the message's status, with no task to read it back.
  const receiptOutcome = new Pass(scope, messageDeliveryStates.receiptOutcome, {
    stateName: messageDeliveryStates.receiptOutcome,
    parameters: { 'status.$': '$.receipt.outcome' },
    resultPath: '$.result',
  });
  const recordNoReceipt = task(
    messageDeliveryStates.recordNoReceipt,
    { task: 'recordNoReceipt', ...messageId },
    { resultPath: '$.result', selector: { 'status.$': '$.Payload.status' } },
  )
    .addRetry(transientRetry)
    .addCatch(recordStall, catchIntoStall);

  const awaitReceipt = tokenWaitState(scope, taskFunction, {
    stateName: messageDeliveryStates.awaitReceipt,
    payload: { task: 'awaitReceipt', ...messageId },
    // What is left of the absolute deadline the send recorded.
    timeoutPath: '$.send.receiptTimeoutSeconds',
    resultPath: '$.receipt',
  })
    .addRetry(transientRetry)
    .addCatch(recordNoReceipt, { errors: ['States.Timeout'], resultPath: '$.timeout' })
    .addCatch(recordStall, catchIntoStall);

  const resolveUnknown = task(
    messageDeliveryStates.resolveUnknown,
    { task: 'resolveUnknown', ...messageId },
    { resultPath: '$.resolved', selector: { 'resend.$': '$.Payload.resend' } },
  )
    .addRetry(transientRetry)
    .addCatch(recordStall, catchIntoStall);
  const awaitUnknownDeadline = new Wait(scope, messageDeliveryStates.awaitUnknownDeadline, {
    stateName: messageDeliveryStates.awaitUnknownDeadline,
    // What is left of the unknown send's receipt deadline: a receipt may still settle it until then.
    time: WaitTime.secondsPath('$.send.receiptTimeoutSeconds'),
  });

  receiptOutcome.next(done);
  recordNoReceipt.next(done);
  awaitReceipt.next(receiptOutcome);
  awaitUnknownDeadline
    .next(resolveUnknown)
    .next(
      new Choice(scope, messageDeliveryStates.resendChoice, { stateName: messageDeliveryStates.resendChoice })
        .when(Condition.booleanEquals('$.resolved.resend', true), send)
        .otherwise(done),
    );

  return send.next(
    new Choice(scope, messageDeliveryStates.sentChoice, { stateName: messageDeliveryStates.sentChoice })
      .when(Condition.booleanEquals('$.send.awaitReceipt', true), awaitReceipt)
      .when(Condition.stringEquals('$.send.status', 'unknown'), awaitUnknownDeadline)
      .otherwise(done),
  );
}
