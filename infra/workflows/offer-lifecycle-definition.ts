import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type IChainable, JsonPath, type RetryProps, Succeed, Wait, WaitTime } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { offerTaskErrors } from '../../shared/use-cases/offers/offer-task-errors';
import { transientRetry } from './task-retries';
import { catchIntoStall, endInStall, recordStallPayload, stalledState, taskState } from './task-states';

/** State names: the local runtime binds task handlers by them, and tests refer to them. */
export const offerLifecycleStates = {
  waitForDeadline: 'WaitForDeadline',
  expire: 'ExpireOffer',
  recordStall: 'RecordStall',
  stalled: 'OfferLifecycleStalled',
  done: 'Done',
} as const;

/** The wait ended before the deadline by our clock: try again a little later, for about a minute. */
const notYetDueRetry: RetryProps = {
  errors: [offerTaskErrors.notYetDue],
  interval: Duration.seconds(5),
  backoffRate: 1.5,
  maxAttempts: 6,
};

/**
 * OfferLifecycle: one execution per offer, named by the offer id, input `{ offerId, disputeId,
 * deadline }`.
 *
 * WaitForDeadline (until the absolute `$.deadline`, so a re-run from the top does not wait afresh)
 * → ExpireOffer (a conditional write: an answer that came first wins; idempotent) → Done. What
 * follows an expiry (the next candidate, or an operator) runs from the outbox item the expiry wrote.
 * A task failing after its retries → RecordStall (in the dispute's timeline) → fail the execution,
 * which can be re-run from the top.
 */
export function offerLifecycleDefinition(parent: Construct, taskFunction: IFunction): IChainable {
  // States of its own scope: state names such as RecordStall are shared with other workflows.
  const scope = new Construct(parent, 'OfferLifecycleStates');
  const task = (stateName: string, payload: Record<string, unknown>) =>
    taskState(scope, taskFunction, {
      stateName,
      payload,
      selector: { 'status.$': '$.Payload.status' },
      resultPath: '$.result',
    });

  const offerId = { offerId: JsonPath.stringAt('$.offerId') };
  const recordStall = endInStall(
    task(offerLifecycleStates.recordStall, recordStallPayload(offerId)),
    stalledState(scope, offerLifecycleStates.stalled),
  );

  const expire = task(offerLifecycleStates.expire, { task: 'expire', ...offerId })
    .addRetry(transientRetry)
    .addRetry(notYetDueRetry)
    .addCatch(recordStall, catchIntoStall);

  const wait = new Wait(scope, offerLifecycleStates.waitForDeadline, {
    stateName: offerLifecycleStates.waitForDeadline,
    time: WaitTime.timestampPath('$.deadline'),
  });

  return wait
    .next(expire)
    .next(new Succeed(scope, offerLifecycleStates.done, { stateName: offerLifecycleStates.done }));
}
