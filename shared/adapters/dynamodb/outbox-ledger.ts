import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock';
import type { OutboxItem } from '../../ports/outbox';
import type { OutboxLedger } from '../../ports/outbox-ledger';
import { keys } from './table-schema';

/**
 * Pending outbox items sit on a sparse index (gsi1pk = OUTBOX#pending); delivering one removes it
 * from the index. In AWS the table's stream delivers them and the index serves reconciliation;
 * locally the relay reads it.
 */
export class DynamoOutboxLedger implements OutboxLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async listPending(limit: number): Promise<OutboxItem[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pending',
        ExpressionAttributeValues: { ':pending': keys.outboxPendingIndex },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map(toOutboxItem);
  }

  async markDone(id: string): Promise<void> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.outbox(id),
          UpdateExpression: 'SET #status = :done, deliveredAt = :now REMOVE gsi1pk, gsi1sk',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':done': 'done', ':now': this.clock.now().toISOString() },
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }

  async recordFailure(id: string, error: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outbox(id),
        UpdateExpression: 'SET failures = if_not_exists(failures, :zero) + :one, lastError = :error',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':zero': 0, ':one': 1, ':error': error.slice(0, 500) },
      }),
    );
  }
}

export function toOutboxItem(item: Record<string, unknown>): OutboxItem {
  return {
    id: String(item.id),
    type: String(item.type),
    payload: (item.payload ?? {}) as Record<string, unknown>,
    chainId: String(item.chainId),
    eventSeq: Number(item.eventSeq),
    createdAt: String(item.createdAt),
  };
}

/**
 * The pending outbox item a stream record's new image holds (unmarshalled, as Powertools'
 * `DynamoDBStreamSchema` hands it over), or undefined for any other item or status (the event
 * source mapping filters to these; this keeps the handler safe without it).
 */
export function pendingOutboxItemFromStreamImage(image: Record<string, unknown> | undefined): OutboxItem | undefined {
  if (!image) return undefined;
  if (!String(image.pk ?? '').startsWith('OUTBOX#') || image.status !== 'pending') return undefined;
  return toOutboxItem(image);
}
