import type { Principal } from '../../domain/principal';
import type { ExecutionRef, FailedExecution, WorkflowName } from '../../ports/workflows';
import { workflowNames } from '../../ports/workflows';

/**
 * A failed execution as operators see it: recorded in the table by the reconciler (which reads the
 * engine), so the operations routes read only the table, as every HTTP route does. Each record is
 * the root of its own chain, so its history (failed, redrive asked by whom, redriven) is evidence.
 */
export type FailedExecutionStatus = 'failed' | 'redrive_requested' | 'redriven' | 'not_redrivable';

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

export const reconcilerActor: Principal = { role: 'operator', subjectId: 'platform:reconciler' };

export const executionRedriveRequestedType = 'execution.redrive_requested';

export const failedExecutionRecords = {
  chainId: (id: string) => `FAILED_EXECUTION#${id}`,
  key: (id: string) => ({ pk: `FAILED_EXECUTION#${id}`, sk: 'ROOT' }),
  /** Only records still waiting for someone are listed. */
  openIndex: 'OPERATIONS#failed-executions',
  openIndexSort: (record: Pick<FailedExecutionRecord, 'stoppedAt' | 'id'>) => `${record.stoppedAt}#${record.id}`,
};

export function failedExecutionId(execution: Pick<ExecutionRef, 'workflow' | 'name'>): string {
  return `${execution.workflow}:${execution.name}`;
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

export function toFailedExecutionRecord(attributes: Record<string, unknown>): FailedExecutionRecord {
  const record: FailedExecutionRecord = {
    id: String(attributes.id),
    workflow: attributes.workflow as WorkflowName,
    name: String(attributes.name),
    status: attributes.status as FailedExecution['status'],
    stoppedAt: String(attributes.stoppedAt),
    state: attributes.state as FailedExecutionStatus,
    redrives: Number(attributes.redrives ?? 0),
    automaticRedrives: Number(attributes.automaticRedrives ?? 0),
    recordedAt: String(attributes.recordedAt),
  };
  for (const optional of ['arn', 'error', 'cause', 'refusal'] as const) {
    const value = attributes[optional];
    if (typeof value === 'string') record[optional] = value;
  }
  return record;
}
