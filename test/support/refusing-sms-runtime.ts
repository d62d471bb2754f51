import { randomBytes } from 'node:crypto';
import { deliveryEventFromSmsStatus } from '../../functions/events/sms-delivery-event';
import { localCredentials } from '../../infra/local/emulators';
import { composeLocalRuntime, type LocalRuntime } from '../../infra/local/local-runtime';
import { type SmsGateway, startSmsGateway } from '../../infra/local/sms-gateway';
import { cachedWorkflowDefinitions } from '../../infra/local/workflow-definitions-cache';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { createLogger } from '../../shared/adapters/logging/logger';
import { smsDeliveryStatusSchema } from '../../shared/adapters/sns/sms-delivery-status';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import { SendNotAccepted, type SmsChannel } from '../../shared/ports/message-channels';
import { requestMessage } from '../../shared/use-cases/message-delivery/request-message';
import { serviceSettings } from '../../shared/use-cases/service/deps';
import type { httpHarness } from './http-harness';
import { quickTimings } from './quick-timings';

/**
 * The local runtime on an HTTP harness's table, sending SMS through the loopback gateway, whose
 * sends the test can make fail (`refusing()` true: the provider throttles), with the reconciler run
 * on demand only. What the reconciler and redrive tests need to make an execution fail for real.
 */
export async function startRefusingSmsRuntime(
  harness: Awaited<ReturnType<typeof httpHarness>>,
  name: string,
  refusing: () => boolean,
): Promise<{ runtime: LocalRuntime; gateway: SmsGateway }> {
  let runtime: LocalRuntime | undefined;
  const gateway = await startSmsGateway({
    receiptDelayMs: 20,
    onDeliveryStatus: (record) =>
      (runtime as LocalRuntime).recordDeliveryEvent(deliveryEventFromSmsStatus(smsDeliveryStatusSchema.parse(record))),
  });
  const real = new SnsSmsChannel({
    clientConfig: { endpoint: gateway.endpoint, region: 'us-east-1', credentials: localCredentials },
  });
  const sms: SmsChannel = {
    send: async (message) => {
      if (refusing()) throw new SendNotAccepted('throttled by the test', { retryable: true });
      return real.send(message);
    },
  };
  runtime = composeLocalRuntime({
    definitions: await cachedWorkflowDefinitions(),
    client: harness.client,
    tableName: harness.tableName,
    sms,
    email: { send: () => Promise.reject(new Error('these tests send SMS only')) },
    offers: { deadlineHours: 24, publicBaseUrl: 'https://platform.example' },
    service: serviceSettings({ publicBaseUrl: 'https://platform.example' }),
    logger: createLogger(name, 'ERROR'),
    quick: quickTimings,
    reconciler: { everyMs: 0, staleAfterMs: 0, automaticRedrives: 0 },
  });
  return { runtime, gateway };
}

/** An invitation SMS to `to` on a fresh case chain, requested (committed with its outbox item) as an operator would. */
export async function requestSms(harness: Awaited<ReturnType<typeof httpHarness>>, to: string) {
  const requested = requestMessage(
    { ids: randomIds, clock: systemClock, store: harness.store },
    {
      chainId: `CASE#dsp_${randomBytes(6).toString('hex')}`,
      purpose: 'invitation',
      actor: { role: 'operator', subjectId: 'op-test' },
      content: { channel: 'sms', to, text: 'Notice: https://platform.example/r/abc' },
    },
  );
  await harness.store.commit(requested.change);
  return requested;
}
