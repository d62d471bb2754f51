import {
  type AttributeValue,
  type ConsumedCapacity,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
} from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { tableSchema } from '../../../shared/adapters/dynamodb/table-schema';
import { itemSize, readUnits, writeUnits } from '../dynamodb-item-size';

/**
 * Request units of every DynamoDB request a process sends through document clients, by AWS's
 * documented rules (test/bench/dynamodb-item-size.ts), tallied as the requests go: the province-day
 * bench installs it in the platform's own process (platform-child.ts) and reads the tally from a
 * file. DynamoDB Local's own `ConsumedCapacity` for the same requests is tallied beside it, for
 * comparison only (confirmation-flow-units found it off for transactions and index writes).
 *
 * Item sizes a request does not carry (an update's result, the item a write replaces) come from a
 * bounded cache of the sizes this process last read or wrote, and, when the cache has none, from
 * a read on a separate client that is not counted (an update's result is always read so).
 */

export interface UnitsTally {
  requests: Record<string, number>;
  /** Reads by the rules (strongly consistent 1 per 4 KB; eventually consistent half). */
  readUnits: number;
  transactionalReadUnits: number;
  /** Standard writes: 1 per KB of the larger of before and after, per item. */
  writeUnits: number;
  /** Transactional writes: twice that. */
  transactionalWriteUnits: number;
  /** gsi1 entries written, replaced or removed, 1 per KB of the item (projection ALL). */
  indexWriteUnits: number;
  /** What DynamoDB Local said the same requests consumed (table and indexes, as reported). */
  localReported: { read: number; write: number };
  /** Sizes not known from the request or the cache, read on the side. */
  sideReads: number;
  errors: number;
}

export const emptyTally = (): UnitsTally => ({
  requests: {},
  readUnits: 0,
  transactionalReadUnits: 0,
  writeUnits: 0,
  transactionalWriteUnits: 0,
  indexWriteUnits: 0,
  localReported: { read: 0, write: 0 },
  sideReads: 0,
  errors: 0,
});

type Item = Record<string, AttributeValue>;
type Input = Record<string, unknown>;

interface Known {
  size: number;
  /** The gsi1 key of the item (undefined: not in the index). */
  indexKey: string | undefined;
}

const index = tableSchema.indexes[0];

function keyText(key: Item): string {
  return `${key[tableSchema.partitionKey]?.S ?? ''}\u0000${key[tableSchema.sortKey]?.S ?? ''}`;
}

function known(item: Item | undefined): Known | undefined {
  if (!item) return undefined;
  const pk = item[index.partitionKey]?.S;
  return {
    size: itemSize(item),
    indexKey: pk === undefined ? undefined : `${pk}\u0000${item[index.sortKey]?.S ?? ''}`,
  };
}

function keyOf(item: Item): Item {
  const key: Item = {};
  for (const name of [tableSchema.partitionKey, tableSchema.sortKey]) {
    const value = item[name];
    if (value) key[name] = value;
  }
  return key;
}

/** Most recently seen item sizes, at most `limit` of them (oldest dropped first). */
class SizeCache {
  private readonly sizes = new Map<string, Known | null>();
  constructor(private readonly limit: number) {}
  has(key: Item): boolean {
    return this.sizes.has(keyText(key));
  }
  get(key: Item): Known | undefined {
    return this.sizes.get(keyText(key)) ?? undefined;
  }
  set(key: Item, value: Known | undefined): void {
    const text = keyText(key);
    this.sizes.delete(text);
    this.sizes.set(text, value ?? null);
    if (this.sizes.size > this.limit) {
      const oldest = this.sizes.keys().next().value;
      if (oldest !== undefined) this.sizes.delete(oldest);
    }
  }
}

/** One item a write request touches, and how it changes it. */
interface Target {
  table: string;
  key: Item;
  kind: 'put' | 'update' | 'delete' | 'check';
  put?: Item;
}

