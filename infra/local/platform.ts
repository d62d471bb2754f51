import type { AddressInfo } from 'node:net';
import type { Logger } from '@aws-lambda-powertools/logger';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { type ServerType, serve } from '@hono/node-server';
import { acceptanceFromSes, deliveryEventFromSes } from '../../functions/events/ses-delivery-event';
import { deliveryEventFromSmsStatus } from '../../functions/events/sms-delivery-event';
import { createApp } from '../../functions/http/app';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { LocalPiiVault } from '../../shared/adapters/crypto/local-pii-vault';
import { LocalProofSigner } from '../../shared/adapters/crypto/local-proof-signer';
import { DynamoAllowances } from '../../shared/adapters/dynamodb/allowances';
import { CursorSigner } from '../../shared/adapters/dynamodb/cursor';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { backfillEligibility, needsEligibilityBackfill } from '../../shared/adapters/dynamodb/eligibility-backfill';
import { FixedWindowRequestQuota } from '../../shared/adapters/dynamodb/fixed-window-request-quota';
import { DynamoIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency-store';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { tableProbe } from '../../shared/adapters/dynamodb/table-probe';
import { HttpsIdentityVerifier } from '../../shared/adapters/identity-verifier/https-identity-verifier';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { createLogger } from '../../shared/adapters/logging/logger';
import { S3CheckpointStore } from '../../shared/adapters/s3/s3-checkpoint-store';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store';
import { SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import type { SesEvent } from '../../shared/adapters/ses/ses-event';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import type { Config } from '../../shared/config/config';
import { loadConfig, requireSetting } from '../../shared/config/config';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import type { EmailAcceptance } from '../../shared/ports/email-acceptances';
import type { ProviderDeliveryEvent } from '../../shared/use-cases/message-delivery/record-delivery-event';
import { offerSettingsFrom } from '../../shared/use-cases/offers/deps';
import { type ServiceSettings, serviceSettings } from '../../shared/use-cases/service/deps';
import { webhookSettingsFrom } from '../../shared/use-cases/webhooks/deps';
import { apiEdge } from './api-edge';
import { synthesizedEdgeRoutes } from './api-edge-routes';
import { type Emulators, localCredentials, startEmulators } from './emulators';
import { LocalIssuer, localIssuerUrlFor, withLocalIssuer } from './local-issuer';
import { LocalManagedLogin } from './local-managed-login';
import { composeLocalRuntime, type LocalReconcilerOptions } from './local-runtime';
import { issuerClientsFile, issuerUsersFile, loadOrCreateSecrets } from './local-secrets';
import {
  localSignInClients,
  localSignInSettings,
  rosterMediatorSignIns,
  seedLocalParties,
  seedLocalStaff,
} from './local-sign-in';
import type { OutboxRelay } from './outbox-relay';
import { demoIdentities } from './seed/demo-disputes';
import { type SeedSummary, seedDemoData } from './seed/seed-demo-data';
import { cachedWorkflowDefinitions } from './workflow-definitions-cache';
import type { LocalWorkflowRunner } from './workflow-runner';

export interface PlatformOptions {
  /** Root of everything persisted (`.data` for `npm start`); undefined keeps it all in memory. */
  dataDir?: string;
  /** HTTP port; 0 picks a free one. */
  port?: number;
  tableName?: string;
  bucketName?: string;
  logLevel?: Config['LOG_LEVEL'];
  /** Seed the demo data (infra/local/seed) when the store is empty; default true. */
  seed?: boolean;
  /**
   * Tests only: a header that sets the client's address (functions/http/middleware/client-address.ts),
   * so a test can speak as several clients. `npm start` never sets it.
   */
  testClientAddressHeader?: string;
  /** Electronic service settings over the defaults (shorter receipt waits in tests). */
  service?: Partial<Omit<ServiceSettings, 'publicBaseUrl'>>;
  /** The reconciler's schedule and settings over the defaults (every 5 minutes, as in AWS). */
  reconciler?: LocalReconcilerOptions;
}

export interface Platform {
  urls: { api: string; docs: string; health: string; mailPage: string; smsPage: string };
  /** The local issuer (Cognito's stand-in): `tokens.sign(role, id)` mints a token as `npm run token` does. */
  tokens: LocalIssuer;
  /** People's sign-in pages and grants (Cognito managed login's stand-in): staff users, parties' subs. */
  managedLogin: LocalManagedLogin;
  config: Config;
  workflows: LocalWorkflowRunner;
  relay: OutboxRelay;
  emulators: Emulators;
  /** Open executions found at start and run again from the top. */
  resumedExecutions: string[];
  /**
   * The demo seed, running after the platform is ready: what it created at this start (zero counts
   * when all was there), or undefined when `seed` was false, it failed (logged) or the platform stopped first.
   */
  seeding: Promise<SeedSummary | undefined>;
  /** Stops everything in reverse order of start; open workflow executions resume at the next start. */
  stop(): Promise<void>;
}

/**
 * The whole platform on one machine: the emulators, then the same adapters and use cases that run
 * in AWS (composed here as each Lambda entry point composes them there), the workflow runner on
 * the CDK-synthesized definitions, the outbox relay, and the Hono app on a Node server.
 */
/** The embedded stack's checkpoint bucket, beside the documents bucket on s3rver. */
const checkpointBucketName = 'platform-checkpoints';

export async function startPlatform(options: PlatformOptions = {}): Promise<Platform> {
  const tableName = options.tableName ?? 'platform';
  const bucketName = options.bucketName ?? 'platform-documents';
  const logger = createLogger('local-platform', options.logLevel ?? 'INFO');
  const secrets = await loadOrCreateSecrets(options.dataDir);

  // Delivery events can arrive as soon as the emulators run; they are routed once the use case is wired.
  let routeDeliveryEvent: ((event: ProviderDeliveryEvent) => Promise<void>) | undefined;
  let smsRecorderReady: (record: (event: ProviderDeliveryEvent) => Promise<void>) => void = () => {};
  const smsRecorder = new Promise<(event: ProviderDeliveryEvent) => Promise<void>>((resolve) => {
    smsRecorderReady = resolve;
  });
  let routeEmailAcceptance: ((acceptance: EmailAcceptance) => Promise<void>) | undefined;
  const onDeliveryEvent = async (event: ProviderDeliveryEvent | undefined) => {
    if (!event) return;
    if (!routeDeliveryEvent) throw new Error('the platform is still starting');
    await routeDeliveryEvent(event);
  };
  // As the SES event consumer does: a Send event is kept as SES's acceptance, any other is a receipt.
  const onEmailEvent = async (detail: SesEvent) => {
    const acceptance = acceptanceFromSes(detail);
    if (!acceptance) return onDeliveryEvent(deliveryEventFromSes(detail));
    if (!routeEmailAcceptance) throw new Error('the platform is still starting');
    await routeEmailAcceptance(acceptance);
  };
  const emulators = await startEmulators({
    ...(options.dataDir === undefined ? {} : { dataDir: options.dataDir }),
    tableName,
    bucketName,
    checkpointBucketName,
    onEmailEvent,
    // Awaited (once the runtime is up): the gateway hands a record over again after a crash until
    // it has been recorded, as a log subscription delivers at least once.
    onSmsDeliveryStatus: async (record) => (await smsRecorder)(deliveryEventFromSmsStatus(record)),
    // The carrier's register of the demo's people, so demo respondents can join and consent.
    identities: [...demoIdentities],
  });

  // What has started so far, stopped in reverse if a later step fails, so no loop outlives a failed start.
  const startedParts: Array<() => Promise<void> | void> = [];
  try {
    const config = localConfig(emulators, options, { tableName, bucketName });
    const publicBaseUrl = requireSetting(config, 'PUBLIC_BASE_URL');
    const clientConfig = (endpoint: string | undefined) => ({
      endpoint,
      region: config.AWS_REGION,
      credentials: localCredentials,
    });
    const client = createDocumentClient(clientConfig(config.DYNAMODB_ENDPOINT));
    startedParts.push(() => client.destroy());
    const tokens = await LocalIssuer.create({
      key: secrets.issuerKey,
      issuer: localIssuerUrlFor(publicBaseUrl),
      ...(options.dataDir === undefined ? {} : { clientsFile: issuerClientsFile(options.dataDir) }),
    });
    const service = serviceSettings({ ...options.service, publicBaseUrl: publicBaseUrl });
    const documents = new S3DocumentStore({
      clientConfig: clientConfig(config.S3_ENDPOINT),
      bucket: bucketName,
      pathStyle: true,
    });
    const proof = {
      signer: new LocalProofSigner(secrets.proofKeyPem),
      checkpoints: new S3CheckpointStore({
        clientConfig: clientConfig(config.S3_ENDPOINT),
        bucket: requireSetting(config, 'CHECKPOINT_BUCKET'),
        retentionDays: config.CHECKPOINT_RETENTION_DAYS,
        pathStyle: true,
      }),
    };
    const vault = new LocalPiiVault({ encryptionKey: secrets.piiEncryptionKey, hmacKey: secrets.piiHmacKey });
    const webhooks = webhookSettingsFrom(config);
    const sms = new SnsSmsChannel({ clientConfig: clientConfig(config.SNS_ENDPOINT) });
    const email = new SesEmailChannel({
      clientConfig: clientConfig(config.SES_ENDPOINT),
      fromAddress: config.MAIL_FROM,
    });
    // Cognito's managed login stands here: one-time codes go out through the same SMS and email adapters.
    const managedLogin = await LocalManagedLogin.create({
      issuer: tokens,
      clients: localSignInClients(publicBaseUrl),
      sms,
      email,
      ...(options.dataDir === undefined ? {} : { usersFile: issuerUsersFile(options.dataDir) }),
      // The roster's mediators sign in by their subject id (asked at sign-in, once the store is up).
      staffDirectory: (username) => rosterMediatorSignIns(runtime.store.roster)(username),
    });
    await seedLocalStaff(managedLogin);
    if (options.seed !== false) await seedLocalParties(managedLogin);
    const managedLoginApp = managedLogin.routes();
    const runtime = composeLocalRuntime({
      definitions: await cachedWorkflowDefinitions(),
      proof,
      webhooks: { settings: webhooks, vault },
      client,
      tableName,
      sms,
      email,
      documents,
      offers: offerSettingsFrom(config, publicBaseUrl),
      service,
      sendsPerSecond: { sms: config.SMS_SENDS_PER_SECOND, email: config.EMAIL_SENDS_PER_SECOND },
      cursors: new CursorSigner(secrets.cursorKey),
      logger,
      ...(options.reconciler ? { reconciler: options.reconciler } : {}),
    });
    startedParts.push(() => runtime.stop());
    const { store, relay } = runtime;
    smsRecorderReady((event) => runtime.recordDeliveryEvent(event));
    // Awaited, as SMS records are: the SES emulator marks an event handed over only once this
    // returns, and hands it over again on its next poll (or after a restart) if it throws. Not
    // awaiting lost the receipts of mail sent just before a kill (the province day: 4 of 500).
    routeDeliveryEvent = (event) => runtime.recordDeliveryEvent(event);
    routeEmailAcceptance = (acceptance) => runtime.recordEmailAcceptance(acceptance);
    const resumedExecutions = await runtime.workflows.resumeOpenExecutions();
    // A data directory from before eligibility listings were kept: list its mediators before serving.
    if (await needsEligibilityBackfill(store)) {
      const backfill = await backfillEligibility(client, tableName, store);
      logger.info('roster eligibility listings backfilled', { ...backfill });
    }

    // The same HTTPS adapter as in AWS, configured with the emulator's endpoint and key.
    const identityVerifier = new HttpsIdentityVerifier({
      settings: async () => emulators.identityProvider.settings,
      onOutcome: (outcome) => logger.info('identity check', outcome),
    });
    const s3 = new S3Client({ ...clientConfig(config.S3_ENDPOINT), forcePathStyle: true });
    const app = createApp({
      store,
      idempotency: new DynamoIdempotencyStore(client, tableName, systemClock, vault),
      authenticator: tokens.authenticator(),
      courtCredentials: tokens.courtCredentials(),
      clock: systemClock,
      ids: randomIds,
      logger,
      vault,
      allowances: new DynamoAllowances(client, tableName, systemClock),
      requestQuota: new FixedWindowRequestQuota(client, tableName, systemClock, 600),
      ...(options.testClientAddressHeader ? { testClientAddressHeader: options.testClientAddressHeader } : {}),
      identityVerifier,
      offers: offerSettingsFrom(config, publicBaseUrl),
      calendar: chinaHolidayCalendar,
      // The token and revoke endpoints are answered in-process, as the JWKS is (local-issuer.ts).
      signIn: localSignInSettings(tokens, secrets.cursorKey, async (request) => managedLoginApp.fetch(request)),
      // No `issueLocalToken`: its pickers (an operator id, a mediator from a list) sign anyone in
      // without password or TOTP. Test harnesses pass it to their own app; the platform a person
      // starts signs staff in only through the managed login (or a pasted token minted with the key).
      publicBaseUrl: publicBaseUrl,
      documents,
      // Presigned uploads go straight to s3rver on loopback, as they go to S3 in AWS.
      uploads: documents,
      service,
      webhooks,
      proof,
      health: {
        dynamodb: tableProbe(client, tableName),
        s3: async () => {
          await s3.send(new HeadBucketCommand({ Bucket: bucketName }));
        },
        ses: httpProbe(emulators.urls.mailPage),
        sms: httpProbe(emulators.urls.smsPage),
        identity: httpProbe(`${emulators.identityProvider.endpoint}/health`),
        workflows: runningProbe('the workflow runner', () => runtime.workflows),
        outbox: runningProbe('the outbox relay', () => relay),
      },
    });
    // API Gateway's routes and authorizers from the synthesized template, in front of the app: what
    // it would refuse in AWS (an undeclared route, a bearer route without a valid token) is refused here.
    const edge = apiEdge(
      await synthesizedEdgeRoutes(),
      async (authorization) => (await tokens.authenticator().authenticate({ authorization })) !== undefined,
      app.fetch,
    );
    // The issuer answers /oauth2/token and its JWKS where Cognito's domain would, outside API Gateway's edge.
    const server = await listen(withLocalIssuer(tokens, edge, managedLogin), options.port ?? 3000);
    const api = `http://localhost:${(server.address() as AddressInfo).port}`;

    // The demo data seeds once the platform is ready, at every start: the seed is idempotent, so a
    // seed cut short by a stop is completed next time, and a complete one only looks.
    const stopSeeding = new AbortController();
    const seeding =
      options.seed === false
        ? Promise.resolve(undefined)
        : seedDemoData(
            {
              storeFor: (clock) =>
                new DynamoStateStore({
                  client,
                  tableName,
                  clock,
                  ids: randomIds,
                  onOutboxCommitted: (items) => relay.nudge(items),
                }),
              vault: new LocalPiiVault({ encryptionKey: secrets.piiEncryptionKey, hmacKey: secrets.piiHmacKey }),
              allowances: new DynamoAllowances(client, tableName, systemClock),
              calendar: chinaHolidayCalendar,
              publicBaseUrl: publicBaseUrl,
              clock: systemClock,
              identityVerifier,
            },
            { signal: stopSeeding.signal },
          ).catch((error: unknown) => {
            if (!stopSeeding.signal.aborted) logger.error('demo data not seeded', { error: error as Error });
            return undefined;
          });

    return {
      urls: { api, docs: `${api}/docs`, health: `${api}/health`, ...emulators.urls },
      tokens,
      managedLogin,
      config,
      get workflows() {
        return runtime.workflows;
      },
      relay,
      emulators,
      resumedExecutions,
      seeding,
      stop: async () => {
        stopSeeding.abort();
        await seeding;
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await runtime.stop();
        routeDeliveryEvent = undefined;
        routeEmailAcceptance = undefined;
        client.destroy();
        s3.destroy();
        await emulators.stop();
      },
    };
  } catch (error) {
    for (const stop of startedParts.reverse()) {
      await Promise.resolve()
        .then(stop)
        .catch((stopError: unknown) => logStopFailure(logger, stopError));
    }
    await emulators.stop().catch((stopError: unknown) => logStopFailure(logger, stopError));
    throw error;
  }
}

/** The platform's configuration on the embedded stack: the emulators' endpoints, and what the environment overrides. */
function localConfig(
  emulators: Emulators,
  options: PlatformOptions,
  names: { tableName: string; bucketName: string },
): Config {
  const { endpoints } = emulators;
  return loadConfig({
    PLATFORM_STAGE: 'local',
    AWS_REGION: endpoints.region,
    TABLE_NAME: names.tableName,
    DOCUMENTS_BUCKET: names.bucketName,
    CHECKPOINT_BUCKET: checkpointBucketName,
    DYNAMODB_ENDPOINT: endpoints.dynamodb,
    S3_ENDPOINT: endpoints.s3,
    SES_ENDPOINT: endpoints.ses,
    SNS_ENDPOINT: endpoints.sms,
    LOG_LEVEL: options.logLevel,
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL ?? (options.port ? `http://localhost:${options.port}` : undefined),
    OFFER_DEADLINE_HOURS: process.env.OFFER_DEADLINE_HOURS,
    MAIL_FROM: process.env.MAIL_FROM,
    WEBHOOK_RETRY_DELAYS_SECONDS: process.env.WEBHOOK_RETRY_DELAYS_SECONDS,
    WEBHOOK_RETRY_WINDOW_SECONDS: process.env.WEBHOOK_RETRY_WINDOW_SECONDS,
    WEBHOOK_ALLOWED_HOSTS: process.env.WEBHOOK_ALLOWED_HOSTS,
  });
}

function runningProbe(name: string, part: () => { isRunning(): boolean }) {
  return async () => {
    if (!part().isRunning()) throw new Error(`${name} is stopped`);
  };
}

function httpProbe(url: string) {
  return async () => {
    const response = await fetch(url, { signal: AbortSignal.timeout(1_500) });
    await response.body?.cancel();
    if (!response.ok) throw new Error(`answered ${response.status}`);
  };
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: '127.0.0.1' }, () => resolve(server));
    server.once('error', reject);
  });
}

function logStopFailure(logger: Logger, error: unknown): void {
  logger.error('a part of the platform did not stop cleanly', { error: error as Error });
}
