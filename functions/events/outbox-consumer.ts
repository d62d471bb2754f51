import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoOutboxLedger } from '../../shared/adapters/dynamodb/outbox-ledger';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store';
import { loadConfig, requireSetting } from '../../shared/config/config';
import { offerSettingsFrom } from '../../shared/use-cases/offers/deps';
import { deliverOutboxItem } from '../../shared/use-cases/outbox/deliver-outbox-item';
import { outboxHandlers } from '../../shared/use-cases/outbox/outbox-handlers';
import { serviceSettings } from '../../shared/use-cases/service/deps';
import { awsStateStore, awsWorkflowEngine } from '../aws-adapters';
import { createTelemetry } from '../middleware/lambda-handler';
import { outboxConsumerHandler } from './outbox-consumer-handler';

/** Read once at cold start: a bad setting fails the init, not a batch. */
const config = loadConfig(process.env);
const publicBaseUrl = requireSetting(config, 'PUBLIC_BASE_URL');
const region = { region: config.AWS_REGION };
const ledger = new DynamoOutboxLedger(createDocumentClient(region), config.TABLE_NAME, systemClock);
const telemetry = createTelemetry('outbox-consumer', config.LOG_LEVEL);
const workflows = awsWorkflowEngine(config);
const handlers = outboxHandlers({
  workflows,
  // Operators' redrive requests (POST /v1/operations/failed-executions/{id}/redrive).
  operations: workflows,
  offers: {
    store: awsStateStore(config),
    clock: systemClock,
    ids: randomIds,
    settings: offerSettingsFrom(config, publicBaseUrl),
  },
  service: serviceSettings({ publicBaseUrl }),
  onMilestoneSkipped: (skipped) => telemetry.logger.warn('milestone not announced to a party', skipped),
  // Rulings are stored (rulings/*) and served from here, after the court's decision.
  ...(config.DOCUMENTS_BUCKET === undefined
    ? {}
    : { documents: new S3DocumentStore({ clientConfig: region, bucket: config.DOCUMENTS_BUCKET }) }),
});

/** An item set aside (failed too often) is not a batch failure: it must not hold up the shard. */
export const handler = outboxConsumerHandler(telemetry, async (item) => {
  const outcome = await deliverOutboxItem({ handlers, ledger }, item);
  if (outcome === 'set_aside') {
    telemetry.logger.error('outbox item set aside after failing too often', { outboxId: item.id, type: item.type });
    telemetry.metrics.addMetric('OutboxItemsSetAside', MetricUnit.Count, 1);
  }
});
