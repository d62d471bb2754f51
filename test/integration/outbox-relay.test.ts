import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../infra/local/outbox-relay';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { DynamoOutboxLedger } from '../../shared/adapters/dynamodb/outbox-ledger';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { keys, outboxPendingIndexOf } from '../../shared/adapters/dynamodb/table-schema';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { createLogger } from '../../shared/adapters/logging/logger';
import type { OutboxItem } from '../../shared/ports/outbox';
import type { OutboxLedger } from '../../shared/ports/outbox-ledger';
import { eventually } from '../support/eventually';
import { freshTable, storeOn } from '../support/local-table';

const actor = { role: 'operator' as const, subjectId: 'op-1' };

describe('OutboxRelay on DynamoDB Local', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let store: DynamoStateStore;
  let ledger: DynamoOutboxLedger;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    table = await freshTable();
    store = storeOn(table);
    ledger = new DynamoOutboxLedger(table.client, table.tableName, systemClock);
  });
  afterEach(async () => {
    await relay?.stop();
    relay = undefined;
  });

  async function commitWithOutbox(type: string, payload: Record<string, unknown>) {
    const chainId = `CASE#${randomIds.next('dsp')}`;
    await store.commit({ chainId, writes: [], event: { type: 'test', actor, data: {} }, outbox: [{ type, payload }] });
    return chainId;
  }

  it('delivers a committed outbox item to its consumer once and marks it done', async () => {
    const received: OutboxItem[] = [];
    relay = new OutboxRelay({
      ledger,
      handlers: { 'test.delivered': async (item) => void received.push(item) },
      logger: createLogger('relay-test', 'ERROR'),
      pollMs: 20,
    });
    const chainId = await commitWithOutbox('test.delivered', { n: 1 });

    relay.start();
    await eventually('the running relay delivers the item', () => received.length === 1);
    // Stopping waits for the pass in progress; two more passes then prove the item is not offered again.
    await relay.stop();
    await relay.drain();
    await relay.drain();

    expect(received, 'the consumer saw the item once').toHaveLength(1);
    expect(received[0], 'the consumer saw the item as committed').toMatchObject({
      type: 'test.delivered',
      payload: { n: 1 },
      chainId,
      eventSeq: 1,
    });
    const stored = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.outbox(received[0]?.id ?? '') }),
    );
    expect(stored.Item, 'the item is marked done').toMatchObject({ status: 'done' });
    expect(stored.Item?.gsi1pk, 'the item left the pending index').toBeUndefined();
  });

  it('delivers the items a commit hands over without reading the index, and still finds items no nudge announced', async () => {
    const received: OutboxItem[] = [];
    let looks = 0;
    const watched: OutboxLedger = Object.assign(Object.create(ledger) as DynamoOutboxLedger, {
      listPending: (limit: number) => {
        looks++;
        return ledger.listPending(limit);
      },
    });
    relay = new OutboxRelay({
      ledger: watched,
      handlers: { 'test.handed': async (item) => void received.push(item) },
      logger: createLogger('relay-test', 'ERROR'),
      // Long between looks everywhere, so that the handed items are delivered before the next look.
      pollMs: 2_000,
      idleMaxMs: 2_000,
    });
    const nudging = new DynamoStateStore({
      client: table.client,
      tableName: table.tableName,
      clock: systemClock,
      ids: randomIds,
      onOutboxCommitted: (items) => relay?.nudge(items),
    });
    relay.start();
    await eventually('the first look, everywhere, is done', () => looks >= 1);
    const looksBefore = looks;
    const chainId = `CASE#${randomIds.next('dsp')}`;
    await nudging.commit({
      chainId,
      writes: [],
      event: { type: 'test', actor, data: {} },
      outbox: [
        { type: 'test.handed', payload: { n: 1 } },
        { type: 'test.handed', payload: { n: 2 } },
      ],
    });
    await eventually('the handed items are delivered', () => received.length === 2);
    expect(looks, 'no look was needed to find them').toBe(looksBefore);
    expect(
      received.map((item) => item.payload),
      'delivered as committed',
    ).toEqual([{ n: 1 }, { n: 2 }]);
    expect(received[0], 'with the chain and event they belong to').toMatchObject({ chainId, eventSeq: 1 });
    const stored = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.outbox(received[0]?.id ?? '') }),
    );
    expect(stored.Item, 'marked done').toMatchObject({ status: 'done' });

    // A commit by a store that does not nudge (another process's): found by the next look everywhere.
    await commitWithOutbox('test.handed', { n: 3 });
    await eventually('the unannounced item is delivered', () => received.length === 3);
    // Items a look delivered are not delivered again when they are handed over late.
    relay.nudge(received.slice(0, 2));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(received, 'each item delivered once').toHaveLength(3);
  });

  it('spreads pending items over the index shards and lists them oldest first across all of them, old-layout items too', async () => {
    // Prepare: twenty items committed one after another, and one pending on the partition all shared before.
    const before = await ledger.listPending(1000);
    for (let n = 0; n < 20; n++) {
      await commitWithOutbox('test.sharded', { n });
      await new Promise((resolve) => setTimeout(resolve, 2)); // creation times to the millisecond order them
    }
    const legacyId = randomIds.next('obx');
    const legacyAt = new Date(Date.now() - 60_000).toISOString();
    await table.client.send(
      new PutCommand({
        TableName: table.tableName,
        Item: {
          ...keys.outbox(legacyId),
          id: legacyId,
          type: 'test.sharded',
          payload: { n: -1 },
          chainId: 'CASE#legacy',
          eventSeq: 1,
          createdAt: legacyAt,
          status: 'pending',
          gsi1pk: keys.outboxPendingLegacyIndex,
          gsi1sk: `${legacyAt}#${legacyId}`,
        },
      }),
    );

    // Act
    const known = new Set(before.map((item) => item.id));
    const listed = (await ledger.listPending(1000)).filter((item) => !known.has(item.id));
    const firstFive = (await ledger.listPending(known.size + 5)).filter((item) => !known.has(item.id));

    // Assess
    expect(listed.map((item) => item.payload.n)).toEqual([-1, ...Array.from({ length: 20 }, (_, n) => n)]);
    const shards = new Set(listed.slice(1).map((item) => outboxPendingIndexOf(item.id)));
    expect(shards.size, 'the items sit on several index partitions').toBeGreaterThan(3);
    expect(
      firstFive.map((item) => item.payload.n),
      'a limit takes the oldest over every shard',
    ).toEqual([-1, 0, 1, 2, 3]);
    for (const item of listed) await ledger.markDone(item.id);
  });

  it("delivers different chains' items side by side and a chain's own items one after another, in order", async () => {
    // Prepare: four chains with one item each, whose consumer waits until all four are in flight
    // (or gives up after two seconds); and one chain with three items committed in turn.
    let inFlight = 0;
    let mostInFlight = 0;
    let releaseAll: () => void = () => {};
    const allInFlight = new Promise<void>((resolve) => {
      releaseAll = resolve;
    });
    const orderedCalls: string[] = [];
    relay = new OutboxRelay({
      ledger,
      handlers: {
        'test.side-by-side': async () => {
          inFlight++;
          mostInFlight = Math.max(mostInFlight, inFlight);
          if (inFlight === 4) releaseAll();
          await Promise.race([allInFlight, new Promise((resolve) => setTimeout(resolve, 2_000))]);
          inFlight--;
        },
        'test.in-order': async (item) => {
          orderedCalls.push(`start ${item.payload.n}`);
          await new Promise((resolve) => setTimeout(resolve, 20));
          orderedCalls.push(`end ${item.payload.n}`);
        },
      },
      logger: createLogger('relay-test', 'ERROR'),
      pollMs: 10,
    });
    for (let n = 0; n < 4; n++) await commitWithOutbox('test.side-by-side', { n });
    const chainId = await commitWithOutbox('test.in-order', { n: 0 });
    for (const n of [1, 2]) {
      await store.commit({
        chainId,
        writes: [],
        event: { type: 'test', actor, data: {} },
        outbox: [{ type: 'test.in-order', payload: { n } }],
      });
    }

    // Act
    await relay.drain();

    // Assess
    expect(mostInFlight, 'items of four chains were in flight at once').toBe(4);
    expect(orderedCalls, "one chain's items, each finished before the next began").toEqual([
      'start 0',
      'end 0',
      'start 1',
      'end 1',
      'start 2',
      'end 2',
    ]);
  });

  it('keeps a failing item pending and retries it until its consumer succeeds', async () => {
    let calls = 0;
    relay = new OutboxRelay({
      ledger,
      handlers: {
        'test.flaky': async () => {
          calls++;
          if (calls < 3) throw new Error('provider unavailable');
        },
      },
      logger: createLogger('relay-test', 'ERROR'),
      pollMs: 10,
      maxBackoffMs: 50,
    });
    await commitWithOutbox('test.flaky', {});
    relay.start();
    await eventually('the consumer is called a third time', () => {
      expect(calls, 'calls to the consumer').toBe(3);
    });
    await eventually('the item leaves the pending index once its consumer succeeded', async () => {
      expect((await ledger.listPending(100)).map((item) => item.type)).not.toContain('test.flaky');
    });
  });

  it('never drops an item whose type no consumer knows', async () => {
    relay = new OutboxRelay({ ledger, handlers: {}, logger: createLogger('relay-test', 'ERROR'), pollMs: 10 });
    await commitWithOutbox('test.unknown', {});

    // Two passes over the pending index, as the running relay would make them.
    await relay.drain();
    await relay.drain();

    const pending = (await ledger.listPending(100)).filter((item) => item.type === 'test.unknown');
    expect(pending, 'the item is still pending').toHaveLength(1);
    const stored = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.outbox(pending[0]?.id ?? '') }),
    );
    expect(stored.Item?.lastError, 'the failure is recorded on the item').toMatch(
      /no consumer handles outbox items of type test.unknown/,
    );
  });

  it('sets a poisoned item aside after a bounded number of tries, and delivers the items behind it', async () => {
    // Prepare: more poisoned items than one pass reads, all ahead of the good ones in the index.
    const delivered: string[] = [];
    let poisonCalls = 0;
    let poisonCallsWhenAllGoodDelivered = 0;
    relay = new OutboxRelay({
      ledger,
      handlers: {
        'test.poison': async () => {
          poisonCalls++;
          throw new Error('malformed payload');
        },
        'test.good': async (item) => {
          delivered.push(String(item.payload.n));
          if (delivered.length === 5) poisonCallsWhenAllGoodDelivered = poisonCalls;
        },
      },
      logger: createLogger('relay-test', 'OFF'),
      pollMs: 10,
      maxBackoffMs: 40,
      setAside: { attempts: 3, failingForMs: 0 },
    });
    const poisoned = await Promise.all(Array.from({ length: 30 }, () => commitWithOutbox('test.poison', {})));
    for (const n of [1, 2, 3, 4, 5]) await commitWithOutbox('test.good', { n });

    // Act
    relay.start();

    // Assess
    await eventually('the items behind the poisoned ones are delivered', () => {
      expect(delivered.sort()).toEqual(['1', '2', '3', '4', '5']);
    });
    await eventually('every poisoned item is set aside', async () => {
      const setAside = (await ledger.listSetAside(100)).filter((item) => poisoned.includes(item.chainId));
      expect(setAside).toHaveLength(30);
    });
    await relay.stop();
    expect(poisonCalls, 'three tries each, no more').toBe(90);
    expect(
      poisonCallsWhenAllGoodDelivered,
      'the good items did not wait for the poisoned ones to run out',
    ).toBeLessThan(90);
    expect((await ledger.listPending(100)).filter((item) => poisoned.includes(item.chainId))).toEqual([]);
    const [first] = (await ledger.listSetAside(100)).filter((item) => poisoned.includes(item.chainId));
    const stored = await table.client.send(
      new GetCommand({ TableName: table.tableName, Key: keys.outbox(first?.id ?? '') }),
    );
    expect(stored.Item, 'the dead-letter record keeps its tries and last error').toMatchObject({
      status: 'dead_letter',
      failures: 3,
      lastError: 'malformed payload',
    });
  });

  it('requeues a dead-letter record, which is then delivered', async () => {
    let healthy = false;
    const delivered: string[] = [];
    relay = new OutboxRelay({
      ledger,
      handlers: {
        'test.healed': async (item) => {
          if (!healthy) throw new Error('provider down');
          delivered.push(item.id);
        },
      },
      logger: createLogger('relay-test', 'OFF'),
      pollMs: 10,
      maxBackoffMs: 20,
      setAside: { attempts: 2, failingForMs: 0 },
    });
    const chainId = await commitWithOutbox('test.healed', {});
    relay.start();
    let setAsideId = '';
    await eventually('the item is set aside', async () => {
      const found = (await ledger.listSetAside(100)).find((item) => item.chainId === chainId);
      expect(found).toBeDefined();
      setAsideId = found?.id ?? '';
    });

    healthy = true;
    await ledger.requeue(setAsideId);
    await ledger.requeue(setAsideId);

    await eventually('the requeued item is delivered once', () => expect(delivered).toEqual([setAsideId]));
    expect((await ledger.listSetAside(100)).map((item) => item.id)).not.toContain(setAsideId);
  });
});
