import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import * as z from 'zod';
import type { Clock } from '../../ports/clock';
import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from '../../ports/idempotency-store';
import type { PiiVault } from '../../ports/pii-vault';
import { keys } from './table-schema';

const storedResponseSchema = z.union([
  z.object({ status: z.number().int(), contentType: z.string(), sealedBody: z.string().min(1) }),
  z.object({ status: z.number().int(), contentType: z.string(), body: z.string() }),
]);

/** How long a key is remembered: a day covers any client's retry policy. */
const retentionSeconds = 24 * 60 * 60;
/** A claim older than this with no response is a crashed request; a retry may take it over. */
const staleClaimSeconds = 60;

/**
 * `Idempotency-Key`s and the answers given to them. An answer is kept only to be replayed, and it
 * may carry personal data (a mediator's phone, a party's name, an email), so its body is stored
 * sealed by the PII vault (envelope encryption, a KMS data key per answer in AWS) and opened only
 * for a replay: the item itself holds status, content type and ciphertext, nothing readable.
 */
export class DynamoIdempotencyStore implements IdempotencyStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly clock: Clock,
    private readonly vault: Pick<PiiVault, 'seal' | 'reveal'>,
  ) {}

  async claim(scope: string, key: string, requestHash: string): Promise<IdempotencyClaim> {
    const nowSeconds = Math.floor(this.clock.now().getTime() / 1000);
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.idempotency(scope, key),
            requestHash,
            state: 'in_progress',
            claimedAt: nowSeconds,
            expiresAt: nowSeconds + retentionSeconds,
          },
          // A new key, an expired one (TTL deletes lazily) or a claim abandoned by a crash.
          ConditionExpression:
            'attribute_not_exists(pk) OR expiresAt < :now OR (#state = :inProgress AND claimedAt < :stale AND requestHash = :hash)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':now': nowSeconds,
            ':inProgress': 'in_progress',
            ':stale': nowSeconds - staleClaimSeconds,
            ':hash': requestHash,
          },
        }),
      );
      return { outcome: 'claimed' };
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
    const existing = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }),
    );
    const item = existing.Item;
    if (!item) return this.claim(scope, key, requestHash); // released in between
    if (item.requestHash !== requestHash) return { outcome: 'mismatch' };
    if (item.state === 'completed') return { outcome: 'replay', response: await this.opened(item.response) };
    return { outcome: 'in_progress' };
  }

  async complete(scope: string, key: string, response: StoredResponse): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.idempotency(scope, key),
        UpdateExpression: 'SET #state = :completed, #response = :response',
        ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
        ExpressionAttributeValues: {
          ':completed': 'completed',
          ':response': {
            status: response.status,
            contentType: response.contentType,
            sealedBody: await this.vault.seal(response.body),
          },
        },
      }),
    );
  }

  private async opened(stored: unknown): Promise<StoredResponse> {
    const response = storedResponseSchema.parse(stored);
    // Answers stored before bodies were sealed (gone within a day, by TTL) are given back as they are.
    if ('body' in response) return response;
    const { sealedBody, ...rest } = response;
    return { ...rest, body: await this.vault.reveal(sealedBody) };
  }

  async release(scope: string, key: string): Promise<void> {
    await this.client.send(new DeleteCommand({ TableName: this.tableName, Key: keys.idempotency(scope, key) }));
  }
}