function writeTargets(command: string, input: Input): Target[] {
  const table = String(input.TableName ?? '');
  if (command === 'PutItemCommand') {
    const item = input.Item as Item;
    return [{ table, key: keyOf(item), kind: 'put', put: item }];
  }
  if (command === 'UpdateItemCommand') return [{ table, key: input.Key as Item, kind: 'update' }];
  if (command === 'DeleteItemCommand') return [{ table, key: input.Key as Item, kind: 'delete' }];
  if (command === 'TransactWriteItemsCommand') {
    return ((input.TransactItems ?? []) as Array<Record<string, Input>>).flatMap((entry): Target[] => {
      if (entry.Put) {
        const item = entry.Put.Item as Item;
        return [{ table: String(entry.Put.TableName), key: keyOf(item), kind: 'put', put: item }];
      }
      if (entry.Update)
        return [{ table: String(entry.Update.TableName), key: entry.Update.Key as Item, kind: 'update' }];
      if (entry.Delete)
        return [{ table: String(entry.Delete.TableName), key: entry.Delete.Key as Item, kind: 'delete' }];
      if (entry.ConditionCheck) {
        return [
          { table: String(entry.ConditionCheck.TableName), key: entry.ConditionCheck.Key as Item, kind: 'check' },
        ];
      }
      return [];
    });
  }
  if (command === 'BatchWriteItemCommand') {
    const requests = (input.RequestItems ?? {}) as Record<string, Array<Record<string, Input>>>;
    return Object.entries(requests).flatMap(([name, list]) =>
      list.map((request): Target => {
        if (request.PutRequest) {
          const item = request.PutRequest.Item as Item;
          return { table: name, key: keyOf(item), kind: 'put', put: item };
        }
        return { table: name, key: (request.DeleteRequest?.Key ?? {}) as Item, kind: 'delete' };
      }),
    );
  }
  return [];
}

const writeCommands = new Set([
  'PutItemCommand',
  'UpdateItemCommand',
  'DeleteItemCommand',
  'TransactWriteItemsCommand',
  'BatchWriteItemCommand',
]);

const marshalled = (item: unknown): Item | undefined =>
  item && typeof item === 'object'
    ? marshall(item as Record<string, unknown>, { removeUndefinedValues: true, convertClassInstanceToMap: true })
    : undefined;

export class UnitsMeter {
  readonly tally: UnitsTally = emptyTally();
  /** The same units by who sent the requests (`labelOf` at the time of the request: an HTTP route, or background work). */
  readonly byLabel: Record<string, UnitsTally> = {};
  private readonly cache = new SizeCache(200_000);
  private side: DynamoDBClient | undefined;

  constructor(private readonly labelOf: () => string = () => 'all') {}

