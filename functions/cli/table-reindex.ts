import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import type { TableReads } from '../../shared/ports/table';

/**
 * What an operator's reindex command does around its backfill: reads `TABLE_NAME` (and
 * `DYNAMODB_ENDPOINT` for a local table) from the environment, runs the backfill on that table
 * with the account's AWS credentials and Region, and prints its outcome. The exit code: 0 done,
 * 2 no table named.
 */
export async function reindexTable<R>(
  command: string,
  backfill: (client: ReturnType<typeof createDocumentClient>, tableName: string, reads: TableReads) => Promise<R>,
  outcome: (result: R) => string,
): Promise<number> {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) {
    console.error(`usage: TABLE_NAME=<platform table> [DYNAMODB_ENDPOINT=<url>] npm run ${command}`);
    return 2;
  }
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const client = createDocumentClient(endpoint ? { endpoint } : {});
  try {
    const reads = new DynamoStateStore({ client, tableName, clock: systemClock, ids: randomIds });
    console.log(outcome(await backfill(client, tableName, reads)));
    return 0;
  } finally {
    client.destroy();
  }
}
