import { readFile } from 'node:fs/promises';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { localCredentials } from '../../../infra/local/emulators';
import { sendRetry } from '../../../infra/workflows/task-retries';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';
import type { PlatformLink } from './load-client';
import type { Running } from './platform-control';

/**
 * The province day's recovery: an SMS outage at the gateway long enough that some deliveries fail
 * after their retries, the reconciler's runs as the child logged them, and the operator's part
 * (list the failed executions, redrive each through the operator route, see them complete).
 */

/**
 * How long the send's retries wait in all before the execution gives up (the Retry of SendMessage,
 * infra/workflows/task-retries.ts: 5 + 10 + 20 + 40 + 80 + 120 s = 275 s): an outage longer than
 * this fails the deliveries whose first send came in its first `outage - this` seconds.
 */
export function sendRetriesSeconds(): number {
  const interval = sendRetry.interval?.toSeconds() ?? 1;
  const backoff = sendRetry.backoffRate ?? 2;
  const maxDelay = sendRetry.maxDelay?.toSeconds() ?? Number.POSITIVE_INFINITY;
  let total = 0;
  for (let retry = 0; retry < (sendRetry.maxAttempts ?? 3); retry++) {
    total += Math.min(interval * backoff ** retry, maxDelay);
  }
  return total;
}

export interface OutageState {
  /** Epoch ms the outage ends at (0: none set). */
  until: number;
  /** Publish calls answered Throttling since the gateway started. */
  refused: number;
}

/**
 * The outage as the day runs it: from now until the operators' list shows a failed execution (the
 * reconciler records one within its interval of the failure), then ended at once, or `maxSeconds`
 * if none fails. How long the send's retries take in all depends on how loaded the machine is (each
 * try is a claim, a call and a release, seconds apart on two busy cores), so a fixed length either
 * fails nothing or runs far longer than it must; this lasts just as long as it takes.
 */
export async function outageUntilAFailure(
  link: PlatformLink,
  running: Running,
  maxSeconds: number,
): Promise<{ seconds: number; refused: number; endedBy: 'a failed execution listed' | 'its time limit' }> {
  const started = Date.now();
  // `running`, not the link's: this starts while the link still holds the process being replaced.
  const { until } = await startOutage(running, maxSeconds);
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const failed = (await failedExecutions(link)).length > 0;
    if (failed || Date.now() >= until) {
      const response = await fetch(`${running.ready.sms}/outage?seconds=0`, { method: 'POST' });
      if (!response.ok) throw new Error(`POST /outage?seconds=0 answered ${response.status}`);
      const { refused } = (await response.json()) as OutageState;
      return {
        seconds: (Math.min(Date.now(), until) - started) / 1000,
        refused,
        endedBy: failed ? 'a failed execution listed' : 'its time limit',
      };
    }
  }
}

/** Every SNS Publish answers Throttling for `seconds` (the SMS gateway's own control). */
export async function startOutage(running: Running, seconds: number): Promise<OutageState> {
  const response = await fetch(`${running.ready.sms}/outage?seconds=${seconds}`, { method: 'POST' });
  if (!response.ok) throw new Error(`POST /outage answered ${response.status}`);
  return (await response.json()) as OutageState;
}

export async function outageState(running: Running): Promise<OutageState> {
  const response = await fetch(`${running.ready.sms}/outage`);
  if (!response.ok) throw new Error(`GET /outage answered ${response.status}`);
  return (await response.json()) as OutageState;
}

/** One scheduled reconciler run, as the child appended it (shared/use-cases/operations/reconcile.ts). */
export interface LoggedRun {
  at: number;
  pid: number;
  redelivered: number;
  undelivered: number;
  resumed: string[];
  failuresRecorded: number;
  redriven: string[];
}

export async function reconcilerRuns(file: string): Promise<LoggedRun[]> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as LoggedRun);
}