  /** Adds the two middlewares to a document client (they share its DynamoDBClient's stack). */
  install(client: DynamoDBDocumentClient): void {
    // Side reads go where the first metered client goes (the platform has one table, one endpoint).
    const { endpoint, region, credentials } = client.config;
    this.side ??= new DynamoDBClient({ endpoint, region, credentials } as DynamoDBClientConfig);
    client.middlewareStack.add(
      (next) => async (args) =>
        next({ ...args, input: { ...(args.input as object), ReturnConsumedCapacity: 'INDEXES' } }),
      { step: 'initialize', name: 'provinceDayReturnConsumedCapacity' },
    );
    // After serialization: the input as sent (attribute values); the output already unmarshalled
    // by the document client's own middleware, so its items are marshalled back for their sizes.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '?';
        const label = this.labelOf();
        const input = args.input as Input;
        const targets = writeTargets(command, input);
        const before = await Promise.all(targets.map((target) => this.sizeBefore(target)));
        try {
          const result = await next(args);
          this.merge(label, await this.count(command, input, result.output as Input, targets, before));
          return result;
        } catch (error) {
          // A failed condition in a transaction still costs its units in AWS; counted as if written.
          const failed =
            command === 'TransactWriteItemsCommand'
              ? await this.count(command, input, {}, targets, before, true)
              : emptyTally();
          failed.errors++;
          this.merge(label, failed);
          throw error;
        }
      },
      { step: 'build', name: 'provinceDayUnits' },
    );
  }

  private async sizeBefore(target: Target): Promise<Known | undefined> {
    if (this.cache.has(target.key)) return this.cache.get(target.key);
    // A put whose item this process never saw is taken as new (the table's puts mostly are).
    if (target.kind === 'put') return undefined;
    return this.read(target);
  }

  private async read(target: Target): Promise<Known | undefined> {
    this.tally.sideReads++;
    if (!this.side) throw new Error('the meter is not installed on any client');
    const answer = await this.side.send(
      new GetItemCommand({ TableName: target.table, Key: target.key, ConsistentRead: true }),
    );
    return known(answer.Item);
  }

  private async count(
    command: string,
    input: Input,
    output: Input,
    targets: Target[],
    before: Array<Known | undefined>,
    failed = false,
  ): Promise<UnitsTally> {
    const t = emptyTally();
    t.requests[command] = 1;
    countLocal(t, command, output.ConsumedCapacity as ConsumedCapacity | ConsumedCapacity[] | undefined);
    this.countReads(t, command, input, output);
    const transactional = command === 'TransactWriteItemsCommand';
    for (const [n, target] of targets.entries()) {
      const was = before[n];
      let now: Known | undefined;
      if (target.kind === 'put') now = known(target.put);
      else if (target.kind === 'update') now = failed ? was : await this.read(target);
      else if (target.kind === 'check') now = was;
      const bytes = Math.max(was?.size ?? 0, now?.size ?? 0);
      if (transactional) t.transactionalWriteUnits += writeUnits(bytes, true);
      else t.writeUnits += writeUnits(bytes, false);
      if (!failed && target.kind !== 'check') {
        t.indexWriteUnits += indexWrites(was, now);
        this.cache.set(target.key, now);
      }
    }
    return t;
  }

  private merge(label: string, delta: UnitsTally): void {
    this.byLabel[label] = sumTallies([this.byLabel[label] ?? emptyTally(), delta]);
    Object.assign(this.tally, sumTallies([this.tally, delta]));
  }

  private countReads(t: UnitsTally, command: string, input: Input, output: Input): void {
    if (command === 'GetItemCommand') {
      const item = marshalled(output.Item);
      t.readUnits += readUnits(item ? itemSize(item) : 0, input.ConsistentRead === true);
      if (input.Key) this.cache.set(input.Key as Item, known(item));
    } else if (command === 'QueryCommand' || command === 'ScanCommand') {
      let bytes = 0;
      for (const plain of (output.Items ?? []) as unknown[]) {
        const item = marshalled(plain) as Item;
        bytes += itemSize(item);
        if (input.IndexName === undefined) this.cache.set(keyOf(item), known(item));
      }
      t.readUnits += readUnits(bytes, input.ConsistentRead === true);
    } else if (command === 'BatchGetItemCommand') {
      const requested = (input.RequestItems ?? {}) as Record<string, { Keys: Item[]; ConsistentRead?: boolean }>;
      const answered = (output.Responses ?? {}) as Record<string, unknown[]>;
      for (const [table, request] of Object.entries(requested)) {
        const found = (answered[table] ?? []).map((plain) => marshalled(plain) as Item);
        const bySize = new Map(found.map((item) => [keyText(keyOf(item)), item]));
        for (const key of request.Keys) {
          const item = bySize.get(keyText(key));
          t.readUnits += readUnits(item ? itemSize(item) : 0, request.ConsistentRead === true);
          this.cache.set(key, known(item));
        }
      }
    } else if (command === 'TransactGetItemsCommand') {
      for (const response of (output.Responses ?? []) as Array<{ Item?: unknown }>) {
        const item = marshalled(response.Item);
        t.transactionalReadUnits += 2 * readUnits(item ? itemSize(item) : 0, true);
      }
    }
  }

  stop(): void {
    this.side?.destroy();
  }
}

