import {
  DescribeExecutionCommand,
  ExecutionAlreadyExists,
  ExecutionNotRedrivable,
  type ExecutionStatus,
  InvalidToken,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  type SFNClientConfig,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type {
  ExecutionRef,
  FailedExecution,
  RedriveOutcome,
  WorkflowEngine,
  WorkflowName,
  WorkflowOperations,
} from '../../ports/workflows';
import { workflowNames } from '../../ports/workflows';

/** The execution statuses a redrive can resume, as the port names them. */
const failedStatuses: Array<[ExecutionStatus, FailedExecution['status']]> = [
  ['FAILED', 'failed'],
  ['TIMED_OUT', 'timed_out'],
  ['ABORTED', 'aborted'],
];

export interface SfnWorkflowEngineOptions {
  clientConfig: SFNClientConfig;
  /** From config STATE_MACHINE_ARNS. */
  stateMachineArns: Record<string, string>;
}

/**
 * The WorkflowEngine on AWS Step Functions.
 *
 * - `start` names the execution: Step Functions refuses a second execution of the same name (for 90
 *   days after a Standard execution closed), which is the "starts nothing twice" the port promises;
 *   `ExecutionAlreadyExists` is therefore success.
 * - completing a task whose wait is over (it timed out, the execution ended, the token is from a
 *   previous run) is not an error for the caller: the receipt has been recorded on the message,
 *   which is what matters, and the workflow has moved on without it.
 * - a redrive is `RedriveExecution`: the execution resumes from the state that failed, under its
 *   own name (within 14 days of its end). A running execution cannot be redriven, which makes a
 *   second redrive harmless; the refusal is told apart from "too old" by describing the execution.
 */
export class SfnWorkflowEngine implements WorkflowEngine, WorkflowOperations {
  private readonly client: SFNClient;

  constructor(private readonly options: SfnWorkflowEngineOptions) {
    this.client = new SFNClient(options.clientConfig);
  }

  async start(workflow: WorkflowName, executionName: string, input: Record<string, unknown>): Promise<void> {
    const stateMachineArn = this.options.stateMachineArns[workflow];
    if (stateMachineArn === undefined) throw new Error(`no state machine ARN is configured for ${workflow}`);
    try {
      await this.client.send(
        new StartExecutionCommand({ stateMachineArn, name: executionName, input: JSON.stringify(input) }),
      );
    } catch (error) {
      if (error instanceof ExecutionAlreadyExists) return;
      throw error;
    }
  }

  async sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<void> {
    await this.tolerateFinishedTask(() =>
      this.client.send(new SendTaskSuccessCommand({ taskToken, output: JSON.stringify(output) })),
    );
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    await this.tolerateFinishedTask(() => this.client.send(new SendTaskFailureCommand({ taskToken, error, cause })));
  }

  async listFailed(limit: number): Promise<FailedExecution[]> {
    const found: FailedExecution[] = [];
    for (const workflow of workflowNames) {
      const stateMachineArn = this.options.stateMachineArns[workflow];
      if (stateMachineArn === undefined) continue;
      for (const [statusFilter, status] of failedStatuses) {
        const page = await this.client.send(
          new ListExecutionsCommand({ stateMachineArn, statusFilter, maxResults: limit }),
        );
        for (const execution of page.executions ?? []) {
          found.push({
            workflow,
            name: execution.name ?? '',
            arn: execution.executionArn ?? this.executionArn({ workflow, name: execution.name ?? '' }),
            status,
            stoppedAt: (execution.stopDate ?? execution.startDate ?? new Date(0)).toISOString(),
          });
        }
      }
    }
    return found;
  }

  async redrive(execution: ExecutionRef): Promise<RedriveOutcome> {
    const executionArn = execution.arn ?? this.executionArn(execution);
    try {
      await this.client.send(new RedriveExecutionCommand({ executionArn }));
      return { outcome: 'redriven' };
    } catch (error) {
      if (!(error instanceof ExecutionNotRedrivable)) throw error;
      const described = await this.client.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status === 'RUNNING' || described.status === 'PENDING_REDRIVE') return { outcome: 'running' };
      return { outcome: 'not_redrivable', reason: error.message };
    }
  }

  /** Step Functions keeps every execution it started; one that never started left its outbox item pending. */
  async resumeLost(): Promise<string[]> {
    return [];
  }

  /** `arn:…:states:…:stateMachine:<machine>` → `arn:…:states:…:execution:<machine>:<name>`. */
  private executionArn(execution: Pick<ExecutionRef, 'workflow' | 'name'>): string {
    const stateMachineArn = this.options.stateMachineArns[execution.workflow];
    if (stateMachineArn === undefined) throw new Error(`no state machine ARN is configured for ${execution.workflow}`);
    return `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${execution.name}`;
  }

  private async tolerateFinishedTask(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken) return;
      throw error;
    }
  }
}
