import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type CancellationReason, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import {
  BatchGetCommand,
  type BatchGetCommandOutput,
  type DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { AlreadyDone, AlreadyExists, ConcurrentModification } from '../../domain/errors';
import { appendEvent, type ChainedEvent, type ChainHead, GENESIS_HASH } from '../../domain/hash-chain';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { OutboxItem } from '../../ports/outbox';
import type { Repositories } from '../../ports/repositories';
import type { EntityWrite, ItemKey, Page, StateChange, StateStore, StoredEntity } from '../../ports/state-store';
import type { CompanionWrite, ListOptions } from '../../ports/table';
import { CursorSigner } from './cursor';
import { type IdempotentRun, idempotentRunNow } from './idempotent-runs';
import { RecentChainHeads } from './recent-chain-heads';
import { repositoriesOn } from './repositories';
import { keys, outboxPendingIndexOf, shardOf } from './table-schema';

type Item = Record<string, unknown>;
type TransactItem = NonNullable<ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']>[number];

/** Attributes the store manages itself; never part of an entity's own attributes. */
const storeAttributes = new Set(['pk', 'sk', 'version', 'gsi1pk', 'gsi1sk', 'chainSeq', 'chainHash', 'updatedAt']);

/**
 * How often a commit is tried when only the chain head moved (another change to the same chain),
 * waiting a random time up to a doubling bound between tries ("full jitter"), so that many writers
 * of one chain (the recipients of one service, a burst of invitations) spread out instead of
 * colliding again in step: a few seconds at the most (about 4 s on average when every try loses)
 * before a caller sees 409.
 */
const chainRaceAttempts = 20;
const chainRaceBackoff = { firstMs: 10, maxMs: 500 };

function chainRaceDelay(attempt: number): number {
  return Math.random() * Math.min(chainRaceBackoff.maxMs, chainRaceBackoff.firstMs * 2 ** attempt);
}

export interface DynamoStateStoreOptions {
  client: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  ids: Ids;
  /**
   * Signs and checks pagination cursors. Whatever answers list requests passes the shared key;
   * without one the store signs with a key of its own, good only within this process.
   */
  cursors?: CursorSigner;
  /**
   * Called after a commit that wrote outbox items, with the items as written. In AWS the table's
   * stream hands them on (their new images); the embedded runtime passes them to its relay in the
   * same way, so it delivers them at once instead of finding them at its next look.
   */
  onOutboxCommitted?: (items: readonly OutboxItem[]) => void;
  /** The heads this process wrote last (recent-chain-heads.ts); one for the whole process by default. */
  recentHeads?: RecentChainHeads;
}

/** Shared by every store of the process: any of them may write the head another reads next. */
const processChainHeads = new RecentChainHeads();

/**
 * The state store on DynamoDB: every change is one TransactWriteItems holding the entity writes
 * (conditional on their versions), the chain event, the chain head on the case item and the outbox
 * items. Either all of it is written or none. Its repositories (repositories.ts) read through it.
 */
export interface DynamoStateStore extends Repositories {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the repositories are assigned in the constructor.
export class DynamoStateStore implements StateStore {
  private readonly cursors: CursorSigner;
  private readonly recentHeads: RecentChainHeads;

  constructor(private readonly options: DynamoStateStoreOptions) {
    this.cursors = options.cursors ?? CursorSigner.ephemeral();
    this.recentHeads = options.recentHeads ?? processChainHeads;
    Object.assign(this, repositoriesOn(this));
  }

  async commit(change: StateChange): Promise<ChainedEvent> {
    const run = change.finishesRecordedWork ? undefined : idempotentRunNow();
    for (let attempt = 1; ; attempt++) {
      const [head, foreignHeads] = await Promise.all([this.headBefore(change), this.foreignHeads(change)]);
      const event = appendEvent(head, {
        chainId: change.chainId,
        type: change.event.type,
        at: this.options.clock.now().toISOString(),
        actor: { role: change.event.actor.role, subjectId: change.event.actor.subjectId },
        data: change.event.data,
      });
      try {
        const outbox = (change.outbox ?? []).map(
          (message): OutboxItem => ({
            id: this.options.ids.next('obx'),
            type: message.type,
            payload: message.payload,
            chainId: change.chainId,
            eventSeq: event.seq,
            createdAt: event.at,
          }),
        );
        const items = this.transactItems(change, head, event, foreignHeads, run, outbox);
        await this.options.client.send(
          new TransactWriteCommand({
            TransactItems: items,
            // The SDK retries a request whose answer was lost; the token makes that retry a no-op
            // success instead of a failed condition (this event is written once, whatever happens).
            // It is drawn afresh for each transaction: a token derived from the change would be the
            // same for two identical changes in one millisecond (two parallel wrong tries of a
            // code), and DynamoDB would answer the second as a retry of the first, writing nothing.
            ClientRequestToken: randomBytes(27).toString('base64url'),
          }),
        );
        this.rememberHeads(change, event);
        if (outbox.length > 0) this.options.onOutboxCommitted?.(outbox);
        return event;
      } catch (error) {
        // The head may have been a guess that another writer overtook: the next try starts from the
        // head the cancellation returned, or reads it.
        this.rememberHeadAfterLoss(change.chainId, error);
        if (!(error instanceof TransactionCanceledException)) throw error;
        if (run && error.CancellationReasons?.at(-1)?.Code === 'ConditionalCheckFailed') {
          throw new AlreadyDone(
            'an earlier run of this request (its Idempotency-Key) did its work; nothing was done again',
            {
              cause: error,
            },
          );
        }
        await this.throwIfAnEntityMoved(change.writes, error);
        if (attempt >= chainRaceAttempts) {
          throw new ConcurrentModification('the case changed too often to record this change; try again', {
            cause: error,
          });
        }
        await sleep(chainRaceDelay(attempt));
      }
    }
  }

  async get(key: ItemKey): Promise<StoredEntity | undefined> {
    const item = await this.getItem(key);
    return item ? toEntity(item) : undefined;
  }

  async getMany(keys: readonly ItemKey[]): Promise<Array<StoredEntity | undefined>> {
    const { tableName } = this.options;
    const found = new Map<string, Item>();
    for (let start = 0; start < keys.length; start += maxBatchGetKeys) {
      let pending: Item[] | undefined = uniqueKeys(keys.slice(start, start + maxBatchGetKeys));
      // Keys DynamoDB left unprocessed (throttling, a response over 16 MB) are asked again.
      for (let round = 0; pending && pending.length > 0; round++) {
        if (round > 0) await sleep(chainRaceDelay(round));
        const result: BatchGetCommandOutput = await this.options.client.send(
          new BatchGetCommand({ RequestItems: { [tableName]: { Keys: pending, ConsistentRead: true } } }),
        );
        for (const item of result.Responses?.[tableName] ?? []) found.set(keyId(keyOf(item)), item);
        pending = result.UnprocessedKeys?.[tableName]?.Keys;
      }
    }
    return keys.map((key) => {
      const item = found.get(keyId(key));
      return item ? toEntity(item) : undefined;
    });
  }

  async listByIndex(gsi1pk: string, options: ListOptions): Promise<Page<StoredEntity>> {
    const result = await this.options.client.send(
      new QueryCommand({
        TableName: this.options.tableName,
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        ExpressionAttributeValues: { ':pk': gsi1pk },
        Limit: options.limit,
        ...(options.descending ? { ScanIndexForward: false } : {}),
        ExclusiveStartKey: options.cursor ? await this.cursors.decode(options.cursor, gsi1pk) : undefined,
      }),
    );
    const items = (result.Items ?? []).map(toEntity);
    return result.LastEvaluatedKey
      ? { items, cursor: await this.cursors.encode(gsi1pk, result.LastEvaluatedKey) }
      : { items };
  }

  async listByPrefix(pk: string, skPrefix: string): Promise<StoredEntity[]> {
    const entities: StoredEntity[] = [];
    let startKey: Item | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
          ExpressionAttributeValues: { ':pk': pk, ':prefix': skPrefix },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      entities.push(...(page.Items ?? []).map(toEntity));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return entities;
  }

  /**
   * The chain as of its head: the events up to the head's sequence, read after the head. An event
   * committed in between (with its newer head) lies beyond this snapshot and is left out, so a
   * reader racing a writer sees a consistent chain, never a head that lags its events.
   */
  async readChain(chainId: string): Promise<{ head: ChainHead; events: ChainedEvent[] }> {
    const caseKey = keys.caseItem(chainId);
    const head = headOf(await this.getItem(caseKey));
    const events: ChainedEvent[] = [];
    if (head.seq === 0) return { head, events };
    let startKey: Item | undefined;
    do {
      const page = await this.options.client.send(
        new QueryCommand({
          TableName: this.options.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :last',
          ExpressionAttributeValues: {
            ':pk': caseKey.pk,
            ':first': keys.chainEvent(chainId, 0).sk,
            ':last': keys.chainEvent(chainId, head.seq).sk,
          },
          ConsistentRead: true,
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) events.push(item.event as ChainedEvent);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return { head, events };
  }

  /**
   * The chain's head before this change. A change that creates its chain's root item (version 0)
   * starts the chain: the head is the genesis, and the root's `attribute_not_exists` condition
   * cancels the transaction if the root exists after all (AlreadyExists), so nothing is read.
   * Nor is a head this process wrote a moment ago: the commit's condition on it checks the guess.
   */
  private async headBefore(change: StateChange): Promise<ChainHead> {
    const caseKey = keys.caseItem(change.chainId);
    if (change.writes.some((write) => write.expectedVersion === 0 && sameKey(write.key, caseKey))) return genesisHead;
    return this.recentHeads.guess(this.options.tableName, change.chainId) ?? headOf(await this.getItem(caseKey));
  }

  /**
   * The heads this commit leaves: its own chain's, and the genesis of every other chain whose root
   * it created (a filing creates the persons it names; their chains start empty).
   */
  private rememberHeads(change: StateChange, event: ChainedEvent): void {
    const { tableName } = this.options;
    this.recentHeads.remember(tableName, change.chainId, { seq: event.seq, hash: event.hash });
    const caseKey = keys.caseItem(change.chainId);
    for (const write of change.writes) {
      if (write.expectedVersion === 0 && write.key.sk === caseKey.sk && !sameKey(write.key, caseKey)) {
        this.recentHeads.remember(tableName, write.key.pk, genesisHead);
      }
    }
  }

  /**
   * After a cancelled commit: the chain's head as the cancellation returned it (the case item's
   * `ALL_OLD`, when its head condition failed) is the next try's guess, so a lost race costs no read
   * of the head; otherwise the guess is forgotten and the next try reads it.
   */
  private rememberHeadAfterLoss(chainId: string, error: unknown): void {
    const { tableName } = this.options;
    const caseKey = keys.caseItem(chainId);
    const reasons = error instanceof TransactionCanceledException ? (error.CancellationReasons ?? []) : [];
    const caseItem = reasons.map(returnedItem).find((item) => item !== undefined && sameKey(keyOf(item), caseKey));
    if (typeof caseItem?.chainSeq === 'number') this.recentHeads.remember(tableName, chainId, headOf(caseItem));
    else this.recentHeads.forget(tableName, chainId);
  }

  /**
   * A change of one chain may rewrite the root item of another aggregate (an accepted offer moves
   * the mediator's load). That root carries its own chain's head, which the write must keep: it is
   * read here and written back under a condition that it has not moved in between.
   */
  private async foreignHeads(change: StateChange): Promise<Map<number, ChainHead>> {
    const caseKey = keys.caseItem(change.chainId);
    const heads = new Map<number, ChainHead>();
    await Promise.all(
      change.writes.map(async (write, index) => {
        if (write.expectedVersion === 0 || write.key.sk !== caseKey.sk || sameKey(write.key, caseKey)) return;
        const item = await this.getItem(write.key);
        if (typeof item?.chainSeq === 'number') heads.set(index, headOf(item));
      }),
    );
    return heads;
  }

  private transactItems(
    change: StateChange,
    head: ChainHead,
    event: ChainedEvent,
    foreignHeads: Map<number, ChainHead>,
    run: IdempotentRun | undefined,
    outbox: readonly OutboxItem[],
  ): TransactItem[] {
    const { tableName } = this.options;
    const caseKey = keys.caseItem(change.chainId);
    const now = event.at;
    const chainCondition = head.seq === 0 ? 'attribute_not_exists(chainSeq)' : 'chainSeq = :prevSeq';
    const chainValues = head.seq === 0 ? {} : { ':prevSeq': head.seq };
    const newHead = { chainSeq: event.seq, chainHash: event.hash };

    const items: TransactItem[] = change.writes.map((write, index) => {
      const isCaseItem = sameKey(write.key, caseKey);
      const foreignHead = foreignHeads.get(index);
      const versionCondition = write.expectedVersion === 0 ? 'attribute_not_exists(pk)' : 'version = :expected';
      const versionValues = write.expectedVersion === 0 ? {} : { ':expected': write.expectedVersion };
      let condition = versionCondition;
      let values: Record<string, unknown> = versionValues;
      let headAttributes: Record<string, unknown> = {};
      if (isCaseItem) {
        condition = `(${versionCondition}) AND (${chainCondition})`;
        values = { ...values, ...chainValues };
        headAttributes = newHead;
      } else if (foreignHead) {
        condition = `(${versionCondition}) AND chainSeq = :foreignSeq`;
        values = { ...values, ':foreignSeq': foreignHead.seq };
        headAttributes = { chainSeq: foreignHead.seq, chainHash: foreignHead.hash };
      }
      return {
        Put: {
          TableName: tableName,
          Item: {
            ...write.attributes,
            ...write.index,
            ...write.key,
            version: write.expectedVersion + 1,
            updatedAt: now,
            ...headAttributes,
          },
          ConditionExpression: condition,
          ...withValues(values),
          // A lost race answers with the item as it is: who moved it, and the head, without a read.
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      };
    });

    // After every entity write, so that a cancellation reason's index still names its entity.
    items.push(...companionItems(tableName, change.writes));

    if (!change.writes.some((write) => sameKey(write.key, caseKey))) {
      items.push({
        Update: {
          TableName: tableName,
          Key: caseKey,
          UpdateExpression: 'SET chainSeq = :seq, chainHash = :hash',
          ConditionExpression: chainCondition,
          ExpressionAttributeValues: { ':seq': newHead.chainSeq, ':hash': newHead.chainHash, ...chainValues },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        },
      });
    }

    items.push({
      Put: {
        TableName: tableName,
        Item: { ...keys.chainEvent(change.chainId, event.seq), event },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    });
    // The checkpointer signs this head within a minute (DESIGN.md, Proof).
    items.push({
      Put: {
        TableName: tableName,
        Item: { ...checkpointDueKey(change.chainId), chainId: change.chainId, seq: event.seq, at: now },
      },
    });

    for (const item of outbox) {
      const { id } = item;
      items.push({
        Put: {
          TableName: tableName,
          Item: {
            ...keys.outbox(id),
            ...item,
            status: 'pending',
            gsi1pk: outboxPendingIndexOf(id),
            gsi1sk: `${now}#${id}`,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    // Last, so a cancellation reason's index finds it at the end.
    if (run) items.push(doneByRun(tableName, run));
    if (items.length > maxTransactionItems) {
      throw new Error(
        `a change of ${change.chainId} needs ${items.length} items, more than one DynamoDB transaction holds (${maxTransactionItems})`,
      );
    }
    return items;
  }

  /** Names the entity that lost the race, if one did; a moved chain head alone is retried. */
  private async throwIfAnEntityMoved(writes: EntityWrite[], error: TransactionCanceledException): Promise<void> {
    const reasons = error.CancellationReasons ?? [];
    for (const [index, write] of writes.entries()) {
      const reason = reasons[index];
      if (reason?.Code !== 'ConditionalCheckFailed') continue;
      const current = returnedItem(reason) ?? (await this.getItem(write.key));
      const currentVersion = typeof current?.version === 'number' ? current.version : 0;
      if (currentVersion === write.expectedVersion) continue; // only the chain head moved
      if (write.expectedVersion === 0) {
        throw new AlreadyExists(`${recordKind(write.key.pk)} already exists`, { cause: error });
      }
      throw new ConcurrentModification(
        `${recordKind(write.key.pk)} was changed by someone else; reload and try again`,
        {
          cause: error,
          details: { expectedVersion: write.expectedVersion, currentVersion },
        },
      );
    }
    // A conflict with another transaction on the same items (the chain's head, its checkpoint mark)
    // is a race like a moved head, retried the same way; anything else is not.
    const retried = new Set(['None', 'ConditionalCheckFailed', 'TransactionConflict']);
    const otherFailure = reasons.find((reason) => reason.Code && !retried.has(reason.Code));
    if (otherFailure) throw error;
  }

  private async getItem(key: ItemKey): Promise<Item | undefined> {
    const result = await this.options.client.send(
      new GetCommand({ TableName: this.options.tableName, Key: key, ConsistentRead: true }),
    );
    return result.Item;
  }
}

/**
 * The mark that the request's run (its Idempotency-Key's claim) has committed, written with its
 * first change: it holds only while the claim is still this run's, and no other run has committed.
 * A later run of the same key (after a crash lost the first run's answer) thus commits nothing.
 */
function doneByRun(tableName: string, run: IdempotentRun): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: keys.idempotency(run.scope, run.key),
      UpdateExpression: 'SET committedBy = :run',
      ConditionExpression: 'claimRun = :run AND (attribute_not_exists(committedBy) OR committedBy = :run)',
      ExpressionAttributeValues: { ':run': run.run },
    },
  };
}

/** DynamoDB's limit on the items of one TransactWriteItems. */
const maxTransactionItems = 100;

/**
 * The companion items of the change's entity writes. A transaction may name an item once, so the
 * numbers added to one item by several writes are summed into one update.
 */
function companionItems(tableName: string, writes: readonly EntityWrite[]): TransactItem[] {
  const items: TransactItem[] = [];
  const additions = new Map<string, { key: ItemKey; counts: Record<string, number> }>();
  for (const companion of writes.flatMap((write): CompanionWrite[] => write.companions ?? [])) {
    if (companion.kind === 'put') {
      items.push({
        Put: { TableName: tableName, Item: { ...companion.attributes, ...companion.index, ...companion.key } },
      });
    } else if (companion.kind === 'delete') {
      items.push({ Delete: { TableName: tableName, Key: companion.key } });
    } else {
      const id = `${companion.key.pk}\u0000${companion.key.sk}`;
      const sum = additions.get(id) ?? { key: companion.key, counts: {} };
      for (const [name, count] of Object.entries(companion.counts)) sum.counts[name] = (sum.counts[name] ?? 0) + count;
      additions.set(id, sum);
    }
  }
  for (const { key, counts } of additions.values()) {
    const names = Object.keys(counts).filter((name) => counts[name] !== 0);
    if (names.length === 0) continue;
    items.push({
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `ADD ${names.map((_, i) => `#n${i} :v${i}`).join(', ')}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(names.map((name, i) => [`:v${i}`, counts[name]])),
      },
    });
  }
  return items;
}

/** The chain's checkpoint mark, in one of a few partitions chosen by the chain id's hash. */
export function checkpointDueKey(chainId: string): ItemKey {
  return keys.checkpointDue(shardOf(chainId, keys.checkpointDueShards), chainId);
}

const genesisHead: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** The item a failed condition returned (`ALL_OLD`), unmarshalled: the document client leaves errors as sent. */
function returnedItem(reason: CancellationReason): Item | undefined {
  return reason.Item ? unmarshall(reason.Item) : undefined;
}

/** BatchGetItem's limit of keys per request. */
const maxBatchGetKeys = 100;

/** Each key once: BatchGetItem refuses a request that names one twice. */
function uniqueKeys(keys: readonly ItemKey[]): Item[] {
  return [...new Map(keys.map((key) => [keyId(key), { pk: key.pk, sk: key.sk }])).values()];
}

function keyId(key: ItemKey): string {
  return `${key.pk}\u0000${key.sk}`;
}

function keyOf(item: Item): ItemKey {
  return { pk: String(item.pk), sk: String(item.sk) };
}

function headOf(caseItem: Item | undefined): ChainHead {
  if (!caseItem || typeof caseItem.chainSeq !== 'number') return genesisHead;
  return { seq: caseItem.chainSeq, hash: String(caseItem.chainHash) };
}

function toEntity(item: Item): StoredEntity {
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!storeAttributes.has(name)) attributes[name] = value;
  }
  return {
    key: keyOf(item),
    version: typeof item.version === 'number' ? item.version : 0,
    attributes,
  };
}

function sameKey(a: ItemKey, b: ItemKey): boolean {
  return a.pk === b.pk && a.sk === b.sk;
}

function withValues(values: Record<string, unknown>): { ExpressionAttributeValues?: Record<string, unknown> } {
  return Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {};
}

/**
 * What a lost race names to the caller: the kind of record (`a court record`), never its key, which
 * may hold a person's keyed hash (`PERSON#<hash>`) or another caller's ids.
 */
function recordKind(pk: string): string {
  return `a ${(pk.split('#')[0] ?? 'stored').toLowerCase().replaceAll('_', ' ')} record`;
}
