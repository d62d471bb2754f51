import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { everyItem, type TableReads } from '../../ports/table';
import { forEachInLanes } from './for-each-in-lanes';
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
  const catalogue = await everyItem((page) => reads.listByIndex(serviceRecords.catalogueIndex, page), 1000);
  const serviceIds = catalogue.map((entity) => String(entity.attributes.serviceId));

  const result: UnservedQueueBackfill = { services: serviceIds.length, unserved: 0, queued: 0, skipped: 0 };
  await forEachInLanes(serviceIds, options.concurrency ?? 8, async (serviceId) => {
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
  });
  return result;
}
