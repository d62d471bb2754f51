import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { deliveryEventFromSmsStatus } from '../../functions/events/sms-delivery-event';
import { dispatchMessageDeliveryTask } from '../../functions/workflow/message-delivery-tasks';
import { dispatchOfferLifecycleTask } from '../../functions/workflow/offer-lifecycle-tasks';
import { recordDeliveryEventWithRetry } from '../../infra/local/delivery-event-retry';
import { localCredentials } from '../../infra/local/emulators';
import { OutboxRelay } from '../../infra/local/outbox-relay';
import { type SmsGateway, startSmsGateway } from '../../infra/local/sms-gateway';
import { localDefinitions } from '../../infra/local/workflow-definitions';
import { LocalWorkflowRunner } from '../../infra/local/workflow-runner';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { DynamoOutboxLedger } from '../../shared/adapters/dynamodb/outbox-ledger';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { createLogger } from '../../shared/adapters/logging/logger';
import { smsDeliveryStatusSchema } from '../../shared/adapters/sns/sms-delivery-status';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import type { MessageDeliveryDeps } from '../../shared/use-cases/message-delivery/deps';
import type { OfferDeps } from '../../shared/use-cases/offers/deps';
import { outboxHandlers } from '../../shared/use-cases/outbox/outbox-handlers';
import { freshTable } from './local-table';
import { TestClock } from './test-clock';

/**
 * The offer flow on the embedded stack, composed as infra/local/platform.ts composes it: a fresh
 * table on DynamoDB Local, the local workflow runner on the synthesized definitions (OfferLifecycle
 * and MessageDelivery), the outbox relay with the platform's handler registry, and the SMS gateway
 * that offer notices reach. `clock` may be swapped by a test (the answers' view of "now").
 */
export async function startOfferHarness() {
  const stack = inject('stack');
  const { client, tableName } = await freshTable();
  const clock = new TestClock();
  const store = new DynamoStateStore({ client, tableName, clock: systemClock, ids: randomIds });
  const offers: OfferDeps = {
    store,
    clock,
    ids: randomIds,
    settings: { deadlineHours: 24, publicBaseUrl: 'https://platform.example' },
  };

  let messageDeps: MessageDeliveryDeps | undefined;
  const gateway: SmsGateway = await startSmsGateway({
    receiptDelayMs: 20,
    onDeliveryStatus: async (record) => {
      if (!messageDeps) return;
      const event = deliveryEventFromSmsStatus(smsDeliveryStatusSchema.parse(record));
      await recordDeliveryEventWithRetry(messageDeps, event, { firstRetryMs: 20 });
    },
  });
  const runner: LocalWorkflowRunner = new LocalWorkflowRunner({
    client,
    tableName,
    clock: systemClock,
    definitions: localDefinitions(),
    invokeTask: ({ workflow, payload }) =>
      workflow === 'OfferLifecycle'
        ? dispatchOfferLifecycleTask({ store, clock }, payload)
        : dispatchMessageDeliveryTask(messageDeps as MessageDeliveryDeps, payload),
    retryIntervalOverrides: { ExpireOffer: 50, RecordStall: 20, SendMessage: 20, RecordOutcome: 20 },
  });
  messageDeps = {
    store,
    clock: systemClock,
    sms: new SnsSmsChannel({
      clientConfig: { endpoint: gateway.endpoint, region: stack.region, credentials: localCredentials },
    }),
    email: { send: () => Promise.reject(new Error('offer notices in these tests go by SMS')) },
    workflows: runner,
  };
  const relay = new OutboxRelay({
    ledger: new DynamoOutboxLedger(client, tableName, systemClock),
    handlers: outboxHandlers({ workflows: runner, offers }),
    logger: createLogger('offer-harness', 'ERROR'),
    pollMs: 25,
    maxBackoffMs: 500,
  });
  relay.start();

  return {
    store,
    clock,
    offers,
    runner,
    relay,
    gateway,
    client,
    tableName,
    /** A language tag of its own: mediators and disputes of one test never meet another test's. */
    uniqueLanguage: () => `x${randomBytes(4).toString('hex')}`,
    async stop() {
      await relay.stop();
      await runner.stop();
      await gateway.stop();
      client.destroy();
    },
  };
}

export type OfferHarness = Awaited<ReturnType<typeof startOfferHarness>>;
