import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock';
import type { RequestQuota } from '../../ports/request-quota';
import { tableSchema } from './table-schema';

/**
 * A fixed one-minute window per subject, counted atomically in the table (one write per request):
 * `ADD count 1` only while the count is below the limit. Windows expire by TTL.
 */
export class FixedWindowRequestQuota implements RequestQuota {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly perMinute: number,
  ) {}

  async take(subject: string): Promise<{ ok: true } | { ok: false; retryAt: Date }> {
    const minute = Math.floor(this.clock.now().getTime() / 60_000);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `REQUEST_QUOTA#${subject}#${minute}`, sk: 'REQUEST_QUOTA' },
          UpdateExpression: 'ADD #count :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': tableSchema.timeToLiveAttribute },
          ExpressionAttributeValues: { ':one': 1, ':limit': this.perMinute, ':ttl': (minute + 2) * 60 },
        }),
      );
      return { ok: true };
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException)
        return { ok: false, retryAt: new Date((minute + 1) * 60_000) };
      throw error;
    }
  }
}
