import { randomBytes } from 'node:crypto';
import { type NativeAttributeValue, paginateScan } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { createApp } from '../../functions/http/app';
import { type HttpDeps, withCapabilities } from '../../functions/http/deps';
import { localCredentials } from '../../infra/local/emulators';
import { LocalIssuer } from '../../infra/local/local-issuer';
import { LocalManagedLogin, type LocalManagedLoginOptions } from '../../infra/local/local-managed-login';
import { localStaffAccounts } from '../../infra/local/local-sign-in';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { LocalPiiVault } from '../../shared/adapters/crypto/local-pii-vault';
import { LocalProofSigner } from '../../shared/adapters/crypto/local-proof-signer';
import { DynamoAllowances } from '../../shared/adapters/dynamodb/allowances';
import { DynamoIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency-store';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { tableProbe } from '../../shared/adapters/dynamodb/table-probe';
import { HttpsIdentityVerifier } from '../../shared/adapters/identity-verifier/https-identity-verifier';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { createLogger } from '../../shared/adapters/logging/logger';
import { S3CheckpointStore } from '../../shared/adapters/s3/s3-checkpoint-store';
import { SesEmailChannel } from '../../shared/adapters/ses/ses-email-channel';
import { SnsSmsChannel } from '../../shared/adapters/sns/sns-sms-channel';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import type { Role } from '../../shared/domain/principal';
import type { ProofDeps } from '../../shared/use-cases/proof/deps';
import { freshTable } from './local-table';
import { TestClock } from './test-clock';

/** The checkpoint bucket the run's global setup created on s3rver. */
export const testCheckpointBucket = 'platform-checkpoints-test';

/** A fresh proof key per harness and the test checkpoint bucket (each chain id is new per test). */
export function testProofDeps(signer = new LocalProofSigner(LocalProofSigner.generatePrivateKeyPem())): ProofDeps {
  const stack = inject('stack');
  return {
    signer,
    checkpoints: new S3CheckpointStore({
      clientConfig: { endpoint: stack.s3, region: stack.region, credentials: localCredentials },
      bucket: testCheckpointBucket,
      retentionDays: 1,
      pathStyle: true,
    }),
  };
}

/**
 * The HTTP app wired to real adapters on a fresh DynamoDB Local table, driven through app.request().
 * The identity verifier is the HTTPS adapter unconfigured (every check answers `none`) unless a test
 * passes one talking to the identity provider emulator.
 */
export async function httpHarness(overrides: Partial<HttpDeps> = {}, options: { issuer?: string } = {}) {
  const { client, tableName } = await freshTable();
  // The local issuer: tokens verified by the same aws-jwt-verify checks as in AWS, courts' clients in memory.
  // At another address when a browser must reach its sign-in pages (test/support/sign-in-harness.ts).
  const tokens = await LocalIssuer.ephemeral(options.issuer);
  const store = new DynamoStateStore({ client, tableName, clock: systemClock, ids: randomIds });
  // What the use cases take as "now": a test reaches a deadline by moving it (and spends allowances).
  const clock = new TestClock();
  // Allowances run on the use cases' clock (a test's own, when it brings one).
  const allowances = new DynamoAllowances(client, tableName, overrides.clock ?? clock);
  const vault = new LocalPiiVault({ encryptionKey: randomBytes(32), hmacKey: randomBytes(32) });
  const deps: HttpDeps = withCapabilities({
    store,
    idempotency: new DynamoIdempotencyStore(client, tableName, systemClock, vault),
    authenticator: tokens.authenticator(),
    courtCredentials: tokens.courtCredentials(),
    // Mediators registered without a sign-in get one at a managed login of the harness's own.
    staffAccounts: localStaffAccounts(await harnessManagedLogin(tokens)),
    clock,
    ids: randomIds,
    logger: createLogger('http-test', 'ERROR'),
    vault,
    allowances,
    // Tests speak as several clients (an attacker and a link's owner) through this header.
    testClientAddressHeader: 'x-test-client-address',
    health: { dynamodb: tableProbe(client, tableName) },
    calendar: chinaHolidayCalendar,
    publicBaseUrl: 'http://localhost:3000',
    proof: testProofDeps(),
    ...overrides,
    identityVerifier: overrides.identityVerifier ?? new HttpsIdentityVerifier({ settings: async () => undefined }),
  });
  const app = createApp(deps);

  async function call(
    method: string,
    path: string,
    options: { as?: [Role, string]; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
  ) {
    const headers: Record<string, string> = { ...options.headers };
    // A browser's form post carries its page's origin (pages refuse form posts from elsewhere).
    if (/x-www-form-urlencoded|multipart\/form-data/.test(headers['content-type'] ?? '')) {
      headers.origin ??= 'http://localhost';
    }
    if (options.as) headers.authorization = `Bearer ${await tokens.sign(...options.as)}`;
    let body: string | undefined = options.rawBody;
    if (options.body !== undefined) {
      body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
    const response = await app.request(path, { method, headers, body });
    const text = await response.text();
    const isJson = /json/.test(response.headers.get('content-type') ?? '');
    return {
      status: response.status,
      headers: response.headers,
      text,
      json: isJson && text ? JSON.parse(text) : undefined,
    };
  }

  /**
   * A court on the roster with its own client, as an operator registers one: the client id a test
   * speaks as (`as: ['court', clientId]`). A court token's client must be on the roster: any other
   * client is refused (401) before a route runs.
   */
  async function registeredCourtClient(name = 'Test Court'): Promise<string> {
    const clientId = `client${randomBytes(6).toString('hex')}`;
    const response = await call('POST', '/v1/courts', {
      as: ['operator', 'op-harness'],
      body: {
        name,
        level: 'basic',
        regionCode: '440304',
        jurisdiction: { regions: ['440304'], caseTypes: [] },
        clientId,
      },
    });
    if (response.status !== 201) throw new Error(`court not registered: ${response.status} ${response.text}`);
    return clientId;
  }

  /**
   * Every item in the table, every page of the scan (one page holds 1 MB, and the flow suites' table
   * outgrows it): to prove a rejected request wrote nothing.
   */
  async function allItems() {
    const items: Record<string, NativeAttributeValue>[] = [];
    for await (const page of paginateScan({ client }, { TableName: tableName, ConsistentRead: true })) {
      items.push(...(page.Items ?? []));
    }
    return items;
  }

  return {
    app,
    clock,
    deps,
    store,
    tokens,
    call,
    allItems,
    registeredCourtClient,
    client,
    tableName,
    uniqueClientId: () => `client${randomBytes(6).toString('hex')}`,
  };
}

/**
 * A managed login whose one-time codes go to the run's SMS gateway and mail emulator. The HTTP
 * harness's has no pages' client (it only creates staff sign-ins); signInHarness's has them.
 */
export async function harnessManagedLogin(
  issuer: LocalIssuer,
  options: Partial<Omit<LocalManagedLoginOptions, 'issuer' | 'sms' | 'email'>> = {},
): Promise<LocalManagedLogin> {
  const stack = inject('stack');
  const clientConfig = (endpoint: string) => ({ endpoint, region: stack.region, credentials: localCredentials });
  return LocalManagedLogin.create({
    issuer,
    clients: [],
    sms: new SnsSmsChannel({ clientConfig: clientConfig(stack.sms) }),
    email: new SesEmailChannel({ clientConfig: clientConfig(stack.ses), fromAddress: 'no-reply@platform.example' }),
    ...options,
  });
}
