import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock';
import type { SendRateLimiter } from '../../ports/send-rate-limiter';
import { tableSchema } from './table-schema';

/**
 * A fixed one-second window per channel, counted atomically in the table: `ADD count 1` only while
 * the count is below the limit. Windows expire by TTL a minute later.
 */
export class FixedWindowRateLimiter implements SendRateLimiter {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly perSecond: Record<'sms' | 'email', number>,
  ) {}

  async tryAcquire(channel: 'sms' | 'email'): Promise<boolean> {
    const second = Math.floor(this.clock.now().getTime() / 1000);
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk: `SEND_RATE#${channel}#${second}`, sk: 'SEND_RATE' },
          UpdateExpression: 'ADD #count :one SET #ttl = :ttl',
          ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
          ExpressionAttributeNames: { '#count': 'count', '#ttl': tableSchema.timeToLiveAttribute },
          ExpressionAttributeValues: { ':one': 1, ':limit': this.perSecond[channel], ':ttl': second + 60 },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
