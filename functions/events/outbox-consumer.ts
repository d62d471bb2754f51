import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoOutboxLedger } from '../../shared/adapters/dynamodb/outbox-ledger';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store';
import { loadConfig, requireSetting } from '../../shared/config/config';
import type { OutboxItem } from '../../shared/ports/outbox';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { offerSettingsFrom } from '../../shared/use-cases/offers/deps';
import { businessFiguresOf } from '../../shared/use-cases/operations/business-figures';
import { deliverOutboxItem } from '../../shared/use-cases/outbox/deliver-outbox-item';
import { serviceSettings } from '../../shared/use-cases/service/deps';
import { awsStateStore, awsWorkflowEngine } from '../aws-adapters';
import { createTelemetry } from '../middleware/lambda-handler';
import { outboxConsumerHandler } from './outbox-consumer-handler';
import { outboxHandlers } from './outbox-handlers';

/** Read once at cold start: a bad setting fails the init, not a batch. */
const config = loadConfig(process.env);
const publicBaseUrl = requireSetting(config, 'PUBLIC_BASE_URL');
const region = { region: config.AWS_REGION };
const ledger = new DynamoOutboxLedger(createDocumentClient(region), config.TABLE_NAME, systemClock);
const telemetry = createTelemetry('outbox-consumer', config.LOG_LEVEL);
const workflows = awsWorkflowEngine(config);
const store = awsStateStore(config);
const handlers = outboxHandlers({
  workflows,
  // Operators' redrive requests (POST /v1/operations/failed-executions/{id}/redrive).
  operations: workflows,
  offers: {
    store,
    clock: systemClock,
    ids: randomIds,
    settings: offerSettingsFrom(config, publicBaseUrl),
    requestMessage: messageRequests({ store, clock: systemClock, ids: randomIds }),
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
  const outcome = await deliverOutboxItem({ handlers, ledger, clock: systemClock }, item);
  if (outcome === 'set_aside') {
    telemetry.logger.error('outbox item set aside after failing too often', { outboxId: item.id, type: item.type });
    telemetry.metrics.addMetric('OutboxItemsSetAside', MetricUnit.Count, 1);
    return;
  }
  await countBusinessFigures(item);
});

/** The dashboard's business figures (EMF, flushed by the handler kit); a figure never fails a delivery. */
async function countBusinessFigures(item: OutboxItem): Promise<void> {
  try {
    for (const figure of await businessFiguresOf({ store }, item)) {
      telemetry.metrics.addMetric(
        figure.name,
        figure.unit === 'Count' ? MetricUnit.Count : MetricUnit.NoUnit,
        figure.value,
      );
    }
  } catch (error) {
    telemetry.logger.warn('business figures not counted', { outboxId: item.id, error: error as Error });
  }
}
