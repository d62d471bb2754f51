import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { localCredentials } from '../../infra/local/emulators';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoOutboxLedger } from '../../shared/adapters/dynamodb/outbox-ledger';
import { RecentChainHeads } from '../../shared/adapters/dynamodb/recent-chain-heads';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { keys } from '../../shared/adapters/dynamodb/table-schema';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { AlreadyExists, ConcurrentModification } from '../../shared/domain/errors';
import { verifyChain } from '../../shared/domain/hash-chain';
import type { Principal } from '../../shared/domain/principal';
import { freshTable, storeOn } from '../support/local-table';

const actor: Principal = { role: 'operator', subjectId: 'op-1' };

describe('DynamoStateStore on DynamoDB Local', () => {
  let table: Awaited<ReturnType<typeof freshTable>>;
  let store: DynamoStateStore;
  let ledger: DynamoOutboxLedger;

  beforeAll(async () => {
    table = await freshTable();
    store = storeOn(table);
    ledger = new DynamoOutboxLedger(table.client, table.tableName, systemClock);
  });

  const caseId = () => `CASE#${randomIds.next('dsp')}`;
  /** The change that creates the empty item `key` on a new chain, with an event `a`. */
  const createOf = (chainId: string, key: { pk: string; sk: string }) => ({
    chainId,
    writes: [{ key, expectedVersion: 0, attributes: {} }],
    event: { type: 'a', actor, data: {} },
  });

  it('writes the entity, the event, the chain head and the outbox item together', async () => {
    const chainId = caseId();
    const event = await store.commit({
      chainId,
      writes: [{ key: keys.caseItem(chainId), expectedVersion: 0, attributes: { status: 'filed' } }],
      event: { type: 'dispute.filed', actor, data: { category: 'labour' } },
      outbox: [{ type: 'test.notify', payload: { chainId } }],
    });
    const root = await store.get(keys.caseItem(chainId));
    expect(root).toMatchObject({ version: 1, attributes: { status: 'filed' } });
    const chain = await store.readChain(chainId);
    expect(chain.head).toEqual({ seq: 1, hash: event.hash });
    expect(verifyChain(chain.events, chain.head)).toEqual({ intact: true, length: 1 });
    const pending = await ledger.listPending(100);
    expect(pending.filter((item) => item.chainId === chainId)).toMatchObject([{ type: 'test.notify', eventSeq: 1 }]);
  });

  it('reads many keys in their order, undefined where nothing is, over more than one batch', async () => {
    const chainId = caseId();
    const present = Array.from({ length: 3 }, (_, n) => ({ pk: `${chainId}#MANY`, sk: `ITEM#${n}` }));
    await store.commit({
      chainId,
      writes: present.map((key, n) => ({ key, expectedVersion: 0, attributes: { n } })),
      event: { type: 'a', actor, data: {} },
    });
    // 150 keys (two BatchGetItem requests of at most 100), one of them twice.
    const absent = Array.from({ length: 146 }, (_, n) => ({ pk: `${chainId}#NONE`, sk: `ITEM#${n}` }));
    const asked = [present[2], ...absent.slice(0, 100), present[0], present[2], ...absent.slice(100), present[1]];
    const found = await store.getMany(asked as Array<{ pk: string; sk: string }>);
    expect(found).toHaveLength(asked.length);
    expect(found.map((entity) => entity?.attributes.n)).toEqual(
      asked.map((key) => (key?.pk.endsWith('#MANY') ? Number(key.sk.slice('ITEM#'.length)) : undefined)),
    );
    expect(found[0]).toMatchObject({ key: present[2], version: 1 });
  });

  it('refuses a stale version with ConcurrentModification and writes nothing', async () => {
    const chainId = caseId();
    const key = keys.caseItem(chainId);
    await store.commit({
      chainId,
      writes: [{ key, expectedVersion: 0, attributes: { n: 1 } }],
      event: { type: 'a', actor, data: {} },
    });
    await store.commit({
      chainId,
      writes: [{ key, expectedVersion: 1, attributes: { n: 2 } }],
      event: { type: 'b', actor, data: {} },
    });
    await expect(
      store.commit({
        chainId,
        writes: [{ key, expectedVersion: 1, attributes: { n: 3 } }],
        event: { type: 'c', actor, data: {} },
        outbox: [{ type: 'test.notify', payload: { stale: true } }],
      }),
    ).rejects.toBeInstanceOf(ConcurrentModification);
    expect((await store.get(key))?.attributes).toMatchObject({ n: 2 });
    expect((await store.readChain(chainId)).events.map((event) => event.type)).toEqual(['a', 'b']);
    const pending = await ledger.listPending(100);
    expect(pending.some((item) => item.payload.stale === true)).toBe(false);
  });

  it('refuses a second create with AlreadyExists', async () => {
    const chainId = caseId();
    const key = keys.caseItem(chainId);
    await store.commit(createOf(chainId, key));
    await expect(store.commit(createOf(chainId, key))).rejects.toBeInstanceOf(AlreadyExists);
  });

  it('lets exactly one of two concurrent updates of one version win', async () => {
    const chainId = caseId();
    const key = keys.caseItem(chainId);
    await store.commit(createOf(chainId, key));
    const results = await Promise.allSettled(
      ['x', 'y', 'z'].map((who) =>
        store.commit({
          chainId,
          writes: [{ key, expectedVersion: 1, attributes: { who } }],
          event: { type: who, actor, data: {} },
        }),
      ),
    );
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConcurrentModification);
    }
    const chain = await store.readChain(chainId);
    expect(verifyChain(chain.events, chain.head)).toEqual({ intact: true, length: 2 });
  });

  it('lets exactly one of two identical concurrent changes made in the same millisecond win, the other told so', async () => {
    // Two parallel wrong tries of a portal code are such changes: the same entity, the same
    // attributes, the same event at the same instant. Each must be counted or refused, never
    // taken by DynamoDB for a retry of the other and answered "done" with nothing written.
    const instant = { now: () => new Date('2026-12-01T04:30:00.000Z') };
    const sameInstant = storeOn(table, instant);
    const chainId = caseId();
    const key = keys.caseItem(chainId);
    await sameInstant.commit({
      chainId,
      writes: [{ key, expectedVersion: 0, attributes: { tries: 0 } }],
      event: { type: 'a', actor, data: {} },
    });
    const change = {
      chainId,
      writes: [{ key, expectedVersion: 1, attributes: { tries: 1 } }],
      event: { type: 'wrong_try', actor, data: { attemptNo: 1 } },
    };

    const results = await Promise.allSettled([sameInstant.commit(change), sameInstant.commit(change)]);

    const written = results.filter((result) => result.status === 'fulfilled').length;
    const chain = await sameInstant.readChain(chainId);
    expect(chain.events, 'every change answered as written is in the chain').toHaveLength(1 + written);
    expect(written).toBe(1);
    for (const result of results) {
      if (result.status === 'rejected') expect(result.reason).toBeInstanceOf(ConcurrentModification);
    }
  });

  it('serializes concurrent changes of different entities of one case on its chain', async () => {
    const chainId = caseId();
    const results = await Promise.all(
      [1, 2, 3, 4].map((n) =>
        store.commit({
          chainId,
          writes: [{ key: { pk: chainId, sk: `PARTY#${n}` }, expectedVersion: 0, attributes: { n } }],
          event: { type: 'party.added', actor, data: { n } },
        }),
      ),
    );
    expect(results.map((event) => event.seq).sort()).toEqual([1, 2, 3, 4]);
    const chain = await store.readChain(chainId);
    expect(verifyChain(chain.events, chain.head)).toEqual({ intact: true, length: 4 });
  });

  it('records 40 changes committed at once on one chain, each once, in an intact chain (jittered retries)', async () => {
    const chainId = caseId();

    const results = await Promise.allSettled(
      Array.from({ length: 40 }, (_, n) =>
        store.commit({
          chainId,
          writes: [{ key: { pk: chainId, sk: `RECIPIENT#${n}` }, expectedVersion: 0, attributes: { n } }],
          event: { type: 'recipient.sent', actor, data: { n } },
        }),
      ),
    );

    const failed = results.filter((result) => result.status === 'rejected');
    expect(failed, 'no writer of the chain gave up').toEqual([]);
    const chain = await store.readChain(chainId);
    expect(verifyChain(chain.events, chain.head), 'the chain holds 40 events, intact').toEqual({
      intact: true,
      length: 40,
    });
    // Forty writers of one chain go one at a time: on a loaded 2-core CI run that is tens of seconds.
  }, 120_000);

  it('keeps the chain head of another aggregate whose root a change rewrites', async () => {
    const mediatorChain = `MEDIATOR#${randomIds.next('med')}`;
    const mediatorKey = keys.caseItem(mediatorChain);
    await store.commit({
      chainId: mediatorChain,
      writes: [{ key: mediatorKey, expectedVersion: 0, attributes: { activeCases: 0 } }],
      event: { type: 'mediator.registered', actor, data: {} },
    });
    const disputeChain = caseId();
    await store.commit({
      chainId: disputeChain,
      writes: [{ key: mediatorKey, expectedVersion: 1, attributes: { activeCases: 1 } }],
      event: { type: 'offer.accepted', actor, data: {} },
    });
    const chain = await store.readChain(mediatorChain);
    expect(chain.head.seq).toBe(1);
    expect(verifyChain(chain.events, chain.head)).toEqual({ intact: true, length: 1 });
    expect((await store.get(mediatorKey))?.attributes).toMatchObject({ activeCases: 1 });
  });

  describe("the head of the chain's last commit, kept by the process", () => {
    const clients: Array<{ destroy(): void }> = [];
    afterAll(() => {
      for (const client of clients) client.destroy();
    });

    /** A store with heads of its own, as another process would have, counting the GetItems it sends. */
    function storeOfItsOwn() {
      const reads: string[] = [];
      const stack = inject('stack');
      const client = createDocumentClient({
        endpoint: stack.dynamodb,
        region: stack.region,
        credentials: localCredentials,
      });
      clients.push(client);
      client.middlewareStack.add(
        (next, context) => async (args) => {
          // By the build step the input is marshalled: { pk: { S: … } }.
          if (context.commandName === 'GetItemCommand')
            reads.push(String((args.input as { Key?: { pk?: { S?: string } } }).Key?.pk?.S));
          return next(args);
        },
        { step: 'build', name: 'countReads' },
      );
      const own = new DynamoStateStore({
        client,
        tableName: table.tableName,
        clock: systemClock,
        ids: randomIds,
        recentHeads: new RecentChainHeads(),
      });
      return { store: own, reads };
    }
    const next = (chainId: string, type: string) => ({ chainId, writes: [], event: { type, actor, data: {} } });

    it('does not read back the head it has just written', async () => {
      const { store: own, reads } = storeOfItsOwn();
      const chainId = caseId();
      await own.commit(createOf(chainId, keys.caseItem(chainId)));
      await own.commit(next(chainId, 'b'));
      await own.commit(next(chainId, 'c'));
      expect(reads).toEqual([]);
      const chain = await own.readChain(chainId);
      expect(verifyChain(chain.events, chain.head)).toEqual({ intact: true, length: 3 });
    });

    it('does not read the head of another chain whose root it has just created: that chain is empty', async () => {
      const { store: own, reads } = storeOfItsOwn();
      const chainId = caseId();
      const personChain = `PERSON#${randomIds.next('psn')}`;
      await own.commit({
        chainId,
        writes: [
          { key: keys.caseItem(chainId), expectedVersion: 0, attributes: {} },
          { key: keys.caseItem(personChain), expectedVersion: 0, attributes: { name: 'a person' } },
        ],
        event: { type: 'filed', actor, data: {} },
      });
      await own.commit(next(personChain, 'address-book'));
      expect(reads).toEqual([]);
      const chain = await own.readChain(personChain);
      expect(chain.events.map((event) => event.type)).toEqual(['address-book']);
      expect(verifyChain(chain.events, chain.head)).toEqual({ intact: true, length: 1 });
    });

    it('takes the head from the cancellation when another process moved it (no read), and keeps the chain intact', async () => {
      const first = storeOfItsOwn();
      const second = storeOfItsOwn();
      const chainId = caseId();
      await first.store.commit(createOf(chainId, keys.caseItem(chainId)));
      await second.store.commit(next(chainId, 'by-the-second'));
      // The first's guess (seq 1) is stale: its transaction is cancelled with the case item as it is
      // (seq 2, the head condition's ALL_OLD), and it tries again from there without reading.
      await first.store.commit(next(chainId, 'by-the-first'));
      expect(first.reads).toEqual([]);
      const chain = await first.store.readChain(chainId);
      expect(chain.events.map((event) => event.type)).toEqual(['a', 'by-the-second', 'by-the-first']);
      expect(verifyChain(chain.events, chain.head)).toEqual({ intact: true, length: 3 });
    });

    it('still refuses a stale entity version when its head guess was stale too', async () => {
      const first = storeOfItsOwn();
      const second = storeOfItsOwn();
      const chainId = caseId();
      const key = keys.caseItem(chainId);
      await first.store.commit(createOf(chainId, key));
      await second.store.commit({
        chainId,
        writes: [{ key, expectedVersion: 1, attributes: { n: 2 } }],
        event: { type: 'b', actor, data: {} },
      });
      await expect(
        first.store.commit({
          chainId,
          writes: [{ key, expectedVersion: 1, attributes: { n: 3 } }],
          event: { type: 'c', actor, data: {} },
        }),
      ).rejects.toBeInstanceOf(ConcurrentModification);
      // Who moved the entity came back with the cancellation: nothing was read to name it.
      expect(first.reads).toEqual([]);
      expect((await store.readChain(chainId)).events.map((event) => event.type)).toEqual(['a', 'b']);
    });

    it('reads the head on the next change when a commit failed on another item (no head came back)', async () => {
      const first = storeOfItsOwn();
      const chainId = caseId();
      await first.store.commit(createOf(chainId, keys.caseItem(chainId)));
      // An item of the change that exists already fails its own condition; the head's held, so the
      // cancellation returned no head, and the next change reads it.
      const taken = { pk: `TAKEN#${chainId}`, sk: 'TAKEN' };
      await first.store.commit({ ...next(chainId, 'b'), writes: [{ key: taken, expectedVersion: 0, attributes: {} }] });
      await expect(
        first.store.commit({ ...next(chainId, 'c'), writes: [{ key: taken, expectedVersion: 0, attributes: {} }] }),
      ).rejects.toBeInstanceOf(AlreadyExists);
      await first.store.commit(next(chainId, 'd'));
      expect(first.reads).toEqual([chainId]);
      const chain = await first.store.readChain(chainId);
      expect(chain.events.map((event) => event.type)).toEqual(['a', 'b', 'd']);
      expect(verifyChain(chain.events, chain.head)).toEqual({ intact: true, length: 3 });
    });
  });

  describe('tampering with the stored chain', () => {
    async function chainOfThree() {
      const chainId = caseId();
      for (const type of ['one', 'two', 'three']) {
        await store.commit({ chainId, writes: [], event: { type, actor, data: { type } } });
      }
      return chainId;
    }

    it('names an edited event', async () => {
      const chainId = await chainOfThree();
      await table.client.send(
        new UpdateCommand({
          TableName: table.tableName,
          Key: keys.chainEvent(chainId, 2),
          UpdateExpression: 'SET #event.#data = :data',
          ExpressionAttributeNames: { '#event': 'event', '#data': 'data' },
          ExpressionAttributeValues: { ':data': { type: 'edited' } },
        }),
      );
      const chain = await store.readChain(chainId);
      expect(verifyChain(chain.events, chain.head)).toEqual({
        intact: false,
        brokenAt: 2,
        reason: 'content_hash_mismatch',
      });
    });

    it('detects deletion of the newest event through the head on the case item', async () => {
      const chainId = await chainOfThree();
      await table.client.send(new DeleteCommand({ TableName: table.tableName, Key: keys.chainEvent(chainId, 3) }));
      const chain = await store.readChain(chainId);
      expect(verifyChain(chain.events, chain.head)).toEqual({ intact: false, brokenAt: 3, reason: 'head_mismatch' });
    });
  });
});
