import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../infra/local/outbox-relay';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { DynamoOutboxLedger } from '../../shared/adapters/dynamodb/outbox-ledger';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { keys } from '../../shared/adapters/dynamodb/table-schema';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { createLogger } from '../../shared/adapters/logging/logger';
import type { OutboxItem } from '../../shared/ports/outbox';
import { eventually } from '../support/eventually';
import { freshTable } from '../support/local-table';

const actor = { role: 'operator' as const, subjectId: 'op-1' };

describe('OutboxRelay on DynamoDB Local', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let store: DynamoStateStore;
  let ledger: DynamoOutboxLedger;
  let relay: OutboxRelay | undefined;

  beforeAll(async () => {
    table = await freshTable();
    store = new DynamoStateStore({
      client: table.client,
      tableName: table.tableName,
      clock: systemClock,
      ids: randomIds,
    });
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
});
