import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { acceptanceFromSes, deliveryEventFromSes } from '../../functions/events/ses-delivery-event';
import { deliveryEventFromSmsStatus } from '../../functions/events/sms-delivery-event';
import type { HttpDeps } from '../../functions/http/deps';
import { localCredentials } from '../../infra/local/emulators';
import { composeLocalRuntime, type LocalRuntime } from '../../infra/local/local-runtime';
import { type SesLocal, startSesLocal } from '../../infra/local/ses-local';
import { type SmsGateway, startSmsGateway } from '../../infra/local/sms-gateway';
import { cachedWorkflowDefinitions } from '../../infra/local/workflow-definitions-cache';
import { courtRecords } from '../../shared/adapters/dynamodb/roster-records';
import { createLogger } from '../../shared/adapters/logging/logger';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store';
import { SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import { sesEventSchema } from '../../shared/adapters/ses/ses-event';
import { smsDeliveryStatusSchema } from '../../shared/adapters/sns/sms-delivery-status';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import type { IdentityVerifier } from '../../shared/ports/identity-verifier';
import type { EmailChannel, SmsChannel } from '../../shared/ports/message-channels';
import type { StateStore } from '../../shared/ports/state-store';
import type { ProviderDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { type ServiceSettings, serviceSettings } from '../../shared/use-cases/service/deps';
import type { WebhookSettings } from '../../shared/use-cases/webhooks/deps';
import { eventually } from './eventually';
import { httpHarness } from './http-harness';
import { fixtureOperator } from './mediation-fixtures';
import { addCourtCase, type SeededPerson } from './people-fixtures';
import { quickTimings } from './quick-timings';

export { type SeededPerson, seedPerson } from './people-fixtures';

/** The documents bucket the run's global setup created on s3rver. */
export const testDocumentsBucket = 'platform-documents-test';

export function documentStore(): S3DocumentStore {
  const stack = inject('stack');
  return new S3DocumentStore({
    clientConfig: { endpoint: stack.s3, region: stack.region, credentials: localCredentials },
    bucket: testDocumentsBucket,
    pathStyle: true,
  });
}

/** Short waits: tests drive timeouts in seconds, not the production minutes and hours. */
export function testServiceSettings(): ServiceSettings {
  return serviceSettings({
    publicBaseUrl: 'https://platform.example',
    timeouts: { receipt: { sms: 5, email: 5 }, acknowledgement: { sms: 20, email: 20 } },
  });
}

const tag = () => randomBytes(5).toString('hex');

/** A court on the roster with its app client, and optionally parties of one of its cases. */
export async function seedCourt(store: StateStore, name = '深圳市福田区人民法院') {
  const courtId = `crt_${tag()}`;
  const clientId = `client${tag()}`;
  await store.commit({
    chainId: courtRecords.key(courtId).pk,
    writes: [
      {
        key: courtRecords.key(courtId),
        expectedVersion: 0,
        attributes: {
          id: courtId,
          name,
          level: 'basic',
          regionCode: '440304',
          jurisdiction: { regions: ['440304'], caseTypes: [] },
          clientId,
          createdAt: new Date().toISOString(),
        },
      },
      { key: courtRecords.clientIndex(clientId), expectedVersion: 0, attributes: { courtId } },
    ],
    event: { type: 'court.registered', actor: fixtureOperator, data: { courtId } },
  });
  return {
    courtId,
    clientId,
    as: ['court', clientId] as ['court', string],
    /** Makes persons parties of a case of this court (as filing a dispute with `courtId` does). */
    async addCase(...persons: SeededPerson[]) {
      return addCourtCase(store, courtId, persons, fixtureOperator);
    },
  };
}

export function pdf(text = 'ruling'): string {
  return Buffer.from(`%PDF-1.4\n% ${text} ${tag()}\n`).toString('base64');
}

export interface ServiceHarnessOptions {
  /** Receipt waits in seconds, per channel, instead of the tests' 5 s (a loaded machine's many receipts). */
  receiptSeconds?: number;
  /** Wraps the real SMS channel (throttling). */
  wrapSms?: (channel: SmsChannel) => SmsChannel;
  wrapEmail?: (channel: EmailChannel) => EmailChannel;
  /** The identity verifier of the HTTP app (default: unconfigured, every check answers `none`). */
  identityVerifier?: IdentityVerifier;
  /** Court callbacks: the endpoint policy (a loopback allow-list) and a short retry schedule. */
  webhooks?: WebhookSettings;
  /** More of the HTTP app's deps, and the local issuer's address (a browser signs in there: sign-in-harness.ts). */
  http?: { deps?: Partial<HttpDeps>; issuer?: string };
}

/**
 * Electronic service on the embedded stack, composed as infra/local/platform.ts composes it: the
 * HTTP app (on a fresh table, the S3 emulator for documents), the outbox relay with the platform's
 * handler registry, the local workflow runner on the synthesized ServiceDelivery definition, the SMS
 * gateway and the SES emulator, whose receipts reach `recordDeliveryEvent`. `restart()` abandons
 * the runner as a crash would and starts a new one on the same table.
 */
export async function startServiceHarness(options: ServiceHarnessOptions = {}) {
  const stack = inject('stack');
  const settings = testServiceSettings();
  if (options.receiptSeconds !== undefined) {
    settings.timeouts = {
      ...settings.timeouts,
      receipt: { sms: options.receiptSeconds, email: options.receiptSeconds },
    };
  }
  const documents = documentStore();
  const http = await httpHarness(
    {
      documents,
      uploads: documents,
      service: settings,
      ...(options.identityVerifier ? { identityVerifier: options.identityVerifier } : {}),
      ...(options.webhooks ? { webhooks: options.webhooks } : {}),
      ...options.http?.deps,
    },
    options.http?.issuer ? { issuer: options.http.issuer } : {},
  );
  const { client, tableName } = http;

  // Receipts can come as soon as the emulators run; they reach the runtime once it is composed.
  let runtime: LocalRuntime | undefined;
  /** Receipts recorded, and dropped (still unmatched when the consumer's retries ran out). */
  const receipts = { recorded: 0, dropped: 0 };
  const record = async (delivery: ProviderDeliveryEvent) => {
    if (!runtime) return;
    try {
      await runtime.recordDeliveryEvent(delivery);
      receipts.recorded += 1;
    } catch (error) {
      receipts.dropped += 1;
      throw error;
    }
  };
  const gateway: SmsGateway = await startSmsGateway({
    receiptDelayMs: 50,
    onDeliveryStatus: (status) => record(deliveryEventFromSmsStatus(smsDeliveryStatusSchema.parse(status))),
  });
  const ses: SesLocal = await startSesLocal({
    pollMs: 50,
    sendEvents: true,
    onEvent: async (detail) => {
      const event = sesEventSchema.parse(detail);
      const acceptance = acceptanceFromSes(event);
      if (acceptance) return runtime?.recordEmailAcceptance(acceptance);
      const delivery = deliveryEventFromSes(event);
      if (delivery) await record(delivery);
    },
  });
  const clientConfig = (endpoint: string) => ({ endpoint, region: stack.region, credentials: localCredentials });
  const sms = new SnsSmsChannel({ clientConfig: clientConfig(gateway.endpoint) });
  const email = new SesEmailChannel({
    clientConfig: clientConfig(ses.endpoint),
    fromAddress: 'no-reply@platform.example',
  });
  runtime = composeLocalRuntime({
    definitions: await cachedWorkflowDefinitions(),
    proof: http.deps.proof,
    client,
    tableName,
    sms: options.wrapSms ? options.wrapSms(sms) : sms,
    email: options.wrapEmail ? options.wrapEmail(email) : email,
    documents,
    offers: { deadlineHours: 24, publicBaseUrl: settings.publicBaseUrl },
    service: settings,
    logger: createLogger('service-harness', 'ERROR'),
    clock: http.clock,
    quick: quickTimings,
    ...(options.webhooks ? { webhooks: { settings: options.webhooks, vault: http.deps.vault } } : {}),
  });
  const composed = runtime;
  const { relay } = composed;

  /** Emails the SES emulator holds for `address`. */
  async function emailsTo(
    address: string,
  ): Promise<Array<{ subject: string; body: { text?: string; html?: string } }>> {
    const response = await fetch(`${ses.endpoint}/store`);
    const body = (await response.json()) as {
      emails: Array<{ destination: { to: string[] }; subject: string; body: { text?: string; html?: string } }>;
    };
    return body.emails.filter((mail) => mail.destination.to.includes(address));
  }

  return {
    ...http,
    settings,
    documents,
    gateway,
    ses,
    deps: composed.serviceDeps,
    /** Message delivery's ports (the receipt consumer's), which the service tasks send through. */
    messageDeps: composed.messageDeps,
    receipts,
    /** The HTTP app's deps (allowances, vault): for use cases called directly with the app's limits. */
    httpDeps: http.deps,
    get runner() {
      return composed.workflows;
    },
    relay,
    emailsTo,
    smsTo: (number: string) => gateway.messages().filter((message) => message.phoneNumber === number),
    /** A crash of the workflow runtime and a start of a new one, resuming open executions from the top. */
    restart: () => composed.restartWorkflows(),
    /** Signs the heads of the chains that moved, as the one-minute schedule does. */
    checkpoint: () => composed.checkpoint(),
    async whenClosed(recipientId: string) {
      await eventually(
        `the ServiceDelivery execution for ${recipientId} has started`,
        async () => (await composed.workflows.getExecution('ServiceDelivery', recipientId)) !== undefined,
        { timeout: 15_000 },
      );
      return composed.workflows.whenClosed('ServiceDelivery', recipientId);
    },
    async stop() {
      await composed.stop();
      await Promise.allSettled([gateway.stop(), ses.stop()]);
    },
  };
}

export type ServiceHarness = Awaited<ReturnType<typeof startServiceHarness>>;
