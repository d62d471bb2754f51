import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoOutboxLedger, pendingOutboxItemFromStreamImage } from '../../shared/adapters/dynamodb/outbox-ledger';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { createLogger } from '../../shared/adapters/logging/logger';
import { S3DocumentStore } from '../../shared/adapters/s3/s3-document-store';
import { loadConfig } from '../../shared/config/config';
import { offerSettingsFrom } from '../../shared/use-cases/offers/deps';
import { deliverOutboxItem } from '../../shared/use-cases/outbox/deliver-outbox-item';
import { outboxHandlers } from '../../shared/use-cases/outbox/outbox-handlers';
import { serviceSettings } from '../../shared/use-cases/service/deps';
import { awsStateStore, awsWorkflowEngine } from '../aws-adapters';
import { injectLambdaContext } from '../middleware/inject-lambda-context';

/** Read once at cold start: a bad setting fails the init, not a batch. */
const config = loadConfig(process.env);
const logger = createLogger('outbox-consumer', config.LOG_LEVEL);
const region = { region: config.AWS_REGION };
const ledger = new DynamoOutboxLedger(createDocumentClient(region), config.TABLE_NAME, systemClock);
const handlers = outboxHandlers({
  workflows: awsWorkflowEngine(config),
  offers: { store: awsStateStore(config), clock: systemClock, ids: randomIds, settings: offerSettingsFrom(config) },
  service: serviceSettings({ publicBaseUrl: config.PUBLIC_BASE_URL }),
  // Rulings are stored (rulings/*) and served from here, after the court's decision.
  ...(config.DOCUMENTS_BUCKET === undefined
    ? {}
    : { documents: new S3DocumentStore({ clientConfig: region, bucket: config.DOCUMENTS_BUCKET }) }),
});

/**
 * The table's stream, filtered to new outbox items (the event source mapping's filter), delivered
 * in order per shard. A failed item is reported by its sequence number, so the batch is retried
 * from there and nothing after it is lost; consumers are idempotent, so the retry is safe.
 */
async function handle(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  for (const record of event.Records) {
    const item = pendingOutboxItemFromStreamImage(record.dynamodb?.NewImage);
    if (!item) continue;
    try {
      await deliverOutboxItem({ handlers, ledger }, item);
    } catch (error) {
      logger.error('outbox item not delivered', { outboxId: item.id, type: item.type, error: error as Error });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}

export const handler = middy(handle).use(injectLambdaContext(logger));