/** DynamoDB Local reports `CapacityUnits` (table and indexes); reads and writes go by the command. */
function countLocal(t: UnitsTally, command: string, consumed: ConsumedCapacity | ConsumedCapacity[] | undefined): void {
  const side = writeCommands.has(command) ? 'write' : 'read';
  for (const entry of Array.isArray(consumed) ? consumed : consumed ? [consumed] : []) {
    t.localReported[side] += entry.CapacityUnits ?? 0;
  }
}

/** gsi1 maintenance: a new, changed or removed entry costs 1 WCU per KB; a moved key two writes. */
function indexWrites(was: Known | undefined, now: Known | undefined): number {
  const wasIn = was?.indexKey !== undefined;
  const nowIn = now?.indexKey !== undefined;
  if (!wasIn && !nowIn) return 0;
  if (wasIn && nowIn && was?.indexKey !== now?.indexKey) {
    return writeUnits(was?.size ?? 0, false) + writeUnits(now?.size ?? 0, false);
  }
  return writeUnits(Math.max(was?.size ?? 0, now?.size ?? 0), false);
}

/** The sum of several processes' tallies (each process of the day writes its own). */
export function sumTallies(tallies: UnitsTally[]): UnitsTally {
  const sum = emptyTally();
  for (const t of tallies) {
    for (const [command, count] of Object.entries(t.requests))
      sum.requests[command] = (sum.requests[command] ?? 0) + count;
    sum.readUnits += t.readUnits;
    sum.transactionalReadUnits += t.transactionalReadUnits;
    sum.writeUnits += t.writeUnits;
    sum.transactionalWriteUnits += t.transactionalWriteUnits;
    sum.indexWriteUnits += t.indexWriteUnits;
    sum.localReported.read += t.localReported.read;
    sum.localReported.write += t.localReported.write;
    sum.sideReads += t.sideReads;
    sum.errors += t.errors;
  }
  return sum;
}

/** `after − before`, field by field. */
export function tallyBetween(before: UnitsTally, after: UnitsTally): UnitsTally {
  const negated: UnitsTally = {
    requests: Object.fromEntries(Object.entries(before.requests).map(([command, count]) => [command, -count])),
    readUnits: -before.readUnits,
    transactionalReadUnits: -before.transactionalReadUnits,
    writeUnits: -before.writeUnits,
    transactionalWriteUnits: -before.transactionalWriteUnits,
    indexWriteUnits: -before.indexWriteUnits,
    localReported: { read: -before.localReported.read, write: -before.localReported.write },
    sideReads: -before.sideReads,
    errors: -before.errors,
  };
  return sumTallies([after, negated]);
}

export const readTotal = (t: UnitsTally) => t.readUnits + t.transactionalReadUnits;
export const writeTotal = (t: UnitsTally) => t.writeUnits + t.transactionalWriteUnits + t.indexWriteUnits;

/** Every figure of a tally times `factor` (the cost of one request, times how many were made). */
export function scaledTally(t: UnitsTally, factor: number): UnitsTally {
  return {
    requests: Object.fromEntries(Object.entries(t.requests).map(([command, count]) => [command, count * factor])),
    readUnits: t.readUnits * factor,
    transactionalReadUnits: t.transactionalReadUnits * factor,
    writeUnits: t.writeUnits * factor,
    transactionalWriteUnits: t.transactionalWriteUnits * factor,
    indexWriteUnits: t.indexWriteUnits * factor,
    localReported: { read: t.localReported.read * factor, write: t.localReported.write * factor },
    sideReads: t.sideReads * factor,
    errors: t.errors * factor,
  };
}
