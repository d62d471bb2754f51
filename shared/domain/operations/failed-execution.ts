/**
 * The platform's workflows and their failed executions as operators see them (DESIGN.md,
 * "Operations"): the reconciler records what the engine reports, so the operations routes read only
 * the table, as every HTTP route does. Each record is the root of its own chain, so its history
 * (failed, redrive asked by whom, redriven) is evidence.
 */
export const workflowNames = ['MessageDelivery', 'OfferLifecycle', 'ServiceDelivery', 'WebhookDelivery'] as const;
export type WorkflowName = (typeof workflowNames)[number];

/** One execution, by its workflow and its (business-unique) name; `arn` where the engine has one. */
export interface ExecutionRef {
  workflow: WorkflowName;
  name: string;
  arn?: string;
}

/** An execution that ended without succeeding: what an operator needs to decide on a redrive. */
export interface FailedExecution extends ExecutionRef {
  status: 'failed' | 'timed_out' | 'aborted';
  stoppedAt: string;
  error?: string;
  cause?: string;
}

export const failedExecutionStatuses = ['failed', 'redrive_requested', 'redriven', 'not_redrivable'] as const;
export type FailedExecutionStatus = (typeof failedExecutionStatuses)[number];

export interface FailedExecutionRecord extends FailedExecution {
  /** `<workflow>:<name>`: the id operators use in the routes. */
  id: string;
  state: FailedExecutionStatus;
  /** Redrives done so far (operators' and the reconciler's). */
  redrives: number;
  /** The reconciler's own redrives, bounded so an execution that fails every time is left to people. */
  automaticRedrives: number;
  /** Why the engine refused a redrive (`not_redrivable`). */
  refusal?: string;
  recordedAt: string;
}

/** A record stays on the operators' list while someone still has to act on it. */
export function isWaitingForSomeone(record: Pick<FailedExecutionRecord, 'state'>): boolean {
  return record.state === 'failed' || record.state === 'not_redrivable';
}

export function failedExecutionId(execution: Pick<ExecutionRef, 'workflow' | 'name'>): string {
  return `${execution.workflow}:${execution.name}`;
}

export function failedExecutionChainId(id: string): string {
  return `FAILED_EXECUTION#${id}`;
}

/** The execution an id names, or undefined for an id that cannot be one. */
export function executionOfId(id: string): Pick<ExecutionRef, 'workflow' | 'name'> | undefined {
  const separator = id.indexOf(':');
  if (separator < 0) return undefined;
  const workflow = id.slice(0, separator);
  const name = id.slice(separator + 1);
  if (!(workflowNames as readonly string[]).includes(workflow) || name.length === 0) return undefined;
  return { workflow: workflow as WorkflowName, name };
}
