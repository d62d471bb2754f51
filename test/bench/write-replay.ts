import {
  type AttributeValue,
  BatchWriteItemCommand,
  type BatchWriteItemCommandInput,
  type BatchWriteItemCommandOutput,
  CreateTableCommand,
  DeleteItemCommand,
  type DeleteItemCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  PutItemCommand,
  type PutItemCommandInput,
  paginateScan,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
  UpdateItemCommand,
  type UpdateItemCommandInput,
  waitUntilTableExists,
} from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tableSchema } from '../../shared/adapters/dynamodb/table-schema';

/**
 * "What the store allows for the same writes" (DESIGN.md, "Budgets"), measured by replaying them:
 * every write request the platform's document clients send in a window is recorded as sent
 * (marshalled, in the order sent, with how it ended), then sent again, raw, to a copy of the table
 * taken when the window opened. The copy holds what the writes found, so every condition meets the
 * same item it met on the platform and ends the same way (the replay counts the ones that do not).
 *
 * Order: a request waits for every earlier request that touched one of its items, and at most
 * `concurrency` are in flight: the order the items saw is kept, and unrelated writes overlap as
 * they did on the platform.
 */

export type WriteCommand = 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'TransactWriteItems' | 'BatchWriteItem';

export interface RecordedWrite {
  command: WriteCommand;
  input:
    | PutItemCommandInput
    | UpdateItemCommandInput
    | DeleteItemCommandInput
    | TransactWriteItemsCommandInput
    | BatchWriteItemCommandInput;
  /** Whether the platform's request succeeded (a failed condition, a cancelled transaction: false). */
  ok: boolean;
}

const writeCommands = new Set<string>([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

export interface WriteRecorder {
  /** Starts a window: writes sent from now on are kept. */
  start(): void;
  /** Ends the window and returns its writes in the order they were sent. */
  stop(): RecordedWrite[];
  /** Resolves once no write has been sent for `quietMs` (or `maxMs` have passed). */
  quiet(quietMs: number, maxMs: number): Promise<void>;
}

/**
 * Records the writes of every document client built after this call (the platform builds its
 * clients with `DynamoDBDocumentClient.from`, so this must run before the platform starts).
 */
export function recordDocumentClientWrites(): WriteRecorder {
  let window: RecordedWrite[] | undefined;
  let lastWriteAt = Date.now();
  const from = DynamoDBDocumentClient.from.bind(DynamoDBDocumentClient);
  DynamoDBDocumentClient.from = (...args: Parameters<typeof DynamoDBDocumentClient.from>) => {
    const client = from(...args);
    client.middlewareStack.add(
      (next, context) => async (call) => {
        if (!context.commandName || !writeCommands.has(context.commandName)) return next(call);
        lastWriteAt = Date.now();
        const entry: RecordedWrite = {
          command: context.commandName.replace(/Command$/, '') as WriteCommand,
          input: structuredClone(call.input as RecordedWrite['input']),
          ok: true,
        };
        window?.push(entry);
        try {
          return await next(call);
        } catch (error) {
          entry.ok = false;
          throw error;
        }
      },
      // By the build step the document client has marshalled the input: what DynamoDB receives.
      { step: 'build', name: 'benchRecordWrites' },
    );
    return client;
  };
  return {
    start() {
      window = [];
    },
    stop() {
      const writes = window ?? [];
      window = undefined;
      return writes;
    },
    async quiet(quietMs, maxMs) {
      const deadline = Date.now() + maxMs;
      while (Date.now() - lastWriteAt < quietMs && Date.now() < deadline) {
        await new Promise((wake) => setTimeout(wake, 100));
      }
    },
  };
}

/**
 * A new table `to` with the keys and indexes of `from`, holding every item of `from`. Without its
 * stream: on DynamoDB Local 3.3 a newly created table with a stream took 3 to 20 times as long per
 * write as the platform's own table (400 PutItems of 1 KB: 8–20 s against 1.1–2.4 s), where one
 * without a stream took about as long (1.2–1.7 s): a table the platform does not use would have
 * made the store look slower than it is. Without the stream the store does a little less for each
 * write than on the platform's table, so the raw rate is if anything the higher.
 */
export async function copyTable(client: DynamoDBClient, from: string, to: string): Promise<number> {
  const { Table } = await client.send(new DescribeTableCommand({ TableName: from }));
  await client.send(
    new CreateTableCommand({
      TableName: to,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: Table?.AttributeDefinitions,
      KeySchema: Table?.KeySchema,
      GlobalSecondaryIndexes: Table?.GlobalSecondaryIndexes?.map(({ IndexName, KeySchema, Projection }) => ({
        IndexName,
        KeySchema,
        Projection,
      })),
    }),
  );
  await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: to });
  let copied = 0;
  for await (const page of paginateScan({ client }, { TableName: from, ConsistentRead: true })) {
    const items = page.Items ?? [];
    for (let i = 0; i < items.length; i += 25) {
      let requests: BatchWriteItemCommandInput['RequestItems'] = {
        [to]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })),
      };
      while (requests && Object.keys(requests).length > 0) {
        const answer: BatchWriteItemCommandOutput = await client.send(
          new BatchWriteItemCommand({ RequestItems: requests }),
        );
        requests = answer.UnprocessedItems;
      }
    }
    copied += items.length;
  }
  return copied;
}

