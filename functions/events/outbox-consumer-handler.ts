import { DynamoDBStreamSchema } from '@aws-lambda-powertools/parser/schemas/dynamodb';
import type { DynamoDBBatchResponse } from 'aws-lambda';
import { pendingOutboxItemFromStreamImage } from '../../shared/adapters/dynamodb/outbox-ledger';
import type { OutboxItem } from '../../shared/ports/outbox';
import { countMetric, type LambdaEntryPoint, lambdaHandler, type Telemetry } from '../middleware/lambda-handler';

/** The use case the outbox consumer calls for each item, bound to its deps by the entry point. */
export type DeliverOutboxItem = (item: OutboxItem) => Promise<void>;

/**
 * The table's stream, checked by Powertools' `DynamoDBStreamSchema` (images unmarshalled), filtered to new outbox items (the event source mapping's filter), delivered
 * in order per shard. A failed item is reported by its sequence number, so the batch is retried
 * from there and nothing after it is lost; consumers are idempotent, so the retry is safe. A batch
 * that is not a DynamoDB stream batch fails whole (the kit's `fail`): dropping it would lose side
 * effects, so it is retried and finally parked in the failure queue.
 */
export function outboxConsumerHandler(
  telemetry: Telemetry,
  deliver: DeliverOutboxItem,
): LambdaEntryPoint<DynamoDBBatchResponse> {
  const { logger, metrics } = telemetry;
  return lambdaHandler(
    telemetry,
    async ({ Records }) => {
      for (const record of Records) {
        const item = pendingOutboxItemFromStreamImage(record.dynamodb.NewImage);
        if (!item) continue;
        try {
          await deliver(item);
          countMetric(metrics, 'OutboxItemsDelivered');
        } catch (error) {
          logger.error('outbox item not delivered', { outboxId: item.id, type: item.type, error: error as Error });
          countMetric(metrics, 'OutboxItemsFailed');
          return { batchItemFailures: [{ itemIdentifier: sequenceNumberOf(record.dynamodb) }] };
        }
      }
      return { batchItemFailures: [] };
    },
    { schema: DynamoDBStreamSchema, onMismatch: 'fail' },
  );
}

/**
 * Where the batch resumes from. Powertools types a record's change as a union with its Kinesis
 * variant, which has no sequence number; `DynamoDBStreamSchema` requires one, so it is always there.
 */
function sequenceNumberOf(change: object): string {
  if ('SequenceNumber' in change && typeof change.SequenceNumber === 'string') return change.SequenceNumber;
  throw new Error('a DynamoDB stream record without a SequenceNumber');
}