/** What the runs did, in one line: runs per life of the platform, and what they mended. */
export function describeRuns(runs: LoggedRun[]): { count: number; text: string } {
  const lives = [...new Set(runs.map((run) => run.pid))].map((pid) => runs.filter((run) => run.pid === pid).length);
  const sum = (pick: (run: LoggedRun) => number) => runs.reduce((total, run) => total + pick(run), 0);
  const resumed = runs.flatMap((run) => run.resumed);
  return {
    count: runs.length,
    text:
      `${lives.join(' + ')} runs in the ${lives.length} lives of the platform; stale outbox items re-delivered ${sum((run) => run.redelivered)}, ` +
      `still failing ${sum((run) => run.undelivered)}; lost executions resumed ${resumed.length}` +
      `${resumed.length > 0 ? ` (${resumed.slice(0, 5).join(', ')})` : ''}; failures recorded for the operators ${sum((run) => run.failuresRecorded)}; ` +
      `redriven by the reconciler itself ${sum((run) => run.redriven.length)} (automatic redrives off)`,
  };
}

interface FailedExecution {
  id: string;
  workflow: string;
  state: string;
  error?: string;
  redrives: number;
}

/** Every page of the operators' list of failed executions. */
export async function failedExecutions(link: PlatformLink): Promise<FailedExecution[]> {
  const items: FailedExecution[] = [];
  let cursor: string | undefined;
  do {
    const query = `?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const answer = await link.call(
      'GET /v1/operations/failed-executions',
      'GET',
      `/v1/operations/failed-executions${query}`,
    );
    if (answer.status !== 200) throw new Error(`failed-executions answered ${answer.status}: ${answer.text}`);
    const page = answer.json as { items: FailedExecution[]; cursor?: string };
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

/** The operator's side: each failed execution seen, how it failed, and how many times it was redriven. */
export class Operator {
  readonly seen = new Map<string, { workflow: string; error?: string; redrives: number }>();

  constructor(
    private readonly link: PlatformLink,
    private readonly tag: string,
  ) {}

  /** Lists the failed executions and redrives each one still `failed` through the operator route. */
  async redriveFailed(): Promise<number> {
    let asked = 0;
    for (const execution of await failedExecutions(this.link)) {
      const known = this.seen.get(execution.id) ?? {
        workflow: execution.workflow,
        ...(execution.error ? { error: execution.error } : {}),
        redrives: 0,
      };
      this.seen.set(execution.id, known);
      if (execution.state !== 'failed') continue;
      known.redrives++;
      const answer = await this.link.call(
        'POST /v1/operations/failed-executions/{id}/redrive',
        'POST',
        `/v1/operations/failed-executions/${encodeURIComponent(execution.id)}/redrive`,
        { idempotencyKey: `redrive-${this.tag}-${execution.id}-${known.redrives}` },
      );
      if (answer.status !== 202)
        throw new Error(`redrive of ${execution.id} answered ${answer.status}: ${answer.text}`);
      asked++;
    }
    return asked;
  }

  byWorkflow(): string {
    const counts = new Map<string, number>();
    for (const { workflow } of this.seen.values()) counts.set(workflow, (counts.get(workflow) ?? 0) + 1);
    return [...counts].map(([workflow, count]) => `${count} ${workflow}`).join(', ') || 'none';
  }

  errors(): string {
    const counts = new Map<string, number>();
    for (const { error } of this.seen.values()) counts.set(error ?? '?', (counts.get(error ?? '?') ?? 0) + 1);
    return [...counts].map(([error, count]) => `${count} ${error}`).join(', ');
  }
}

/**
 * How each execution ended, from the local runner's records in the table (`EXECUTION#<workflow>#<name>`,
 * infra/local/workflow-runner.ts): its status and how many times it was run from the top.
 */
export async function executionOutcomes(
  running: Running,
  ids: string[],
): Promise<Array<{ id: string; status: string; runs: number }>> {
  const client = createDocumentClient({
    endpoint: running.ready.dynamodb,
    region: running.ready.region,
    credentials: localCredentials,
  });
  try {
    return await Promise.all(
      ids.map(async (id) => {
        const [workflow, ...name] = id.split(':');
        const answer = await client.send(
          new GetCommand({
            TableName: running.ready.tableName,
            Key: { pk: `EXECUTION#${workflow}#${name.join(':')}`, sk: 'EXECUTION' },
            ConsistentRead: true,
          }),
        );
        return { id, status: String(answer.Item?.status ?? 'missing'), runs: Number(answer.Item?.runs ?? 0) };
      }),
    );
  } finally {
    client.destroy();
  }
}
