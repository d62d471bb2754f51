import type { Logger } from '@aws-lambda-powertools/logger';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { outboxHandlers } from '../../functions/events/outbox-handlers';
import { dispatchMessageDeliveryTask } from '../../functions/workflow/message-delivery-tasks';
import { dispatchOfferLifecycleTask } from '../../functions/workflow/offer-lifecycle-tasks';
import { dispatchServiceDeliveryTask } from '../../functions/workflow/service-delivery-tasks';
import { dispatchWebhookDeliveryTask } from '../../functions/workflow/webhook-delivery-tasks';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { DynamoCheckpointQueue } from '../../shared/adapters/dynamodb/checkpoint-queue';
import type { CursorSigner } from '../../shared/adapters/dynamodb/cursor';
import { DynamoEmailAcceptances } from '../../shared/adapters/dynamodb/email-acceptances';
import { FixedWindowRateLimiter } from '../../shared/adapters/dynamodb/fixed-window-rate-limiter';
import { DynamoOutboxLedger } from '../../shared/adapters/dynamodb/outbox-ledger';
import { DynamoSmsDeliveryLogs } from '../../shared/adapters/dynamodb/sms-delivery-logs';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { HttpsWebhookSender } from '../../shared/adapters/webhooks/https-webhook-sender';
import type { Clock } from '../../shared/ports/clock';
import type { DocumentStore } from '../../shared/ports/document-store';
import type { EmailAcceptance } from '../../shared/ports/email-acceptances';
import type { EmailChannel, SmsChannel } from '../../shared/ports/message-channels';
import type { OutboxItem } from '../../shared/ports/outbox';
import type { PiiVault } from '../../shared/ports/pii-vault';
import type { WorkflowEngine, WorkflowName, WorkflowOperations } from '../../shared/ports/workflows';
import { expireOverdueDisputes } from '../../shared/use-cases/disputes/expire-mediation';
import { eligibleRankingOf } from '../../shared/use-cases/disputes/rank-eligible';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import { messageTasksOf } from '../../shared/use-cases/message-delivery/message-tasks';
import type { ProviderDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import type { OfferDeps, OfferSettings } from '../../shared/use-cases/offers/deps';
import {
  defaultReconcileSettings,
  type ReconcileRun,
  type ReconcileSettings,
  reconcile,
} from '../../shared/use-cases/operations/reconcile';
import { deliverOutboxItem } from '../../shared/use-cases/outbox/deliver-outbox-item';
import { type CheckpointRun, checkpointChains } from '../../shared/use-cases/proof/checkpoint-chains';
import type { ProofDeps } from '../../shared/use-cases/proof/deps';
import type { ServiceDeliveryDeps, ServiceSettings } from '../../shared/use-cases/service/deps';
import type { WebhookDeliveryDeps, WebhookSettings } from '../../shared/use-cases/webhooks/deps';
import { recordDeliveryEventWithRetry } from './delivery-event-retry';
import { OutboxRelay } from './outbox-relay';
import type { LocalDefinition } from './workflow-definitions';
import { LocalWorkflowRunner, type LocalWorkflowRunnerOptions } from './workflow-runner';

export interface LocalRuntimeParts {
  client: DynamoDBDocumentClient;
  tableName: string;
  /** What CDK deploys, as `cachedWorkflowDefinitions()` (or `localDefinitions()`) gives it. */
  definitions: Record<WorkflowName, LocalDefinition>;
  sms: SmsChannel;
  email: EmailChannel;
  /** Where rulings are stored before they are served; without it no ruling is served. */
  documents?: DocumentStore;
  offers: OfferSettings;
  service: ServiceSettings;
  /** Per-channel send rates (the production limiter); without them sends are not limited. */
  sendsPerSecond?: { sms: number; email: number };
  logger: Logger;
  /** Signs the pagination cursors the HTTP app hands out (the key `npm start` keeps under .data/). */
  cursors?: CursorSigner;
  /** What the use cases take as "now" (answers, expiries); the runner's own records use real time. */
  clock?: Clock;
  /**
   * The proof key and the checkpoint store: with them, chain heads are signed every
   * `checkpointEveryMs` (a minute, as the schedule in AWS), and on demand with `checkpoint()`.
   */
  proof?: ProofDeps;
  checkpointEveryMs?: number;
  /**
   * Court callbacks: the endpoint policy (the local allow-list) and the retry schedule, and the
   * vault that sealed the endpoints' secrets (the HTTP app's). Without them no court is called back.
   */
  webhooks?: { settings: WebhookSettings; vault: PiiVault };
  /** Shorter waits for tests: between task retries, relay polls and delivery-event retries. */
  quick?: { taskRetryMs: number; relayPollMs: number; relayMaxBackoffMs: number; deliveryRetryMs: number };
  /**
   * The reconciler on a timer, every `everyMs` (5 minutes, as the schedule in AWS; 0: only on
   * demand with `reconcile()`), with its settings (defaults: shared/use-cases/operations/reconcile.ts).
   * `onRun` hears what each scheduled run did (a bench counts the runs and what they mended).
   */
  reconciler?: LocalReconcilerOptions;
}

export type LocalReconcilerOptions = {
  everyMs?: number;
  onRun?: (run: ReconcileRun) => void;
} & Partial<ReconcileSettings>;

export interface LocalRuntime {
  store: DynamoStateStore;
  messageDeps: MessageDeliveryDeps;
  serviceDeps: ServiceDeliveryDeps;
  offerDeps: OfferDeps;
  /** The current workflow runner (a new one after `restartWorkflows`). */
  readonly workflows: LocalWorkflowRunner;
  relay: OutboxRelay;
  /**
   * Records a provider's delivery event as its consumer does in AWS, retrying one that overtook
   * the write of its send.
   */
  recordDeliveryEvent(event: ProviderDeliveryEvent): Promise<void>;
  /** Keeps an SES `Send` event, as the SES event consumer does in AWS. */
  recordEmailAcceptance(acceptance: EmailAcceptance): Promise<void>;
  /** One reconciler run now, as the schedule runs it (stale outbox items, lost and failed executions). */
  reconcile(): Promise<ReconcileRun>;
  /** Signs the heads of the chains that moved, as the scheduled checkpointer does in AWS. */
  checkpoint(): Promise<CheckpointRun>;
  /** Abandons the runner as a crash would, starts a new one, and resumes the open executions. */
  restartWorkflows(): Promise<string[]>;
  stop(): Promise<void>;
}

/**
 * The platform's moving parts on one machine, as the Lambda entry points compose them in AWS: the
 * use cases' deps over one state store, the workflow runner on the CDK-synthesized definitions with
 * each task state bound to its function's dispatcher, and the outbox relay (started) with the
 * platform's handler registry. `startPlatform` and the test harnesses both compose through it, so
 * the tests run the composition `npm start` runs.
 */
export function composeLocalRuntime(parts: LocalRuntimeParts): LocalRuntime {
  const { client, tableName, logger, quick } = parts;
  const clock = parts.clock ?? systemClock;
  // The relay is built below, after the store whose commits wake it.
  let wakeRelay = (_items: readonly OutboxItem[]) => {};
  const store = new DynamoStateStore({
    client,
    tableName,
    clock: systemClock,
    ids: randomIds,
    ...(parts.cursors ? { cursors: parts.cursors } : {}),
    onOutboxCommitted: (items) => wakeRelay(items),
  });
  // Every use case reaches the current runner through this engine, across restarts.
  let runner: LocalWorkflowRunner;
  const workflows: WorkflowEngine = {
    start: (workflow, name, input) => runner.start(workflow, name, input),
    sendTaskSuccess: (token, output) => runner.sendTaskSuccess(token, output),
    sendTaskFailure: (token, error, cause) => runner.sendTaskFailure(token, error, cause),
  };
  const operations: WorkflowOperations = {
    listFailed: (limit) => runner.listFailed(limit),
    redrive: (execution) => runner.redrive(execution),
    resumeLost: () => runner.resumeLost(),
  };
  const rateLimiter = parts.sendsPerSecond
    ? new FixedWindowRateLimiter(client, tableName, systemClock, parts.sendsPerSecond)
    : undefined;
  const emailAcceptances = new DynamoEmailAcceptances(client, tableName);
  const messageDeps: MessageDeliveryDeps = {
    store,
    clock,
    sms: parts.sms,
    email: parts.email,
    workflows,
    ...(rateLimiter ? { rateLimiter } : {}),
    smsLogs: new DynamoSmsDeliveryLogs(client, tableName),
    emailAcceptances,
  };
  // Message delivery's capability, lent to the features that ask for messages.
  const requestMessage = messageRequests({ store, clock, ids: randomIds });
  const serviceDeps: ServiceDeliveryDeps = {
    store,
    clock,
    ids: randomIds,
    workflows,
    messageTasks: messageTasksOf(messageDeps),
    settings: parts.service,
    requestMessage,
  };
  const offerDeps: OfferDeps = {
    store,
    clock,
    ids: randomIds,
    settings: parts.offers,
    requestMessage,
    // The disputes feature's ranking, lent to the offers.
    rankEligible: eligibleRankingOf(store),
  };
  // Real time, whatever the use cases' clock: the Wait states run on real timers, and receivers
  // check the signature's timestamp against their own clocks.
  const webhookDeps: WebhookDeliveryDeps | undefined = parts.webhooks
    ? {
        store,
        clock: systemClock,
        ids: randomIds,
        vault: parts.webhooks.vault,
        settings: parts.webhooks.settings,
        sender: new HttpsWebhookSender({ policy: parts.webhooks.settings.policy }),
      }
    : undefined;

  const { definitions } = parts;
  const runnerOptions: LocalWorkflowRunnerOptions = {
    client,
    tableName,
    clock: systemClock,
    definitions,
    invokeTask: ({ workflow, payload }) => {
      switch (workflow) {
        case 'OfferLifecycle':
          return dispatchOfferLifecycleTask({ store, clock }, payload);
        case 'ServiceDelivery':
          return dispatchServiceDeliveryTask(serviceDeps, payload);
        case 'WebhookDelivery':
          if (!webhookDeps) throw new Error('this runtime was composed without court callbacks');
          return dispatchWebhookDeliveryTask(webhookDeps, payload);
        case 'MessageDelivery':
          return dispatchMessageDeliveryTask(messageDeps, payload);
      }
    },
    onExecutionClosed: (record) =>
      logger.info('workflow execution closed', {
        workflow: record.workflow,
        execution: record.name,
        status: record.status,
      }),
    ...(quick ? { retryIntervalOverrides: everyTaskState(definitions, quick.taskRetryMs) } : {}),
  };
  runner = new LocalWorkflowRunner(runnerOptions);

  const ledger = new DynamoOutboxLedger(client, tableName, systemClock);
  const handlers = outboxHandlers({
    workflows,
    offers: offerDeps,
    service: parts.service,
    operations,
    ...(parts.documents ? { documents: parts.documents } : {}),
    onMilestoneSkipped: (skipped) => logger.warn('milestone not announced to a party', skipped),
  });
  const relay = new OutboxRelay({
    ledger,
    handlers,
    logger,
    // Tests' timings: items written by another process's store (no nudge) are seen within 8 polls.
    ...(quick
      ? { pollMs: quick.relayPollMs, idleMaxMs: 8 * quick.relayPollMs, maxBackoffMs: quick.relayMaxBackoffMs }
      : {}),
  });
  relay.start();
  wakeRelay = (items) => relay.nudge(items);

  const checkpointer = parts.proof
    ? localCheckpointer(
        {
          ...parts.proof,
          store,
          queue: new DynamoCheckpointQueue(client, tableName),
          clock: systemClock,
        },
        logger,
        parts.checkpointEveryMs ?? 60_000,
      )
    : undefined;

  const reconciler = localReconciler(
    {
      store,
      clock: systemClock,
      ledger,
      operations,
      deliver: (item) => deliverOutboxItem({ handlers, ledger, clock: systemClock }, item),
      expireOverdueDisputes: () => expireOverdueDisputes({ store, clock: systemClock }),
    },
    { ...defaultReconcileSettings, ...parts.reconciler },
    parts.reconciler?.everyMs ?? 5 * 60_000,
    logger,
    parts.reconciler?.onRun,
  );

  return {
    store,
    messageDeps,
    serviceDeps,
    offerDeps,
    get workflows() {
      return runner;
    },
    relay,
    recordDeliveryEvent: (event) =>
      recordDeliveryEventWithRetry(messageDeps, event, quick ? { firstRetryMs: quick.deliveryRetryMs } : {}),
    recordEmailAcceptance: (acceptance) => emailAcceptances.record(acceptance),
    reconcile: () => reconciler.run(),
    checkpoint: () => {
      if (!checkpointer) throw new Error('this runtime was composed without the proof key');
      return checkpointer.run();
    },
    async restartWorkflows() {
      await runner.stop();
      runner = new LocalWorkflowRunner(runnerOptions);
      return runner.resumeOpenExecutions();
    },
    async stop() {
      await reconciler.stop();
      await checkpointer?.stop();
      await relay.stop();
      await runner.stop();
    },
  };
}

/** The same retry interval for every task state of every workflow. */
function everyTaskState(definitions: Record<WorkflowName, LocalDefinition>, ms: number): Record<string, number> {
  return Object.fromEntries(
    Object.values(definitions).flatMap((definition) => definition.taskStateNames.map((name) => [name, ms])),
  );
}

/**
 * The checkpointer on a timer, one run at a time (AWS: a one-minute schedule). A chain it refuses
 * (rewritten in the table) is logged as an error every run until someone looks.
 */
function localCheckpointer(deps: Parameters<typeof checkpointChains>[0], logger: Logger, everyMs: number) {
  // Runs go one after another, so a run asked for after a commit always sees that commit.
  let previous: Promise<unknown> = Promise.resolve();
  let busy = false;
  const run = (): Promise<CheckpointRun> => {
    const next = previous
      .catch(() => undefined)
      .then(async () => {
        busy = true;
        try {
          const result = await checkpointChains(deps);
          for (const refused of result.refused) {
            logger.error('chain refused a checkpoint: its events were rewritten', refused);
          }
          return result;
        } finally {
          busy = false;
        }
      });
    previous = next;
    return next;
  };
  const timer = setInterval(() => {
    if (!busy) run().catch((error: unknown) => logger.error('checkpoint run failed', { error: error as Error }));
  }, everyMs);
  timer.unref();
  // Stopping lets a run under way finish: the emulators stop after the runtime, and a run cut off
  // by them would fail with a refused connection.
  const stop = async () => {
    clearInterval(timer);
    await previous.catch(() => undefined);
  };
  return { run, stop };
}

/**
 * The reconciler on a timer, one run at a time (AWS: an EventBridge Scheduler schedule). A run that
 * fails is logged and the next one tries again: every step it takes is idempotent.
 */
function localReconciler(
  deps: Parameters<typeof reconcile>[0],
  settings: ReconcileSettings,
  everyMs: number,
  logger: Logger,
  onRun?: (run: ReconcileRun) => void,
) {
  let current: Promise<ReconcileRun> | undefined;
  const run = (): Promise<ReconcileRun> => {
    if (!current) {
      current = reconcile(deps, settings).finally(() => {
        current = undefined;
      });
    }
    return current;
  };
  const timer =
    everyMs > 0
      ? setInterval(() => {
          // A run still going when the next is due (a loaded machine, a long backlog): this tick
          // is skipped, so each run is reported once.
          if (current) return;
          run()
            .then((result) => {
              onRun?.(result);
              if (result.redelivered + result.resumed.length + result.failuresRecorded + result.redriven.length > 0) {
                logger.info('reconciler run', { ...result });
              }
            })
            .catch((error: unknown) => logger.error('reconciler run failed', { error: error as Error }));
        }, everyMs)
      : undefined;
  timer?.unref();
  return {
    run,
    async stop() {
      if (timer) clearInterval(timer);
      await current?.catch(() => undefined);
    },
  };
}
