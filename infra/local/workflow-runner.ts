import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { StateMachineDefinition } from 'aws-local-stepfunctions';
import { ExecutionAbortedError, ExecutionError, ExecutionTimeoutError, StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../shared/ports/clock';
import type {
  ExecutionRef,
  FailedExecution,
  RedriveOutcome,
  WorkflowEngine,
  WorkflowName,
  WorkflowOperations,
} from '../../shared/ports/workflows';
import type { LocalDefinition } from './workflow-definitions';

/** What a task state asks of its handler: the payload its definition built (a LambdaInvoke's `Payload`). */
export interface TaskInvocation {
  workflow: WorkflowName;
  executionName: string;
  stateName: string;
  payload: unknown;
}

export type InvokeTask = (invocation: TaskInvocation) => Promise<unknown>;

export interface LocalWorkflowRunnerOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** Usually `localDefinitions()`: what CDK deploys. */
  definitions: Record<WorkflowName, LocalDefinition>;
  /** Runs a task state's work, as the task Lambda would (e.g. `dispatchMessageDeliveryTask` with local deps). */
  invokeTask: InvokeTask;
  clock: Clock;
  /** Milliseconds to wait before a retry, by state name, instead of the definition's backoff (tests). */
  retryIntervalOverrides?: Record<string, number | number[]>;
  /** Told about every execution that ends here (logging). */
  onExecutionClosed?: (record: ExecutionRecord) => void;
}

export type ExecutionStatus = 'running' | 'succeeded' | 'failed' | 'timed_out';

/** An execution as recorded in the table. Open ones are listed under `gsi1pk = EXECUTION#open`. */
export interface ExecutionRecord {
  workflow: WorkflowName;
  name: string;
  input: Record<string, unknown>;
  status: ExecutionStatus;
  startedAt: string;
  /** How many times this execution was run from the top (1 + resumes). */
  runs: number;
  stoppedAt?: string;
  output?: unknown;
  error?: string;
  cause?: string;
}

const openIndex = 'EXECUTION#open';
/** Failed and timed-out executions, listed for the reconciler until they run again. */
const failedIndex = 'EXECUTION#failed';
const executionKey = (workflow: WorkflowName, name: string) => ({
  pk: `EXECUTION#${workflow}#${name}`,
  sk: 'EXECUTION',
});
/** The value `$$.Task.Token` resolves to; each invocation swaps it for a fresh token. */
const tokenPlaceholder = 'local-task-token-placeholder';
/**
 * For a Task without a timeout (Step Functions then allows a year; the library would give 60 s): the
 * longest a Node timer can wait (2^31 - 1 ms, about 24 days; a longer one fires at once).
 */
const maxTaskTimeoutSeconds = 2_147_483;
const timeoutParameter = 'localTimeoutSeconds';

interface Run {
  key: string;
  record: ExecutionRecord;
  aborted: boolean;
  abort: () => void;
  /** Task handlers still working: a stop waits for them, so nothing runs after it returns. */
  inFlight: Set<Promise<unknown>>;
  settled: Promise<void>;
}

interface PendingWait {
  run: Run;
  resolve: (output: unknown) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

/**
 * The local stand-in for Step Functions: the WorkflowEngine that runs the definitions CDK
 * synthesizes on aws-local-stepfunctions, with task states bound by name to `invokeTask`.
 *
 * - Executions are recorded in the table: `start` is a conditional create, so a second start with
 *   the same name starts nothing (as Step Functions refuses a duplicate name); an execution that
 *   ends is closed with its status and output.
 * - `.waitForTaskToken` is emulated: each invocation gets a fresh token where the definition
 *   references `$$.Task.Token`, and waits until `sendTaskSuccess`/`sendTaskFailure` or the state's
 *   timeout (`TimeoutSecondsPath` evaluated against the state input, as in AWS).
 * - `stop` is a crash: running executions are abandoned with their records left open;
 *   `resumeOpenExecutions` (a new runner, after a restart) runs each open one again from the top.
 *   The workflows' tasks are idempotent, which is what makes that correct.
 * - a redrive (which aws-local-stepfunctions lacks) runs a failed execution again from the top,
 *   under the same name, for the same reason.
 */
export class LocalWorkflowRunner implements WorkflowEngine, WorkflowOperations {
  private readonly runs = new Map<string, Run>();
  private readonly waits = new Map<string, PendingWait>();
  private readonly machines = new Map<WorkflowName, { machine: StateMachine; definition: LocalDefinition }>();
  private readonly closeListeners = new Map<string, Array<(record: ExecutionRecord) => void>>();
  private stopped = false;
  /** Executions whose record is being written: not lost, only not launched yet. */
  private readonly starting = new Set<string>();

