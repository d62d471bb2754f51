import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { SmsDeliveryLog, SmsDeliveryLogs } from '../../ports/sms-delivery-logs';
import * as z from '../../validation/zod-mini';

/** Kept as long as any receipt wait or reconciliation could ask for it, with room to spare. */
const retentionSeconds = 90 * 86_400;

const logSchema = z.object({
  providerMessageId: z.string(),
  destination: z.string(),
  at: z.string(),
  status: z.enum(['delivered', 'failed']),
  reason: z.optional(z.string()),
});

/**
 * SMS delivery-status records in the platform table: one partition per destination (its number
 * hashed, so no phone number sits in a key), sorted by the record's time, expired by TTL. The put
 * is keyed by time and SNS's id, so a record delivered twice is written once.
 */
export class DynamoSmsDeliveryLogs implements SmsDeliveryLogs {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(log: SmsDeliveryLog): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: partitionOf(log.destination),
          sk: `${log.at}#${log.providerMessageId}`,
          ...log,
          expiresAt: Math.floor(Date.parse(log.at) / 1000) + retentionSeconds,
        },
      }),
    );
  }

  async between(destination: string, from: string, to: string): Promise<SmsDeliveryLog[]> {
    const logs: SmsDeliveryLog[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
          // '~' sorts after '#' and every id character: a record at exactly `to` is included.
          ExpressionAttributeValues: { ':pk': partitionOf(destination), ':from': from, ':to': `${to}~` },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) logs.push(withoutAbsentReason(z.parseOrThrow(logSchema, item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return logs;
  }
}

function partitionOf(destination: string): string {
  return `SMS_LOG#${createHash('sha256').update(destination).digest('hex')}`;
}

/** The parsed record without an absent reason's key. */
function withoutAbsentReason(log: z.infer<typeof logSchema>): SmsDeliveryLog {
  const { reason, ...rest } = log;
  return reason === undefined ? rest : { ...rest, reason };
}
