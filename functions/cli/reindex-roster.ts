import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { backfillEligibility } from '../../shared/adapters/dynamodb/eligibility-backfill';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';

/**
 * `TABLE_NAME=… npm run reindex-roster`: the one-off operator step for a table whose mediators were
 * written before eligibility listings were kept (shared/adapters/dynamodb/eligibility-backfill.ts).
 * It lists every mediator under its places and writes the roster's totals; run it in a quiet window
 * (no registrations, no mediations closing), with the AWS credentials and Region of the table's
 * account (`DYNAMODB_ENDPOINT` for a local table). Running it again writes the same items.
 */
async function main(): Promise<number> {
  const tableName = process.env.TABLE_NAME;
  if (!tableName) {
    console.error('usage: TABLE_NAME=<platform table> [DYNAMODB_ENDPOINT=<url>] npm run reindex-roster');
    return 2;
  }
  const endpoint = process.env.DYNAMODB_ENDPOINT;
  const client = createDocumentClient(endpoint ? { endpoint } : {});
  try {
    const reads = new DynamoStateStore({ client, tableName, clock: systemClock, ids: randomIds });
    const result = await backfillEligibility(client, tableName, reads);
    console.log(
      `listed ${result.mediators} mediators under ${result.listings} places; ${result.skipped} changed meanwhile and listed themselves`,
    );
    return 0;
  } finally {
    client.destroy();
  }
}

process.exitCode = await main();
