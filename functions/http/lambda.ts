import { handle } from 'hono/aws-lambda';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { CognitoCourtCredentials } from '../../shared/adapters/cognito/cognito-court-credentials';
import { deriveKeyFromKms } from '../../shared/adapters/crypto/kms-derived-key';
import { KmsPiiVault } from '../../shared/adapters/crypto/kms-pii-vault';
import { DynamoAllowances } from '../../shared/adapters/dynamodb/allowances';
import { CursorSigner } from '../../shared/adapters/dynamodb/cursor';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { FixedWindowRequestQuota } from '../../shared/adapters/dynamodb/fixed-window-request-quota';
import { DynamoIdempotencyStore } from '../../shared/adapters/dynamodb/idempotency-store';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { tableProbe } from '../../shared/adapters/dynamodb/table-probe';
import {
  AccessTokenAuthenticator,
  verifiedByApiGatewayOr,
} from '../../shared/adapters/identity/access-token-authenticator';
import { apiGatewayAuthenticator } from '../../shared/adapters/identity/api-gateway-authenticator';
import { courtScope } from '../../shared/adapters/identity/cognito-claims';
import { HttpsIdentityVerifier } from '../../shared/adapters/identity-verifier/https-identity-verifier';
import { lambdaExtensionSecret } from '../../shared/adapters/identity-verifier/lambda-extension-secret';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store';
import { loadConfig, requireSetting } from '../../shared/config/config';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import { offerSettingsFrom } from '../../shared/use-cases/offers/deps';
import { webhookSettingsFrom } from '../../shared/use-cases/webhooks/deps';
import { awsProofDeps } from '../aws-adapters';
import { createTelemetry, lambdaHandler } from '../middleware/lambda-handler';
import { createApp } from './app';
import { cognitoSignInSettings } from './auth/cognito-sign-in';

/** Read once at cold start: a bad setting fails the init, not a request. */
const config = loadConfig(process.env);
const publicBaseUrl = requireSetting(config, 'PUBLIC_BASE_URL');
const telemetry = createTelemetry('http-api', config.LOG_LEVEL);
const { logger } = telemetry;
const client = createDocumentClient({ region: config.AWS_REGION });
// Every instance signs and checks cursors with the same key, derived (at the first list) from its KMS HMAC key.
const cursorKeyId = requireSetting(config, 'CURSOR_HMAC_KEY_ID');
const cursors = new CursorSigner(() =>
  deriveKeyFromKms({ region: config.AWS_REGION }, cursorKeyId, 'platform/pagination-cursor/v1'),
);

// Tokens API Gateway has not verified (pages' sessions, routes without its authorizer) are verified
// here with aws-jwt-verify against the pool's JWKS, fetched once per instance and cached.
const courtPoolId = requireSetting(config, 'COURT_USER_POOL_ID');
const partyClientIds = [requireSetting(config, 'PARTY_CLIENT_ID')];
const authenticator = verifiedByApiGatewayOr(
  apiGatewayAuthenticator({ partyClientIds }),
  new AccessTokenAuthenticator(
    {
      kind: 'cognito',
      userPoolIds: [
        requireSetting(config, 'PARTY_USER_POOL_ID'),
        requireSetting(config, 'STAFF_USER_POOL_ID'),
        courtPoolId,
      ],
    },
    { peopleClientIds: [...partyClientIds, requireSetting(config, 'STAFF_CLIENT_ID')], partyClientIds },
  ),
);

// Sign-in and session cookies are sealed with a key every instance derives alike from the same KMS HMAC key.
const signIn = cognitoSignInSettings(config, () =>
  deriveKeyFromKms({ region: config.AWS_REGION }, cursorKeyId, 'platform/session-cookie/v1'),
);

const vault = KmsPiiVault.inRegion(config.AWS_REGION, {
  encryptionKeyId: requireSetting(config, 'PII_KMS_KEY_ID'),
  hmacKeyId: requireSetting(config, 'PII_HMAC_KEY_ID'),
});

const app = createApp({
  store: new DynamoStateStore({ client, tableName: config.TABLE_NAME, clock: systemClock, ids: randomIds, cursors }),
  // Stored answers are sealed by the vault: they keep no personal data readable.
  idempotency: new DynamoIdempotencyStore(client, config.TABLE_NAME, systemClock, vault),
  allowances: new DynamoAllowances(client, config.TABLE_NAME, systemClock),
  requestQuota: new FixedWindowRequestQuota(client, config.TABLE_NAME, systemClock, config.COURT_REQUESTS_PER_MINUTE),
  authenticator,
  // Operators issue courts' credentials at run time: app clients on the pool (its only IAM grant there).
  courtCredentials: new CognitoCourtCredentials({
    clientConfig: { region: config.AWS_REGION },
    userPoolId: courtPoolId,
    scope: courtScope,
  }),
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
  proof: awsProofDeps(config),
  // Served documents go to S3 in the request that serves them (see request-service.ts for why);
  // large ones are uploaded by the client through URLs this function presigns, then checked here.
  ...documentsIn(config.DOCUMENTS_BUCKET),
});

function documentsIn(bucket: string | undefined) {
  if (bucket === undefined) return {};
  const documents = new S3DocumentStore({ clientConfig: { region: config.AWS_REGION }, bucket });
  return { documents, uploads: documents };
}

const serveRequest = handle(app);

/**
 * The same kit as every other function (logger context, cold start and metrics, a failure logged
 * and counted). API Gateway's event goes to Hono as it came: Hono's edge (requestId, bodyLimit,
 * secureHeaders, csrf) and the routes' schemas check what the app reads of it.
 */
export const handler = lambdaHandler(telemetry, (event, context) =>
  serveRequest(event as Parameters<typeof serveRequest>[0], context),
);
