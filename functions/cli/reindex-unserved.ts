import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { backfillUnservedQueue } from '../../shared/adapters/dynamodb/unserved-queue-backfill';
import { randomIds } from '../../shared/adapters/ids/random-ids';

/**
 * `TABLE_NAME=… npm run reindex-unserved`: the one-off operator step for a table whose recipients
 * became unserved before the operators' queue was kept (shared/adapters/dynamodb/unserved-queue-backfill.ts).
 * It puts every unserved recipient in the queue, each on condition that the recipient has not
 * changed since it was read; safe while the platform serves, and again. Run with the AWS
 * credentials and Region of the table's account (`DYNAMODB_ENDPOINT` for a local table).
 */
async function main(): Promise<number> {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) {
    console.error('usage: TABLE_NAME=<platform table> [DYNAMODB_ENDPOINT=<url>] npm run reindex-unserved');
    return 2;
  }
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const client = createDocumentClient(endpoint ? { endpoint } : {});
  try {
    const reads = new DynamoStateStore({ client, tableName, clock: systemClock, ids: randomIds });
    const result = await backfillUnservedQueue(client, tableName, reads);
    console.log(
      `read ${result.services} services: ${result.unserved} unserved recipients, ${result.queued} queued; ${result.skipped} changed meanwhile and kept the queue themselves`,
    );
    return 0;
  } finally {
    client.destroy();
  }
}

process.exitCode = await main();
