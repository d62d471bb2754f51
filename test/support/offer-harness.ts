import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { deliveryEventFromSmsStatus } from '../../functions/events/sms-delivery-event';
import { localCredentials } from '../../infra/local/emulators';
import { composeLocalRuntime, type LocalRuntime } from '../../infra/local/local-runtime';
import { type SmsGateway, startSmsGateway } from '../../infra/local/sms-gateway';
import { cachedWorkflowDefinitions } from '../../infra/local/workflow-definitions-cache';
import { createLogger } from '../../shared/adapters/logging/logger';
import { smsDeliveryStatusSchema } from '../../shared/adapters/sns/sms-delivery-status';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import { serviceSettings } from '../../shared/use-cases/service/deps';
import { freshTable } from './local-table';
import { quickTimings } from './quick-timings';
import { TestClock } from './test-clock';

/**
 * The offer flow on the embedded stack, composed by the platform's own `composeLocalRuntime`: a
 * fresh table on DynamoDB Local, the workflow runner on the synthesized definitions, the outbox relay
 * with the platform's handler registry, and the SMS gateway that offer notices reach. `clock` is the
 * test clock the use cases read (the answers' and expiries' "now").
 */
export async function startOfferHarness() {
  const stack = inject('stack');
  const { client, tableName } = await freshTable();
  const clock = new TestClock();

  let runtime: LocalRuntime | undefined;
  const gateway: SmsGateway = await startSmsGateway({
    receiptDelayMs: 20,
    onDeliveryStatus: (record) =>
      runtime?.recordDeliveryEvent(deliveryEventFromSmsStatus(smsDeliveryStatusSchema.parse(record))),
  });
  runtime = composeLocalRuntime({
    definitions: await cachedWorkflowDefinitions(),
    client,
    tableName,
    sms: new SnsSmsChannel({
      clientConfig: { endpoint: gateway.endpoint, region: stack.region, credentials: localCredentials },
    }),
    email: { send: () => Promise.reject(new Error('offer notices in these tests go by SMS')) },
    offers: { deadlineHours: 24, publicBaseUrl: 'https://platform.example' },
    service: serviceSettings({ publicBaseUrl: 'https://platform.example' }),
    logger: createLogger('offer-harness', 'ERROR'),
    clock,
    quick: quickTimings,
  });
  const { store, offerDeps: offers, relay } = runtime;
  const composed = runtime;

  return {
    store,
    clock,
    offers,
    get runner() {
      return composed.workflows;
    },
    relay,
    gateway,
    client,
    tableName,
    /** A language tag of its own: mediators and disputes of one test never meet another test's. */
    uniqueLanguage: () => `x${randomBytes(4).toString('hex')}`,
    async stop() {
      await composed.stop();
      await gateway.stop();
      client.destroy();
    },
  };
}

export type OfferHarness = Awaited<ReturnType<typeof startOfferHarness>>;
