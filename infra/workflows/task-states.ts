import { Duration } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Fail, TaskInput, Timeout } from 'aws-cdk-lib/aws-stepfunctions';
import { LambdaInvoke } from 'aws-cdk-lib/aws-stepfunctions-tasks';
import type { Construct } from 'constructs';

/*
 * The states every workflow builds the same way: a task state that invokes the workflow's task
 * function with a payload (the Lambda service's own errors are retried by `transientRetry`, not by
 * the task's built-in retry), and the Fail state a stalled execution ends in, carrying the error
 * the catch recorded.
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
