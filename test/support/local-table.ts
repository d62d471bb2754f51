import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { localCredentials } from '../../infra/local/emulators';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import type { Clock } from '../../shared/ports/clock';

/**
 * A fresh platform table on the run's DynamoDB Local, so each test file starts from nothing while
 * sharing the one emulator the global setup started.
 */
export async function freshTable(): Promise<{ client: DynamoDBDocumentClient; tableName: string }> {
  const stack = inject('stack');
  const tableName = `t-${randomBytes(6).toString('hex')}`;
  const admin = new DynamoDBClient({ endpoint: stack.dynamodb, region: stack.region, credentials: localCredentials });
  await ensureTable(admin, tableName);
  admin.destroy();
  const client = createDocumentClient({
    endpoint: stack.dynamodb,
    region: stack.region,
    credentials: localCredentials,
  });
  return { client, tableName };
}

/** The state store on a table from `freshTable`, on the system clock (or `clock`) with random ids. */
export function storeOn(table: { client: DynamoDBDocumentClient; tableName: string }, clock: Clock = systemClock) {
  return new DynamoStateStore({ client: table.client, tableName: table.tableName, clock, ids: randomIds });
}
