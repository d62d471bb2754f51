import {
  ExecutionAlreadyExists,
  InvalidToken,
  SendTaskFailureCommand,
  SendTaskSuccessCommand,
  SFNClient,
  type SFNClientConfig,
  StartExecutionCommand,
  TaskDoesNotExist,
  TaskTimedOut,
} from '@aws-sdk/client-sfn';
import type { WorkflowEngine, WorkflowName } from '../../ports/workflows';

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
 */
export class SfnWorkflowEngine implements WorkflowEngine {
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

  private async tolerateFinishedTask(call: () => Promise<unknown>): Promise<void> {
    try {
      await call();
    } catch (error) {
      if (error instanceof TaskTimedOut || error instanceof TaskDoesNotExist || error instanceof InvalidToken) return;
      throw error;
    }
  }
}
