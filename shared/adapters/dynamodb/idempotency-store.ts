import { randomBytes } from 'node:crypto';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from '../../ports/clock';
import type { IdempotencyClaim, IdempotencyStore, StoredResponse } from '../../ports/idempotency-store';
import type { PiiVault } from '../../ports/pii-vault';
import * as z from '../../validation/zod-mini';
import { withinIdempotentRun } from './idempotent-runs';
import { keys } from './table-schema';

const storedResponseSchema = z.union([
  z.object({
    status: z.int(),
    contentType: z.string(),
    location: z.optional(z.string()),
    sealedBody: z.string().check(z.minLength(1)),
  }),
  z.object({ status: z.int(), contentType: z.string(), body: z.string() }),
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
    const run = randomBytes(12).toString('base64url');
    if (await this.claimNew(scope, key, requestHash, run, nowSeconds)) return { outcome: 'claimed', run };
    const existing = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keys.idempotency(scope, key), ConsistentRead: true }),
    );
    const item = existing.Item;
    if (!item) return this.claim(scope, key, requestHash); // released in between
    if (item.requestHash !== requestHash) return { outcome: 'mismatch' };
    if (item.state === 'completed') return { outcome: 'replay', response: await this.opened(item.response) };
    // Still in progress: a claim a crash abandoned is taken over; of two retries, one takes it.
    const abandoned = typeof item.claimedAt === 'number' && item.claimedAt < nowSeconds - staleClaimSeconds;
    if (abandoned && (await this.takeOver(scope, key, requestHash, run, nowSeconds)))
      return { outcome: 'claimed', run };
    return { outcome: 'in_progress' };
  }

  /** A key not seen before, or one whose day has passed (TTL deletes lazily). */
  private async claimNew(scope: string, key: string, requestHash: string, run: string, nowSeconds: number) {
    return succeeded(
      this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...keys.idempotency(scope, key),
            requestHash,
            state: 'in_progress',
            claimRun: run,
            claimedAt: nowSeconds,
            expiresAt: nowSeconds + retentionSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
          ExpressionAttributeValues: { ':now': nowSeconds },
        }),
      ),
    );
  }

  /**
   * A claim abandoned by a crash, taken over by a new run. An update, not a put: the mark of what the
   * crashed run committed (`committedBy`, see `guard`) stays, and the new run meets it.
   */
  private async takeOver(scope: string, key: string, requestHash: string, run: string, nowSeconds: number) {
    return succeeded(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.idempotency(scope, key),
          UpdateExpression: 'SET claimRun = :run, claimedAt = :now',
          ConditionExpression:
            '#state = :inProgress AND claimedAt < :stale AND requestHash = :hash AND expiresAt >= :now',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':run': run,
            ':now': nowSeconds,
            ':inProgress': 'in_progress',
            ':stale': nowSeconds - staleClaimSeconds,
            ':hash': requestHash,
          },
        }),
      ),
    );
  }

  guard<T>(scope: string, key: string, run: string, work: () => Promise<T>): Promise<T> {
    return withinIdempotentRun({ scope, key, run }, work);
  }

  async complete(scope: string, key: string, run: string, response: StoredResponse): Promise<void> {
    const sealedBody = await this.vault.seal(response.body);
    // A run whose claim a retry took over (it ran past the stale limit) leaves the answer to that retry.
    await succeeded(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.idempotency(scope, key),
          UpdateExpression: 'SET #state = :completed, #response = :response',
          ConditionExpression: 'claimRun = :run',
          ExpressionAttributeNames: { '#state': 'state', '#response': 'response' },
          ExpressionAttributeValues: {
            ':run': run,
            ':completed': 'completed',
            ':response': {
              status: response.status,
              contentType: response.contentType,
              ...(response.location ? { location: response.location } : {}),
              sealedBody,
            },
          },
        }),
      ),
    );
  }

  private async opened(stored: unknown): Promise<StoredResponse> {
    const response = z.parseOrThrow(storedResponseSchema, stored);
    // Answers stored before bodies were sealed (gone within a day, by TTL) are given back as they are.
    if ('body' in response) return response;
    const { sealedBody, ...rest } = response;
    return { ...rest, body: await this.vault.reveal(sealedBody) };
  }

  async release(scope: string, key: string, run: string): Promise<void> {
    const released = await succeeded(
      this.client.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: keys.idempotency(scope, key),
          ConditionExpression: 'claimRun = :run AND attribute_not_exists(committedBy)',
          ExpressionAttributeValues: { ':run': run },
        }),
      ),
    );
    if (released) return;
    // The run committed, then failed: the claim is left stale at once, so the next retry takes it
    // over and meets the mark instead of doing the work again. (A run whose claim was taken over
    // changes nothing.)
    await succeeded(
      this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.idempotency(scope, key),
          UpdateExpression: 'SET claimedAt = :never',
          ConditionExpression: 'claimRun = :run',
          ExpressionAttributeValues: { ':never': 0, ':run': run },
        }),
      ),
    );
  }
}

/** True when the conditional write was made, false when its condition failed. */
async function succeeded(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return false;
    throw error;
  }
}
