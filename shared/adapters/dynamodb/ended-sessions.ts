import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EndedSessions } from '../../ports/ended-sessions';

/**
 * Signed-out page sessions in the platform table: one item per session id, deleted by TTL once
 * the session's cookie would have expired anyway. The id is random and names no one.
 */
export class DynamoEndedSessions implements EndedSessions {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async end(sessionId: string, untilSeconds: number): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...keyOf(sessionId), expiresAt: untilSeconds } }),
    );
  }

  async ended(sessionId: string): Promise<boolean> {
    // Strongly consistent: a sign-out is in force from the next request, on any instance.
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(sessionId), ConsistentRead: true }),
    );
    return Item !== undefined;
  }
}

function keyOf(sessionId: string) {
  return { pk: `SESSION#${sessionId}`, sk: 'ENDED' };
}
