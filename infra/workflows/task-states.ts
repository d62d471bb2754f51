import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Fail, IntegrationPattern, JsonPath, TaskInput, Timeout } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';
import { transientRetry } from './task-retries';

/*
 * The states every workflow builds the same way: a task state that invokes the workflow's task
 * function with a payload (the Lambda service's own errors are retried by `transientRetry`, not by
 * the task's built-in retry); a task state that waits for a task token until an absolute
 * deadline; and the way a stalled execution ends: a task failing after its retries is caught into
 * RecordStall, which records the stall and ends in a Fail state carrying the error the catch
 * recorded.
 */

export interface TaskStateProps {
  /** The state's name in the definition; the construct id too unless `constructId` is given. */
  stateName: string;
  constructId?: string;
  payload: Record<string, unknown>;
  resultPath: string;
  selector?: Record<string, string>;
}

/** A task state of `taskFunction`, answered within a minute. */
export function taskState(scope: Construct, taskFunction: IFunction, props: TaskStateProps): LambdaInvoke {
  return new LambdaInvoke(scope, props.constructId ?? props.stateName, {
    stateName: props.stateName,
    lambdaFunction: taskFunction,
    payload: TaskInput.fromObject(props.payload),
    retryOnServiceExceptions: false,
    resultSelector: props.selector,
    resultPath: props.resultPath,
    taskTimeout: Timeout.duration(Duration.seconds(60)),
  });
}

/** The Fail state of a stalled execution, with the error and cause its catch recorded at `$.error`. */
export function stalledState(scope: Construct, stateName: string, constructId = stateName): Fail {
  return new Fail(scope, constructId, { stateName, errorPath: '$.error.Error', causePath: '$.error.Cause' });
}

export interface TokenWaitStateProps {
  stateName: string;
  constructId?: string;
  /** The task's payload; the task token is added to it. */
  payload: Record<string, unknown>;
  /** Where the input holds the seconds left to wait: what is left of an absolute deadline, so a re-run does not wait afresh. */
  timeoutPath: string;
  resultPath: string;
}

/** A task state of `taskFunction` that waits until its task token is completed, or until the timeout at `timeoutPath`. */
export function tokenWaitState(scope: Construct, taskFunction: IFunction, props: TokenWaitStateProps): LambdaInvoke {
  return new LambdaInvoke(scope, props.constructId ?? props.stateName, {
    stateName: props.stateName,
    lambdaFunction: taskFunction,
    integrationPattern: IntegrationPattern.WAIT_FOR_TASK_TOKEN,
    payload: TaskInput.fromObject({ ...props.payload, taskToken: JsonPath.taskToken }),
    retryOnServiceExceptions: false,
    taskTimeout: Timeout.at(props.timeoutPath),
    resultPath: props.resultPath,
  });
}

/** The catch every task carries after its retries: any error, kept at `$.error`, goes to RecordStall. */
export const catchIntoStall = { errors: ['States.ALL'], resultPath: '$.error' };

/** The RecordStall task's payload: the execution's ids and the error its catch kept at `$.error`. */
export function recordStallPayload(ids: Record<string, string>): Record<string, unknown> {
  return {
    task: 'recordStall',
    ...ids,
    error: JsonPath.stringAt('$.error.Error'),
    cause: JsonPath.stringAt('$.error.Cause'),
  };
}

/**
 * Makes `recordStall` end the execution in `stalled`: retried on the Lambda service's failures,
 * and if recording the stall fails too, the execution still fails in `stalled` (that error at
 * `$.stallError`, the task's own still at `$.error`).
 */
export function endInStall(recordStall: LambdaInvoke, stalled: Fail): LambdaInvoke {
  recordStall
    .addRetry(transientRetry)
    .addCatch(stalled, { errors: ['States.ALL'], resultPath: '$.stallError' })
    .next(stalled);
  return recordStall;
}
