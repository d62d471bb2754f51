import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { tableSchema } from '../../shared/adapters/dynamodb/table-schema';

const tableName = 'platform-dynamodb-local-test';

function clientFor(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'ap-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

describe('startDynamoDbLocal', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'dynamodb-local-test-'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('creates the platform table from tableSchema, and a restart on the same data finds what was written', async () => {
    const first = await startDynamoDbLocal({ tableName, dataDir });
    const firstClient = clientFor(first.endpoint);
    const { Table } = await firstClient.send(new DescribeTableCommand({ TableName: tableName }));
    const { TimeToLiveDescription } = await firstClient.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    await firstClient.send(
      new PutItemCommand({
        TableName: tableName,
        Item: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' }, title: { S: 'kept' } },
      }),
    );
    firstClient.destroy();
    await first.stop();

    expect(Table?.KeySchema).toEqual([
      { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' },
      { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' },
    ]);
    expect(
      Table?.GlobalSecondaryIndexes?.map((index) => [
        index.IndexName,
        index.KeySchema,
        index.Projection?.ProjectionType,
      ]),
    ).toEqual([
      [
        'gsi1',
        [
          { AttributeName: 'gsi1pk', KeyType: 'HASH' },
          { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
        ],
        'ALL',
      ],
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'NEW_IMAGE' });
    expect(TimeToLiveDescription).toMatchObject({ AttributeName: 'expiresAt', TimeToLiveStatus: 'ENABLED' });

    const second = await startDynamoDbLocal({ tableName, dataDir });
    const secondClient = clientFor(second.endpoint);
    const { Item } = await secondClient.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } } }),
    );
    secondClient.destroy();
    await second.stop();

    expect(Item?.title).toEqual({ S: 'kept' });
  });

  it('keeps an in-memory instance empty of earlier data and stops its java process', async () => {
    const local = await startDynamoDbLocal({ tableName });
    const client = clientFor(local.endpoint);
    const { Item } = await client.send(
      new GetItemCommand({ TableName: tableName, Key: { pk: { S: 'CASE#1' }, sk: { S: 'CASE' } } }),
    );
    await local.stop();

    const afterStop = await client
      .send(new DescribeTableCommand({ TableName: tableName }))
      .catch((error: unknown) => error);
    client.destroy();

    expect(Item).toBeUndefined();
    expect(afterStop).toBeInstanceOf(Error);
  });

  it('asks for Java 17+ when java cannot be found', async () => {
    const path = process.env.PATH;
    process.env.PATH = '';
    try {
      await expect(startDynamoDbLocal({ tableName })).rejects.toThrow(/Java 17\+.*openjdk-17-jre-headless/);
    } finally {
      process.env.PATH = path;
    }
  });
});
