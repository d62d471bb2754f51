import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { TableReads } from '../../ports/table';
import { putBesideUnchanged } from './put-beside-unchanged';
import { parseRecipient, serviceRecords, unservedQueueEntry } from './service-records';

export interface UnservedQueueBackfill {
  services: number;
  /** Unserved recipients found, and entries written for them. */
  unserved: number;
  queued: number;
  /** Recipients that changed while the backfill ran: their own write kept the queue. */
  skipped: number;
}

/**
 * Puts every unserved recipient in the operators' queue: the one-off step for a table whose
 * recipients became unserved before the queue was kept (Services.recipientWrite keeps it in step
 * from then on). It walks every service and its recipients; each entry is written on condition
 * that its recipient has not changed since it was read, so an entry never outlives the write that
 * moved its recipient out of `unserved`. Safe to run while the platform serves, and again: it
 * writes the same entries.
 */
export async function backfillUnservedQueue(
  client: DynamoDBDocumentClient,
  tableName: string,
  reads: TableReads,
  options: { concurrency?: number } = {},
): Promise<UnservedQueueBackfill> {
  const serviceIds: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await reads.listByIndex(serviceRecords.catalogueIndex, { limit: 1000, ...(cursor ? { cursor } : {}) });
    serviceIds.push(...page.items.map((entity) => String(entity.attributes.serviceId)));
    cursor = page.cursor;
  } while (cursor);

  const result: UnservedQueueBackfill = { services: serviceIds.length, unserved: 0, queued: 0, skipped: 0 };
  let next = 0;
  const worker = async () => {
    while (next < serviceIds.length) {
      const serviceId = serviceIds[next++] as string;
      const stored = await reads.listByPrefix(serviceRecords.key(serviceId).pk, serviceRecords.recipientPrefix);
      for (const entity of stored) {
        const recipient = parseRecipient(entity.attributes);
        if (recipient.status !== 'unserved') continue;
        result.unserved++;
        const entry = unservedQueueEntry(recipient);
        const item = { ...entry.attributes, ...entry.index, ...entry.key };
        if (await putBesideUnchanged(client, tableName, entity, [item])) result.queued++;
        else result.skipped++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 8 }, worker));
  return result;
}
