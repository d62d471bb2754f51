import { randomBytes } from 'node:crypto';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { inject } from 'vitest';
import { ensureTable } from '../../infra/local/dynamodb-local';
import { localCredentials } from '../../infra/local/emulators';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';

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
