import type { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';
import { systemClock } from '../../../shared/adapters/clock/system-clock';
import { deriveKeyFromKms } from '../../../shared/adapters/crypto/kms-derived-key';
import { KmsPiiVault } from '../../../shared/adapters/crypto/kms-pii-vault';
import { DynamoAllowances } from '../../../shared/adapters/dynamodb/allowances';
import { CursorSigner } from '../../../shared/adapters/dynamodb/cursor';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';
import { DynamoEndedSessions } from '../../../shared/adapters/dynamodb/ended-sessions';
import { FixedWindowRequestQuota } from '../../../shared/adapters/dynamodb/fixed-window-request-quota';
import { DynamoIdempotencyStore } from '../../../shared/adapters/dynamodb/idempotency-store';
import { DynamoStateStore } from '../../../shared/adapters/dynamodb/state-store';
import { tableProbe } from '../../../shared/adapters/dynamodb/table-probe';
import {
  AccessTokenAuthenticator,
  verifiedByApiGatewayOr,
} from '../../../shared/adapters/identity/access-token-authenticator';
import { apiGatewayAuthenticator } from '../../../shared/adapters/identity/api-gateway-authenticator';
import { HttpsIdentityVerifier } from '../../../shared/adapters/identity-verifier/https-identity-verifier';
import { lambdaExtensionSecret } from '../../../shared/adapters/identity-verifier/lambda-extension-secret';
import { randomIds } from '../../../shared/adapters/ids/random-ids';
import { type Config, loadConfig, requireSetting } from '../../../shared/config/config';
import { chinaHolidayCalendar } from '../../../shared/domain/calendar/holiday-calendar-cn';
import { offerSettingsFrom } from '../../../shared/use-cases/offers/deps';
import { webhookSettingsFrom } from '../../../shared/use-cases/webhooks/deps';
import { createTelemetry, lambdaHandler, type Telemetry } from '../../middleware/lambda-handler';
import type { AppEnv } from '../app-env';
import { cognitoSignInSettings } from '../auth/cognito-sign-in';
import type { HttpPorts } from '../deps';
import type { RouteGroupName } from '../route-groups';

/**
 * What every route group's Lambda function (route-groups.ts) starts from: its settings, read once at
 * cold start (a bad setting fails the init, not a request), its telemetry and the DynamoDB client.
 * Each entry point then composes only the ports its routes use (`groupPorts`, and the S3 or
 * Cognito adapters in the entry points that need them), so its bundle carries only those clients.
 */
export interface GroupFunction {
  config: Config;
  publicBaseUrl: string;
  telemetry: Telemetry;
  client: ReturnType<typeof createDocumentClient>;
}

export function groupFunction(group: RouteGroupName): GroupFunction {
  const config = loadConfig(process.env);
  return {
    config,
    publicBaseUrl: requireSetting(config, 'PUBLIC_BASE_URL'),
    telemetry: createTelemetry(`http-${group}`, config.LOG_LEVEL),
    client: createDocumentClient({ region: config.AWS_REGION }),
  };
}

/** The ports every group but the platform's composes: the table, tokens, ID numbers, identity checks, settings. */
export function groupPorts({ config, publicBaseUrl, telemetry, client }: GroupFunction): HttpPorts {
  const { logger } = telemetry;
  // Every instance signs and checks cursors with the same key, derived (at the first list) from its KMS HMAC key.
  const cursorKeyId = requireSetting(config, 'CURSOR_HMAC_KEY_ID');
  const cursors = new CursorSigner(() =>
    deriveKeyFromKms({ region: config.AWS_REGION }, cursorKeyId, 'platform/pagination-cursor/v1'),
  );
  // Sign-in and session cookies are sealed with a key every instance derives alike from the same KMS HMAC key.
  const signIn = cognitoSignInSettings(
    config,
    () => deriveKeyFromKms({ region: config.AWS_REGION }, cursorKeyId, 'platform/session-cookie/v1'),
    new DynamoEndedSessions(client, config.TABLE_NAME),
  );
  const vault = KmsPiiVault.inRegion(config.AWS_REGION, {
    encryptionKeyId: requireSetting(config, 'PII_KMS_KEY_ID'),
    hmacKeyId: requireSetting(config, 'PII_HMAC_KEY_ID'),
  });
  return {
    store: new DynamoStateStore({ client, tableName: config.TABLE_NAME, clock: systemClock, ids: randomIds, cursors }),
    // Stored answers are sealed by the vault: they keep no personal data readable.
    idempotency: new DynamoIdempotencyStore(client, config.TABLE_NAME, systemClock, vault),
    allowances: new DynamoAllowances(client, config.TABLE_NAME, systemClock),
    requestQuota: new FixedWindowRequestQuota(client, config.TABLE_NAME, systemClock, config.COURT_REQUESTS_PER_MINUTE),
    authenticator: groupAuthenticator(config),
    ...(config.COURT_TOKEN_ENDPOINT === undefined ? {} : { courtTokenEndpoint: config.COURT_TOKEN_ENDPOINT }),
    clock: systemClock,
    ids: randomIds,
    logger,
    vault,
    identityVerifier: new HttpsIdentityVerifier({
      settings:
        config.IDENTITY_VERIFIER_SECRET_ARN === undefined
          ? async () => undefined
          : lambdaExtensionSecret({ secretId: config.IDENTITY_VERIFIER_SECRET_ARN }),
      onOutcome: (outcome) => logger.info('identity check', outcome),
    }),
    // DynamoDB is what every request needs (KMS only intake of ID numbers), so that is what it reports on.
    health: { dynamodb: tableProbe(client, config.TABLE_NAME) },
    offers: offerSettingsFrom(config, publicBaseUrl),
    webhooks: webhookSettingsFrom(config),
    calendar: chinaHolidayCalendar,
    publicBaseUrl,
    ...(signIn ? { signIn } : {}),
  };
}

/**
 * Tokens API Gateway has not verified (pages' sessions, routes without its authorizer) are verified
 * here with aws-jwt-verify against the pools' JWKS, fetched once per instance and cached.
 */
function groupAuthenticator(config: Config) {
  const partyClientIds = [requireSetting(config, 'PARTY_CLIENT_ID')];
  return verifiedByApiGatewayOr(
    apiGatewayAuthenticator({ partyClientIds }),
    new AccessTokenAuthenticator(
      {
        kind: 'cognito',
        userPoolIds: [
          requireSetting(config, 'PARTY_USER_POOL_ID'),
          requireSetting(config, 'STAFF_USER_POOL_ID'),
          requireSetting(config, 'COURT_USER_POOL_ID'),
        ],
      },
      { peopleClientIds: [...partyClientIds, requireSetting(config, 'STAFF_CLIENT_ID')], partyClientIds },
    ),
  );
}

/**
 * The group's app behind the same kit as every other function (logger context, cold start and
 * metrics, a failure logged and counted). API Gateway's event goes to Hono as it came: Hono's edge
 * (requestId, bodyLimit, secureHeaders, csrf) and the routes' schemas check what the app reads of it.
 */
export function serveGroup(telemetry: Telemetry, app: Hono<AppEnv>) {
  const serveRequest = handle(app);
  return lambdaHandler(telemetry, (event, context) =>
    serveRequest(event as Parameters<typeof serveRequest>[0], context),
  );
}
