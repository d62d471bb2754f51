import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { StoredEntity } from '../../ports/table';

/**
 * Writes `items` beside `entity` in one transaction, on condition that the entity still has the
 * version it was read at: how a backfill adds items derived from an entity without a stale copy
 * overwriting what the entity's own later write kept in step. False when the entity had changed
 * (nothing written).
 */
export async function putBesideUnchanged(
  client: DynamoDBDocumentClient,
  tableName: string,
  entity: StoredEntity,
  items: Record<string, unknown>[],
): Promise<boolean> {
  try {
    await client.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            ConditionCheck: {
              TableName: tableName,
              Key: entity.key,
              ConditionExpression: 'version = :version',
              ExpressionAttributeValues: { ':version': entity.version },
            },
          },
          ...items.map((item) => ({ Put: { TableName: tableName, Item: item } })),
        ],
      }),
    );
    return true;
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    return false;
  }
}
