import type { ExecutionRef, FailedExecution, WorkflowName } from '../domain/operations/failed-execution';
/** Starts Step Functions executions and completes their waiting tasks. */
export interface WorkflowEngine {
  /**
   * Starts `workflow` with a name unique per business operation: starting the same name again is
   * not an error and starts nothing (so an outbox consumer can be re-delivered safely).
   */
  start(workflow: WorkflowName, executionName: string, input: Record<string, unknown>): Promise<void>;
  sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<void>;
  sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void>;
}

export type { ExecutionRef, FailedExecution, WorkflowName } from '../domain/operations/failed-execution';
export { workflowNames } from '../domain/operations/failed-execution';

/** What a redrive did: `redriven`, or why not (`running`: already running again, so nothing to do). */
export type RedriveOutcome =
  | { outcome: 'redriven' }
  | { outcome: 'running' }
  | { outcome: 'not_redrivable'; reason: string };

/**
 * The operator's side of the workflows (DESIGN.md, Operations): which executions failed, and
 * running them again. In AWS a redrive is Step Functions' `RedriveExecution` (it resumes from the
 * failed state); the local runner, which has no redrive, runs the execution again from the top,
 * which the workflows' idempotent tasks make equivalent.
 */
export interface WorkflowOperations {
  /** Failed, timed-out and aborted executions, newest first, at most `limit` per workflow. */
  listFailed(limit: number): Promise<FailedExecution[]>;
  /** Runs the execution again; asking twice (or for a running one) redrives it once. */
  redrive(execution: ExecutionRef): Promise<RedriveOutcome>;
  /**
   * Runs again the executions the engine lost (recorded open, running nowhere); returns their
   * names. Step Functions loses none (an execution that could not start keeps its outbox item
   * pending, which the reconciler re-delivers), so there it returns [].
   */
  resumeLost(): Promise<string[]>;
}
