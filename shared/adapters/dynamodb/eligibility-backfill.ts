import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Mediator } from '../../domain/mediation/mediator';
import { everyItem, type TableReads } from '../../ports/table';
import { forEachInLanes } from './for-each-in-lanes';
import { putBesideUnchanged } from './put-beside-unchanged';
import { mediatorListingsOf, mediatorRecords, rosterTotalsItems } from './roster-records';

export interface EligibilityBackfill {
  mediators: number;
  listings: number;
  /** Mediators that changed while the backfill ran: their own change wrote their listings. */
  skipped: number;
}

/**
 * Lists every mediator under its eligibility places and writes the roster's totals: the one-off
 * step for a table whose mediators were written before listings were kept (mediatorWrite keeps them
 * in step from then on). Each mediator's listings are written on condition that the mediator has
 * not changed since it was read, so a stale copy never overwrites a newer one. The totals are
 * counted over the mediators read and written last, whole: run it when nothing else registers
 * mediators or closes mediations (the local platform runs it before it serves; in AWS, an operator
 * runs `npm run reindex-roster` in a quiet window). Running it again writes the same items.
 */
export async function backfillEligibility(
  client: DynamoDBDocumentClient,
  tableName: string,
  reads: TableReads,
  options: { concurrency?: number } = {},
): Promise<EligibilityBackfill> {
  const stored = await everyItem((page) => reads.listByIndex(mediatorRecords.rosterIndex, page), 1000);

  const mediators: Mediator[] = [];
  let listings = 0;
  let skipped = 0;
  await forEachInLanes(stored, options.concurrency ?? 8, async (entity) => {
    const { mediator, listings: puts } = mediatorListingsOf(entity);
    mediators.push(mediator);
    const items = puts.map((put) => ({ ...put.attributes, ...put.key }));
    if (await putBesideUnchanged(client, tableName, entity, items)) listings += puts.length;
    else skipped++;
  });
  await Promise.all(
    rosterTotalsItems(mediators).map(({ key, attributes }) =>
      client.send(new PutCommand({ TableName: tableName, Item: { ...attributes, ...key } })),
    ),
  );
  return { mediators: mediators.length, listings, skipped };
}

/** Whether the table holds mediators but no roster totals: written before listings were kept. */
export async function needsEligibilityBackfill(reads: TableReads): Promise<boolean> {
  const totals = await reads.listByPrefix(mediatorRecords.totalsPartition, mediatorRecords.totalsShardPrefix);
  if (totals.length > 0) return false;
  return (await reads.listByIndex(mediatorRecords.rosterIndex, { limit: 1 })).items.length > 0;
}
