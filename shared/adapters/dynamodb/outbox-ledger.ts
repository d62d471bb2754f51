import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock';
import type { OutboxItem } from '../../ports/outbox';
import type { OutboxLedger } from '../../ports/outbox-ledger';
import { keys, outboxPendingIndexes, outboxPendingIndexOf } from './table-schema';

/**
 * Pending outbox items sit on a sparse index, spread over a few partitions
 * (gsi1pk = OUTBOX#pending#<shard>, see `keys`); delivering one removes it from the index. In AWS
 * the table's stream delivers them and the index serves reconciliation; locally the relay reads it.
 */
export class DynamoOutboxLedger implements OutboxLedger {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
  ) {}

  async listPending(limit: number): Promise<OutboxItem[]> {
    return this.oldestPending(limit, outboxPendingIndexes());
  }

  async listPendingCreatedBefore(createdBefore: string, limit: number): Promise<OutboxItem[]> {
    // gsi1sk is `<createdAt>#<id>`: every key below the cut-off's own time is older.
    return this.oldestPending(limit, outboxPendingIndexes(), createdBefore);
  }

  /** The oldest `limit` pending items over the given shards: each shard's oldest, merged. */
  private async oldestPending(limit: number, indexes: readonly string[], sortKeyBelow?: string): Promise<OutboxItem[]> {
    const shards = await Promise.all(indexes.map((index) => this.queryIndex(index, limit, sortKeyBelow)));
    return shards
      .flat()
      .sort((a, b) => compare(orderOf(a), orderOf(b)))
      .slice(0, limit);
  }

  async listSetAside(limit: number): Promise<OutboxItem[]> {
    return this.queryIndex(keys.outboxDeadLetterIndex, limit);
  }

  private async queryIndex(gsi1pk: string, limit: number, sortKeyBelow?: string): Promise<OutboxItem[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: sortKeyBelow === undefined ? 'gsi1pk = :pk' : 'gsi1pk = :pk AND gsi1sk < :below',
        ExpressionAttributeValues: {
          ':pk': gsi1pk,
          ...(sortKeyBelow === undefined ? {} : { ':below': sortKeyBelow }),
        },
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

  async recordFailure(id: string, error: string): Promise<{ failures: number; firstFailureAt: string }> {
    const result = await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.outbox(id),
        UpdateExpression:
          'SET failures = if_not_exists(failures, :zero) + :one, lastError = :error, firstFailureAt = if_not_exists(firstFailureAt, :now)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: {
          ':zero': 0,
          ':one': 1,
          ':error': error.slice(0, 500),
          ':now': this.clock.now().toISOString(),
        },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return {
      failures: Number(result.Attributes?.failures ?? 1),
      firstFailureAt: String(result.Attributes?.firstFailureAt ?? this.clock.now().toISOString()),
    };
  }

  /**
   * Only a pending item moves: one delivered meanwhile stays delivered. Its place in the
   * dead-letter index keeps the original creation order, so operators see the oldest first.
   */
  async setAside(id: string, error: string): Promise<void> {
    await this.conditionalUpdate({
      Key: keys.outbox(id),
      UpdateExpression: 'SET #status = :deadLetter, gsi1pk = :deadLetterIndex, setAsideAt = :now, lastError = :error',
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':deadLetter': 'dead_letter',
        ':deadLetterIndex': keys.outboxDeadLetterIndex,
        ':pending': 'pending',
        ':now': this.clock.now().toISOString(),
        ':error': error.slice(0, 500),
      },
    });
  }

  /** Back to pending (the stream then delivers it again in AWS; the relay locally), failures reset. */
  async requeue(id: string): Promise<void> {
    await this.conditionalUpdate({
      Key: keys.outbox(id),
      UpdateExpression:
        'SET #status = :pending, gsi1pk = :pendingIndex, failures = :zero, requeuedAt = :now REMOVE firstFailureAt',
      ConditionExpression: '#status = :deadLetter',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':deadLetter': 'dead_letter',
        ':pendingIndex': outboxPendingIndexOf(id),
        ':pending': 'pending',
        ':zero': 0,
        ':now': this.clock.now().toISOString(),
      },
    });
  }

  /** An update whose condition failing means "already done": harmless to repeat. */
  private async conditionalUpdate(input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName'>) {
    try {
      await this.client.send(new UpdateCommand({ TableName: this.tableName, ...input }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}

/** An item's place in the pending order, as its index sort key (`<createdAt>#<id>`) has it. */
function orderOf(item: OutboxItem): string {
  return `${item.createdAt}#${item.id}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
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