export interface ReplayResult {
  requests: number;
  seconds: number;
  /** Requests that did not end as they did on the platform (succeeded where it failed, or the reverse). */
  endedDifferently: number;
  /** Attempts the SDK made again (a transaction conflict, say), over all requests. */
  retries: number;
}

/** Sends `writes` raw to `tableName`, keeping each item's order, at most `concurrency` at a time. */
export async function replayWrites(
  client: DynamoDBClient,
  writes: readonly RecordedWrite[],
  tableName: string,
  concurrency: number,
): Promise<ReplayResult> {
  const slot = slots(concurrency);
  const lastOnItem = new Map<string, Promise<unknown>>();
  let endedDifferently = 0;
  let retries = 0;
  const started = performance.now();
  const done = writes.map((write) => {
    const keys = itemKeys(write);
    const before = keys.map((key) => lastOnItem.get(key));
    const sent = Promise.all(before).then(() =>
      slot(async () => {
        const ok = await send(client, write, tableName).then(
          (answer) => {
            retries += (answer.$metadata.attempts ?? 1) - 1;
            return true;
          },
          (error: Error & { $metadata?: { attempts?: number } }) => {
            if (!isConditionFailure(error)) throw error;
            retries += (error.$metadata?.attempts ?? 1) - 1;
            return false;
          },
        );
        if (ok !== write.ok) endedDifferently++;
      }),
    );
    for (const key of keys) lastOnItem.set(key, sent);
    return sent;
  });
  await Promise.all(done);
  return { requests: writes.length, seconds: (performance.now() - started) / 1000, endedDifferently, retries };
}

function isConditionFailure(error: Error): boolean {
  return error.name === 'ConditionalCheckFailedException' || error.name === 'TransactionCanceledException';
}

/** Runs at most `n` tasks at once, in the order they ask. */
function slots(n: number): <T>(task: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async (task) => {
    if (running >= n) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

type Key = Record<string, AttributeValue>;

function keyText(key: Key | undefined): string {
  return `${key?.[tableSchema.partitionKey]?.S ?? ''}\u0000${key?.[tableSchema.sortKey]?.S ?? ''}`;
}

/** The items a write touches (their table keys), for ordering the replay. */
function itemKeys(write: RecordedWrite): string[] {
  switch (write.command) {
    case 'PutItem':
      return [keyText((write.input as PutItemCommandInput).Item)];
    case 'UpdateItem':
    case 'DeleteItem':
      return [keyText((write.input as UpdateItemCommandInput | DeleteItemCommandInput).Key)];
    case 'TransactWriteItems':
      return ((write.input as TransactWriteItemsCommandInput).TransactItems ?? []).map((item) =>
        keyText(item.Put?.Item ?? item.Update?.Key ?? item.Delete?.Key ?? item.ConditionCheck?.Key),
      );
    case 'BatchWriteItem':
      return Object.values((write.input as BatchWriteItemCommandInput).RequestItems ?? {}).flatMap((requests) =>
        requests.map((request) => keyText(request.PutRequest?.Item ?? request.DeleteRequest?.Key)),
      );
  }
}

/** The recorded request, aimed at `tableName`. */
function send(
  client: DynamoDBClient,
  write: RecordedWrite,
  tableName: string,
): Promise<{ $metadata: { attempts?: number } }> {
  const TableName = tableName;
  switch (write.command) {
    case 'PutItem':
      return client.send(new PutItemCommand({ ...(write.input as PutItemCommandInput), TableName }));
    case 'UpdateItem':
      return client.send(new UpdateItemCommand({ ...(write.input as UpdateItemCommandInput), TableName }));
    case 'DeleteItem':
      return client.send(new DeleteItemCommand({ ...(write.input as DeleteItemCommandInput), TableName }));
    case 'TransactWriteItems': {
      const input = write.input as TransactWriteItemsCommandInput;
      // Each item has exactly one of Put, Update, Delete and ConditionCheck.
      const TransactItems = input.TransactItems?.map((item) =>
        Object.fromEntries(Object.entries(item).map(([kind, part]) => [kind, { ...part, TableName }])),
      );
      // Without the platform's request token: the same token on other items would be refused.
      const { ClientRequestToken: _token, ...rest } = input;
      return client.send(new TransactWriteItemsCommand({ ...rest, TransactItems }));
    }
    case 'BatchWriteItem': {
      const input = write.input as BatchWriteItemCommandInput;
      const requests = Object.values(input.RequestItems ?? {}).flat();
      return client.send(new BatchWriteItemCommand({ ...input, RequestItems: { [tableName]: requests } }));
    }
  }
}
