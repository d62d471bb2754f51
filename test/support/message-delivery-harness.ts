import { randomBytes } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { acceptanceFromSes, deliveryEventFromSes } from '../../functions/events/ses-delivery-event';
import { deliveryEventFromSmsStatus } from '../../functions/events/sms-delivery-event';
import { dispatchMessageDeliveryTask } from '../../functions/workflow/message-delivery-tasks';
import { recordDeliveryEventWithRetry } from '../../infra/local/delivery-event-retry';
import { localCredentials } from '../../infra/local/emulators';
import { type SesLocal, startSesLocal } from '../../infra/local/ses-local';
import { type SmsGateway, startSmsGateway } from '../../infra/local/sms-gateway';
import { localDefinitions } from '../../infra/local/workflow-definitions';
import { LocalWorkflowRunner, type LocalWorkflowRunnerOptions } from '../../infra/local/workflow-runner';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { DynamoEmailAcceptances } from '../../shared/adapters/dynamodb/email-acceptances';
import { DynamoSmsDeliveryLogs } from '../../shared/adapters/dynamodb/sms-delivery-logs';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import { sesEventSchema } from '../../shared/adapters/ses/ses-event';
import { smsDeliveryStatusSchema } from '../../shared/adapters/sns/sms-delivery-status';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import type { Principal } from '../../shared/domain/principal';
import type { EmailChannel, SmsChannel } from '../../shared/ports/message-channels';
import type { MessageRequest, RequestedMessage } from '../../shared/ports/message-requests';
import type { OutboxItem } from '../../shared/ports/outbox';
import type { WorkflowEngine } from '../../shared/ports/workflows';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import { requestMessage } from '../../shared/use-cases/message-delivery/request-message';
import { freshTable } from './local-table';

export const applicant: Principal = { role: 'party', subjectId: 'usr_applicant' };

/**
 * The MessageDelivery flow on the embedded stack: DynamoDB Local (a fresh table), a local SMS gateway
 * and (optionally) the SES emulator whose receipts are wired to `recordDeliveryEvent`, the real
 * channel adapters, and local workflow runners on the synthesized definition. `workflows` always
 * points at the current runner, as the engine in deps would after a restart.
 */
export interface MessageDeliveryHarness {
  deps: MessageDeliveryDeps;
  store: DynamoStateStore;
  /** The table's client and name (a test reaching under the runner's records). */
  client: DynamoDBDocumentClient;
  tableName: string;
  gateway: SmsGateway;
  runner: LocalWorkflowRunner;
  /** A new runner on the same table (after `runner.stop()`: a restart). */
  restart(): LocalWorkflowRunner;
  request(overrides: Partial<MessageRequest> & Pick<MessageRequest, 'content'>): Promise<RequestedMessage>;
  outboxItem(requested: RequestedMessage): OutboxItem;
  stop(): Promise<void>;
}

export interface HarnessOptions {
  withEmail?: boolean;
  /** Wraps the real SMS channel (throttling, crashes). */
  wrapSms?: (channel: SmsChannel) => SmsChannel;
  /** Wraps the real email channel (a lost answer). */
  wrapEmail?: (channel: EmailChannel) => EmailChannel;
  smsReceiptDelayMs?: number;
  /**
   * Emails to these addresses get no delivery event from the SES emulator, as if SES's had not
   * been published yet (their Send event still is): a test double over the real emulator.
   */
  receiptsWithheldFor?: Set<string>;
}

export async function startMessageDeliveryHarness(options: HarnessOptions = {}): Promise<MessageDeliveryHarness> {
  const stack = inject('stack');
  const { client, tableName } = await freshTable();
  const store = new DynamoStateStore({ client, tableName, clock: systemClock, ids: randomIds });
  let runner: LocalWorkflowRunner | undefined;
  const workflows: WorkflowEngine = {
    start: (workflow, name, input) => current().start(workflow, name, input),
    sendTaskSuccess: (token, output) => current().sendTaskSuccess(token, output),
    sendTaskFailure: (token, error, cause) => current().sendTaskFailure(token, error, cause),
  };
  const current = () => {
    if (!runner) throw new Error('no workflow runner');
    return runner;
  };

  const gateway = await startSmsGateway({
    receiptDelayMs: options.smsReceiptDelayMs ?? 50,
    onDeliveryStatus: (record) =>
      recordDeliveryEventWithRetry(deps, deliveryEventFromSmsStatus(smsDeliveryStatusSchema.parse(record)), {
        firstRetryMs: 20,
      }),
  });
  const emailAcceptances = new DynamoEmailAcceptances(client, tableName);
  let ses: SesLocal | undefined;
  if (options.withEmail) {
    ses = await startSesLocal({
      sendEvents: true,
      onEvent: async (detail) => {
        const event = sesEventSchema.parse(detail);
        const acceptance = acceptanceFromSes(event);
        if (acceptance) return emailAcceptances.record(acceptance);
        if (event.mail.destination.some((to) => options.receiptsWithheldFor?.has(to))) return;
        const delivery = deliveryEventFromSes(event);
        if (delivery) await recordDeliveryEventWithRetry(deps, delivery, { firstRetryMs: 20 });
      },
    });
  }
  const clientConfig = (endpoint: string) => ({ endpoint, region: stack.region, credentials: localCredentials });
  const realSms = new SnsSmsChannel({ clientConfig: clientConfig(gateway.endpoint) });
  const realEmail: EmailChannel = ses
    ? new SesEmailChannel({ clientConfig: clientConfig(ses.endpoint), fromAddress: 'no-reply@platform.example' })
    : { send: () => Promise.reject(new Error('this harness has no email channel')) };
  const email = options.wrapEmail ? options.wrapEmail(realEmail) : realEmail;
  const deps: MessageDeliveryDeps = {
    store,
    clock: systemClock,
    sms: options.wrapSms ? options.wrapSms(realSms) : realSms,
    email,
    workflows,
    smsLogs: new DynamoSmsDeliveryLogs(client, tableName),
    emailAcceptances,
  };

  const definitions = localDefinitions();
  const quickRetries = Object.fromEntries(definitions.MessageDelivery.taskStateNames.map((name) => [name, 20]));
  const runnerOptions: LocalWorkflowRunnerOptions = {
    client,
    tableName,
    definitions,
    clock: systemClock,
    invokeTask: ({ payload }) => dispatchMessageDeliveryTask(deps, payload),
    retryIntervalOverrides: quickRetries,
  };
  runner = new LocalWorkflowRunner(runnerOptions);

  return {
    deps,
    store,
    client,
    tableName,
    gateway,
    get runner() {
      return current();
    },
    restart() {
      runner = new LocalWorkflowRunner(runnerOptions);
      return runner;
    },
    async request(overrides) {
      const requested = requestMessage(
        { ids: randomIds, clock: systemClock, store },
        {
          chainId: `CASE#dsp_${randomBytes(6).toString('hex')}`,
          purpose: 'invitation',
          actor: applicant,
          ...overrides,
        },
      );
      await store.commit(requested.change);
      return requested;
    },
    outboxItem(requested) {
      return {
        id: `obx_${randomBytes(6).toString('hex')}`,
        type: requested.outbox.type,
        payload: requested.outbox.payload,
        chainId: requested.change.chainId,
        eventSeq: 1,
        createdAt: new Date().toISOString(),
      };
    },
    async stop() {
      await runner?.stop();
      await Promise.allSettled([gateway.stop(), ses?.stop()]);
      client.destroy();
    },
  };
}
