import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, type DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { CheckpointQueue } from '../../ports/checkpoint-store';
import { checkpointDueKey } from './state-store';
import { keys } from './table-schema';

/** The marks the state store leaves on every commit (`checkpointDueKey`), read shard by shard. */
export class DynamoCheckpointQueue implements CheckpointQueue {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async *due(): AsyncIterable<{ chainId: string; seq: number }> {
    for (let shard = 0; shard < keys.checkpointDueShards; shard++) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.checkpointDue(shard, '').pk },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          if (typeof item.chainId === 'string' && typeof item.seq === 'number') {
            yield { chainId: item.chainId, seq: item.seq };
          }
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
  }

  async clear(chainId: string, seq: number): Promise<void> {
    try {
      await this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: checkpointDueKey(chainId),
          ConditionExpression: 'seq <= :seq',
          ExpressionAttributeValues: { ':seq': seq },
        }),
      );
    } catch (error) {
      // A newer commit moved the head after this checkpoint: its mark stays for the next run.
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