  /** The async context the runner was made in (the platform's start), where executions run. */
  private readonly ownContext = AsyncLocalStorage.snapshot();

  constructor(private readonly options: LocalWorkflowRunnerOptions) {}

  async start(workflow: WorkflowName, executionName: string, input: Record<string, unknown>): Promise<void> {
    if (this.stopped) throw new Error('the workflow runner is stopped');
    const startedAt = this.options.clock.now().toISOString();
    const record: ExecutionRecord = { workflow, name: executionName, input, status: 'running', startedAt, runs: 1 };
    const key = runKey(workflow, executionName);
    this.starting.add(key);
    try {
      await this.options.client.send(
        new PutCommand({
          TableName: this.options.tableName,
          Item: {
            ...executionKey(workflow, executionName),
            ...record,
            gsi1pk: openIndex,
            gsi1sk: `${startedAt}#${workflow}#${executionName}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return;
      throw error;
    } finally {
      this.starting.delete(key);
    }
    this.launch(record);
  }

  /** Runs every open execution again from the top; returns their names. */
  async resumeOpenExecutions(): Promise<string[]> {
    const resumed: string[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          IndexName: 'gsi1',
          KeyConditionExpression: 'gsi1pk = :open',
          ExpressionAttributeValues: { ':open': openIndex },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        // A resume begun before this runner stopped (the reconciler's, on its timer) starts nothing
        // after it: the runner that replaced it resumes these, and a second copy would send twice.
        if (this.stopped) return resumed;
        const record = toRecord(item);
        const key = runKey(record.workflow, record.name);
        if (this.runs.has(key) || this.starting.has(key)) continue;
        // Held while its run is counted, so a resume at the same time (the reconciler's, the
        // start's) skips it; counted only if still open, as one that closed since the page was
        // read has ended and must not run again.
        this.starting.add(key);
        try {
          const resumedRecord = await this.countRun(record);
          if (!resumedRecord || this.stopped) continue;
          this.launch(resumedRecord);
          resumed.push(record.name);
        } finally {
          this.starting.delete(key);
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return resumed;
  }

  /** Open executions this runner does not run (a crash, an end it could not record): run again. */
  async resumeLost(): Promise<string[]> {
    return this.resumeOpenExecutions();
  }

  async listFailed(limit: number): Promise<FailedExecution[]> {
    const page = await this.options.client.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :failed',
        ExpressionAttributeValues: { ':failed': failedIndex },
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (page.Items ?? []).map(toRecord).map((record) => ({
      workflow: record.workflow,
      name: record.name,
      status: record.status === 'timed_out' ? 'timed_out' : 'failed',
      stoppedAt: record.stoppedAt ?? record.startedAt,
      ...(record.error === undefined ? {} : { error: record.error }),
      ...(record.cause === undefined ? {} : { cause: record.cause }),
    }));
  }

  /**
   * Runs a failed or timed-out execution again from the top, with its first input: reopening the
   * record is conditional on its being closed without success, so two redrives start one run.
   */
  async redrive(execution: ExecutionRef): Promise<RedriveOutcome> {
    if (this.stopped) throw new Error('the workflow runner is stopped');
    const startedAt = this.options.clock.now().toISOString();
    const key = runKey(execution.workflow, execution.name);
    let reopened: ExecutionRecord;
    this.starting.add(key);
    try {
      const result = await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: executionKey(execution.workflow, execution.name),
          UpdateExpression:
            'SET #status = :running, gsi1pk = :open, gsi1sk = :sort, redrivenAt = :now ADD runs :one REMOVE stoppedAt, #error, #cause, #output',
          ConditionExpression: '#status IN (:failed, :timedOut)',
          ExpressionAttributeNames: { '#status': 'status', '#error': 'error', '#cause': 'cause', '#output': 'output' },
          ExpressionAttributeValues: {
            ':running': 'running',
            ':open': openIndex,
            ':sort': `${startedAt}#${execution.workflow}#${execution.name}`,
            ':now': startedAt,
            ':one': 1,
            ':failed': 'failed',
            ':timedOut': 'timed_out',
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      reopened = toRecord(result.Attributes ?? {});
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const current = await this.getExecution(execution.workflow, execution.name);
      if (current?.status === 'running') return { outcome: 'running' };
      return { outcome: 'not_redrivable', reason: current ? `the execution ${current.status}` : 'no such execution' };
    } finally {
      this.starting.delete(key);
    }
    this.launch(reopened);
    return { outcome: 'redriven' };
  }

  async sendTaskSuccess(taskToken: string, output: Record<string, unknown>): Promise<void> {
    const wait = this.takeWait(taskToken);
    wait?.resolve(output);
  }

  async sendTaskFailure(taskToken: string, error: string, cause: string): Promise<void> {
    const wait = this.takeWait(taskToken);
    wait?.reject(namedError(error, cause));
  }

  async getExecution(workflow: WorkflowName, name: string): Promise<ExecutionRecord | undefined> {
    const result = await this.options.client.send(
      new GetCommand({ TableName: this.options.tableName, Key: executionKey(workflow, name), ConsistentRead: true }),
    );
    return result.Item ? toRecord(result.Item) : undefined;
  }

  /** Resolves when the execution is closed (at once if it already is). */
  async whenClosed(workflow: WorkflowName, name: string): Promise<ExecutionRecord> {
    const key = runKey(workflow, name);
    const closed = new Promise<ExecutionRecord>((resolve) => {
      this.closeListeners.set(key, [...(this.closeListeners.get(key) ?? []), resolve]);
    });
    const current = await this.getExecution(workflow, name);
    if (current && current.status !== 'running') return current;
    return closed;
  }

  /** Whether this runner has a task waiting for a token in that execution (tests poll for it). */
  isWaitingForToken(workflow: WorkflowName, name: string): boolean {
    const key = runKey(workflow, name);
    return [...this.waits.values()].some((wait) => wait.run.key === key);
  }

  /** False once stopped (health checks). */
  isRunning(): boolean {
    return !this.stopped;
  }

  /** Abandons running executions as a crash would (records stay open) and waits until none runs. */
  async stop(): Promise<void> {
    this.stopped = true;
    const runs = [...this.runs.values()];
    for (const run of runs) {
      run.aborted = true;
      run.abort();
    }
    for (const [token, wait] of this.waits) {
      clearTimeout(wait.timer);
      this.waits.delete(token);
      wait.reject(namedError('States.Runtime', 'the local workflow runner stopped'));
    }
    await Promise.allSettled(runs.flatMap((run) => [run.settled, ...run.inFlight]));
  }

  /**
   * Runs the execution in the runner's own async context, not that of whoever started it (an HTTP
   * request, whose context the state store reads for its Idempotency-Key): as in AWS, an execution
   * is no part of the request that started it.
   */
  private launch(record: ExecutionRecord): void {
    this.ownContext(() => this.launchHere(record));
  }

  private launchHere(record: ExecutionRecord): void {
    const { machine, definition } = this.machineFor(record.workflow);
    const key = runKey(record.workflow, record.name);
    const run: Run = { key, record, aborted: false, abort: () => {}, inFlight: new Set(), settled: Promise.resolve() };
    const handlers = Object.fromEntries(
      definition.taskStateNames.map((stateName) => [
        stateName,
        (input: unknown) => this.runTask(run, stateName, input),
      ]),
    );
    const execution = machine.run(record.input as never, {
      overrides: {
        taskResourceLocalHandlers: handlers as never,
        ...(this.options.retryIntervalOverrides ? { retryIntervalOverrides: this.options.retryIntervalOverrides } : {}),
      },
      context: {
        Execution: { Id: `local:${record.workflow}:${record.name}`, Name: record.name },
        StateMachine: { Name: record.workflow },
        Task: { Token: tokenPlaceholder },
      },
    });
    run.abort = execution.abort;
    run.settled = execution.result
      .then(
        (output) => this.close(run, { status: 'succeeded', output }),
        (error: unknown) => this.closeAfterError(run, error),
      )
      // A record that could not be closed stays open and is resumed at the next start; it must
      // not become an unhandled rejection that ends the process.
      .catch((error: unknown) => {
        console.error(`workflow ${run.record.workflow}/${run.record.name}: could not record its end`, error);
      });
    this.runs.set(key, run);
  }

  private async runTask(run: Run, stateName: string, input: unknown): Promise<unknown> {
    if (run.aborted) throw namedError('States.Runtime', 'the execution was abandoned');
    const state = this.stateOf(run.record.workflow, stateName);
    const { Payload: payload, [timeoutParameter]: timeoutSeconds } = (input ?? {}) as Record<string, unknown>;
    const invocation = { workflow: run.record.workflow, executionName: run.record.name, stateName };
    if (!isWaitForTaskToken(state)) {
      const result = await this.track(run, this.options.invokeTask({ ...invocation, payload }));
      if (run.aborted) throw namedError('States.Runtime', 'the execution was abandoned');
      // The shape of a Lambda Invoke response, which the definition's selectors read.
      return { StatusCode: 200, Payload: result ?? null };
    }
    const token = `${run.record.workflow}:${run.record.name}:${randomBytes(12).toString('base64url')}`;
    const waited = new Promise<unknown>((resolve, reject) => {
      // A wait resumed after a restart may be due already (a negative remainder): it times out at once.
      const seconds = Math.max(
        0,
        Math.min(typeof timeoutSeconds === 'number' ? timeoutSeconds : maxTaskTimeoutSeconds, maxTaskTimeoutSeconds),
      );
      const timer = setTimeout(() => {
        this.waits.delete(token);
        reject(namedError('States.Timeout', `no callback within ${seconds} s`));
      }, seconds * 1000);
      this.waits.set(token, { run, resolve, reject, timer });
    });
    waited.catch(() => {}); // the library races its own timeout; a late rejection is expected
    try {
      await this.track(run, this.options.invokeTask({ ...invocation, payload: replaceToken(payload, token) }));
    } catch (error) {
      this.takeWait(token);
      throw error;
    }
    return waited;
  }

  private track<T>(run: Run, promise: Promise<T>): Promise<T> {
    run.inFlight.add(promise);
    const forget = () => run.inFlight.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  private takeWait(token: string): PendingWait | undefined {
    const wait = this.waits.get(token);
    if (!wait) return undefined; // timed out, finished or from an earlier run: tolerated, as in AWS
    clearTimeout(wait.timer);
    this.waits.delete(token);
    return wait;
  }

  private async closeAfterError(run: Run, error: unknown): Promise<void> {
    if (run.aborted || error instanceof ExecutionAbortedError) {
      this.runs.delete(run.key); // abandoned: the record stays open for a resume
      return;
    }
    if (error instanceof ExecutionTimeoutError) {
      await this.close(run, { status: 'timed_out', error: 'States.Timeout', cause: 'the execution timed out' });
      return;
    }
    const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : error;
    const name = failure instanceof Error ? failure.name : 'States.Runtime';
    const cause = failure instanceof Error ? failure.message : String(failure);
    await this.close(run, { status: 'failed', error: name, cause });
  }

  private async close(
    run: Run,
    outcome: { status: Exclude<ExecutionStatus, 'running'>; output?: unknown; error?: string; cause?: string },
  ): Promise<void> {
    if (run.aborted) {
      this.runs.delete(run.key);
      return;
    }
    const stoppedAt = this.options.clock.now().toISOString();
    try {
      await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: executionKey(run.record.workflow, run.record.name),
          // A failure moves to the failed index (the reconciler's list); a success leaves both.
          UpdateExpression:
            outcome.status === 'succeeded'
              ? 'SET #status = :status, stoppedAt = :stoppedAt, #output = :output, #error = :error, #cause = :cause REMOVE gsi1pk, gsi1sk'
              : 'SET #status = :status, stoppedAt = :stoppedAt, #output = :output, #error = :error, #cause = :cause, gsi1pk = :failedIndex, gsi1sk = :failedSort',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status', '#output': 'output', '#error': 'error', '#cause': 'cause' },
          ExpressionAttributeValues: {
            ':status': outcome.status,
            ':stoppedAt': stoppedAt,
            ':output': outcome.output ?? null,
            ':error': outcome.error ?? null,
            ':cause': outcome.cause ?? null,
            ':running': 'running',
            ...(outcome.status === 'succeeded'
              ? {}
              : {
                  ':failedIndex': failedIndex,
                  ':failedSort': `${stoppedAt}#${run.record.workflow}#${run.record.name}`,
                }),
          },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    } finally {
      this.runs.delete(run.key);
    }
    const closed: ExecutionRecord = { ...run.record, ...outcome, stoppedAt };
    this.options.onExecutionClosed?.(closed);
    for (const listener of this.closeListeners.get(run.key) ?? []) listener(closed);
    this.closeListeners.delete(run.key);
  }

  /** One more run of an execution still open; undefined if it has closed (nothing to resume). */
  private async countRun(record: ExecutionRecord): Promise<ExecutionRecord | undefined> {
    try {
      const result = await this.options.client.send(
        new UpdateCommand({
          TableName: this.options.tableName,
          Key: executionKey(record.workflow, record.name),
          UpdateExpression: 'ADD runs :one',
          ConditionExpression: '#status = :running',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':one': 1, ':running': 'running' },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? toRecord(result.Attributes) : record;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return undefined;
      throw error;
    }
  }

  private machineFor(workflow: WorkflowName): { machine: StateMachine; definition: LocalDefinition } {
    let entry = this.machines.get(workflow);
    if (!entry) {
      const definition = this.options.definitions[workflow];
      entry = { machine: new StateMachine(localAsl(definition.asl) as unknown as StateMachineDefinition), definition };
      this.machines.set(workflow, entry);
    }
    return entry;
  }

  private stateOf(workflow: WorkflowName, stateName: string): Record<string, unknown> {
    const states = this.options.definitions[workflow].asl.States as Record<string, Record<string, unknown>>;
    const state = states[stateName];
    if (!state) throw new Error(`${workflow} has no state ${stateName}`);
    return state;
  }
}

/**
 * The definition as the library must see it to behave like Step Functions: a callback task's
 * `TimeoutSecondsPath` is read from the state input in AWS, but the library reads it after
 * Parameters; so the path is evaluated into a parameter of its own, which the runner strips. A task
 * without a timeout gets Step Functions' default instead of the library's 60 s.
 */
function localAsl(asl: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(asl);
  const states = (copy.States ?? {}) as Record<string, Record<string, unknown>>;
  for (const state of Object.values(states)) {
    if (state.Type !== 'Task') continue;
    if (typeof state.TimeoutSecondsPath === 'string') {
      state.Parameters = {
        ...(state.Parameters as Record<string, unknown>),
        [`${timeoutParameter}.$`]: state.TimeoutSecondsPath,
      };
      state.TimeoutSecondsPath = `$.${timeoutParameter}`;
    } else if (state.TimeoutSeconds === undefined) {
      state.TimeoutSeconds = maxTaskTimeoutSeconds;
    }
  }
  return copy;
}

function isWaitForTaskToken(state: Record<string, unknown>): boolean {
  return typeof state.Resource === 'string' && state.Resource.endsWith('.waitForTaskToken');
}

function replaceToken(value: unknown, token: string): unknown {
  if (value === tokenPlaceholder) return token;
  if (Array.isArray(value)) return value.map((item) => replaceToken(item, token));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, replaceToken(item, token)]));
  }
  return value;
}

function namedError(name: string, message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

function runKey(workflow: WorkflowName, name: string): string {
  return `${workflow}#${name}`;
}

function toRecord(item: Record<string, unknown>): ExecutionRecord {
  const record: ExecutionRecord = {
    workflow: item.workflow as WorkflowName,
    name: String(item.name),
    input: (item.input ?? {}) as Record<string, unknown>,
    status: item.status as ExecutionStatus,
    startedAt: String(item.startedAt),
    runs: typeof item.runs === 'number' ? item.runs : 1,
  };
  if (typeof item.stoppedAt === 'string') record.stoppedAt = item.stoppedAt;
  if (item.output !== undefined && item.output !== null) record.output = item.output;
  if (typeof item.error === 'string') record.error = item.error;
  if (typeof item.cause === 'string') record.cause = item.cause;
  return record;
}
