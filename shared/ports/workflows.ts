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

export const workflowNames = ['MessageDelivery', 'OfferLifecycle', 'ServiceDelivery', 'WebhookDelivery'] as const;
export type WorkflowName = (typeof workflowNames)[number];
