import { systemClock } from '../../shared/adapters/clock/system-clock';
import { KmsPiiVault } from '../../shared/adapters/crypto/kms-pii-vault';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { HttpsWebhookSender } from '../../shared/adapters/webhooks/https-webhook-sender';
import { loadConfig, requireSetting } from '../../shared/config/config';
import { type WebhookDeliveryDeps, webhookSettingsFrom } from '../../shared/use-cases/webhooks/deps';
import { awsStateStore } from '../aws-adapters';
import { createTelemetry, lambdaHandler } from '../middleware/lambda-handler';
import { dispatchWebhookDeliveryTask } from './webhook-delivery-tasks';

/** Read once at cold start: a bad setting fails the init, not a task. */
const config = loadConfig(process.env);
const settings = webhookSettingsFrom(config);

const deps: WebhookDeliveryDeps = {
  store: awsStateStore(config),
  clock: systemClock,
  ids: randomIds,
  // Reveals the endpoints' sealed secrets to sign with.
  vault: KmsPiiVault.inRegion(config.AWS_REGION, {
    encryptionKeyId: requireSetting(config, 'PII_KMS_KEY_ID'),
    hmacKeyId: requireSetting(config, 'PII_HMAC_KEY_ID'),
  }),
  settings,
  // In AWS nothing is allow-listed: only public addresses, over https.
  sender: new HttpsWebhookSender({ policy: settings.policy }),
};

/** The WebhookDelivery state machine's task function. */
export const handler = lambdaHandler(createTelemetry('webhook-delivery', config.LOG_LEVEL), (payload) =>
  dispatchWebhookDeliveryTask(deps, payload),
);
