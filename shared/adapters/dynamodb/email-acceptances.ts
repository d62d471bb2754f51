import { type DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { EmailAcceptance, EmailAcceptances } from '../../ports/email-acceptances';
import * as z from '../../validation/zod-mini';

/** Kept as long as any receipt wait or reconciliation could ask for it, as SMS delivery logs are. */
const retentionSeconds = 90 * 86_400;

const acceptanceSchema = z.object({
  platformMessageId: z.string(),
  providerMessageId: z.string(),
  at: z.string(),
});

/**
 * SES `Send` events in the platform table: one item per platform message id, expired by TTL.
 * Kept apart from the message's own item on purpose: a write there would conflict with the send
 * task's version check while the send's answer is still being recorded.
 */
export class DynamoEmailAcceptances implements EmailAcceptances {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(acceptance: EmailAcceptance): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keyOf(acceptance.platformMessageId),
          ...acceptance,
          expiresAt: Math.floor(Date.parse(acceptance.at) / 1000) + retentionSeconds,
        },
      }),
    );
  }

  async find(platformMessageId: string): Promise<EmailAcceptance | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: keyOf(platformMessageId), ConsistentRead: true }),
    );
    if (!Item) return undefined;
    const { platformMessageId: id, providerMessageId, at } = z.parseOrThrow(acceptanceSchema, Item);
    return { platformMessageId: id, providerMessageId, at };
  }
}

function keyOf(platformMessageId: string) {
  return { pk: `EMAIL_SENT#${platformMessageId}`, sk: 'SEND' };
}
