import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { tableSchema } from './table-schema';

/** One fixed window's counter item: its key, how many it admits, when it expires (epoch seconds, by TTL). */
export interface FixedWindow {
  pk: string;
  sk: string;
  limit: number;
  expiresAt: number;
}

/**
 * Counts one more in the window, atomically, in one write: `ADD count 1` only while the count is below
 * the limit. False when the window is full (nothing written); the send limiter and the request
 * quota both count this way.
 */
export async function countInWindow(
  client: DynamoDBDocumentClient,
  tableName: string,
  window: FixedWindow,
): Promise<boolean> {
  try {
    await client.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: window.pk, sk: window.sk },
        UpdateExpression: 'ADD #count :one SET #ttl = :ttl',
        ConditionExpression: 'attribute_not_exists(#count) OR #count < :limit',
        ExpressionAttributeNames: { '#count': 'count', '#ttl': tableSchema.timeToLiveAttribute },
        ExpressionAttributeValues: { ':one': 1, ':limit': window.limit, ':ttl': window.expiresAt },
      }),
    );
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
