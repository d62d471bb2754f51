import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repositoriesOn } from '../../shared/adapters/dynamodb/repositories';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { backfillUnservedQueue } from '../../shared/adapters/dynamodb/unserved-queue-backfill';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import type { MessageTasks } from '../../shared/ports/message-tasks';
import type { StateChange, StateStore } from '../../shared/ports/state-store';
import type { WorkflowEngine } from '../../shared/ports/workflows';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { recordAlternativeService } from '../../shared/use-cases/service/read-service';
import { requestService } from '../../shared/use-cases/service/request-service';
import { serviceCentreStats } from '../../shared/use-cases/service/service-centre-stats';
import { planService } from '../../shared/use-cases/service/service-delivery';
import { unservedQueue } from '../../shared/use-cases/service/unserved-queue';
import { freshTable, storeOn } from '../support/local-table';
import { fixtureOperator } from '../support/mediation-fixtures';
import { documentStore, seedPerson, testServiceSettings } from '../support/service-harness';
import { TestClock } from '../support/test-clock';

/** No message is sent in these tests: a recipient without consent is planned straight to `unserved`. */
const noMessage = () => Promise.reject(new Error('no message is sent in this test'));
const noSends = {
  workflows: {
    start: () => Promise.reject(new Error('no workflow starts in this test')),
    sendTaskSuccess: () => Promise.reject(new Error('no task token in this test')),
    sendTaskFailure: () => Promise.reject(new Error('no task token in this test')),
  } satisfies WorkflowEngine,
  messageTasks: {
    send: noMessage,
    awaitReceipt: noMessage,
    recordNoReceipt: noMessage,
    resolveUnknownSend: noMessage,
  } satisfies MessageTasks,
};

describe('unservedQueue and the service centre window (DynamoDB Local)', () => {
  let store: DynamoStateStore;
  let client: Awaited<ReturnType<typeof freshTable>>['client'];
  const clock = new TestClock();
  /** The figures' window in this test: a few services stand in for the 5,000 the centre once read. */
  const window = 4;

  const deps = () => ({
    store,
    clock,
    ids: randomIds,
    requestMessage: messageRequests({ store, clock, ids: randomIds }),
    documents: documentStore(),
    settings: testServiceSettings(),
    ...noSends,
  });

  /** A service to one person, an hour after the one before; planned at once when `plan` (no consent: unserved). */
  async function serviceTo(consent: boolean, plan: boolean) {
    clock.advance(3_600_000);
    const person = await seedPerson(store, consent ? {} : { consent: null });
    const { service, recipients } = await requestService(deps(), fixtureOperator, {
      document: { title: 'Ruling', kind: 'ruling', mediaType: 'application/pdf', content: Buffer.from('%PDF-1.4') },
      recipients: [{ personId: person.personId }],
    });
    const recipientId = recipients[0]?.recipientId as string;
    if (plan) await planService(deps(), { serviceId: service.serviceId, recipientId });
    return { serviceId: service.serviceId, recipientId, createdAt: service.createdAt };
  }

  async function wholeQueue() {
    const entries: { serviceId: string; recipientId: string }[] = [];
    let cursor: string | undefined;
    do {
      // One entry a page, so the cursor is exercised.
      const page = await unservedQueue(deps(), fixtureOperator, { limit: 1, ...(cursor ? { cursor } : {}) });
      entries.push(...page.items.map(({ serviceId, recipientId }) => ({ serviceId, recipientId })));
      cursor = page.cursor;
    } while (cursor);
    return entries;
  }

  let oldUnserved: Awaited<ReturnType<typeof serviceTo>>;
  let newUnserved: Awaited<ReturnType<typeof serviceTo>>;
  const between: Awaited<ReturnType<typeof serviceTo>>[] = [];

  beforeAll(async () => {
    const table = await freshTable();
    client = table.client;
    store = new DynamoStateStore({ client, tableName: table.tableName, clock, ids: randomIds });
    // Prepare: an old service whose recipient is left unserved, more than a window of services
    // after it, and a new service whose recipient is left unserved.
    clock.advance(-30 * 86_400_000);
    oldUnserved = await serviceTo(false, true);
    for (let index = 0; index < window + 2; index++) between.push(await serviceTo(true, false));
    newUnserved = await serviceTo(false, true);
  });
  afterAll(() => client.destroy());

  it('lists the services newest first, a window at a time, and says which window the figures cover', async () => {
    // Act
    const newest = await serviceCentreStats(deps(), fixtureOperator, { size: window });
    const older = await serviceCentreStats(deps(), fixtureOperator, {
      size: window,
      cursor: newest.window.olderCursor as string,
    });
    const catalogue = await store.services.catalogue({ limit: 100 });

    // Assess
    const created = catalogue.items.map((service) => service.createdAt);
    expect(created).toEqual([...created].sort().reverse());
    expect(catalogue.items[0]?.serviceId).toBe(newUnserved.serviceId);
    expect(catalogue.items.at(-1)?.serviceId).toBe(oldUnserved.serviceId);
    expect(newest.window).toMatchObject({
      services: window,
      fromNewest: true,
      newestRequestedAt: newUnserved.createdAt,
      oldestRequestedAt: between[between.length - window + 1]?.createdAt,
    });
    expect(newest.window.olderCursor).toEqual(expect.any(String));
    // The old unserved recipient lies outside the newest window: its figures do not count it ...
    expect(newest.byStatus.unserved).toBe(1);
    // ... the next window does, and it is the last.
    expect(older.window).toMatchObject({ services: window, fromNewest: false });
    expect(older.window.oldestRequestedAt).toBe(oldUnserved.createdAt);
    expect(older.byStatus.unserved).toBe(1);
  });

  it('queues the unserved recipients of an old and a new service, the longest waiting first', async () => {
    // Act
    const queue = await wholeQueue();

    // Assess
    expect(queue).toEqual([
      { serviceId: oldUnserved.serviceId, recipientId: oldUnserved.recipientId },
      { serviceId: newUnserved.serviceId, recipientId: newUnserved.recipientId },
    ]);
  });

  it('drops a recipient from the queue in the commit that records its alternative service', async () => {
    // Act
    await recordAlternativeService(deps(), fixtureOperator, oldUnserved.serviceId, {
      recipientId: oldUnserved.recipientId,
      method: 'post',
      reference: 'EMS-1',
    });

    // Assess: the queue's own item is gone (read strongly, not through the index)
    expect(await store.listByPrefix(`SERVICE#${oldUnserved.serviceId}`, 'UNSERVED_QUEUE#')).toEqual([]);
    expect(await wholeQueue()).toEqual([{ serviceId: newUnserved.serviceId, recipientId: newUnserved.recipientId }]);
  });

  it('refuses a page size outside 1 to 200 and a cursor it did not issue', async () => {
    await expect(unservedQueue(deps(), fixtureOperator, { limit: 0 })).rejects.toThrow(/1 to 200/);
    await expect(unservedQueue(deps(), fixtureOperator, { limit: 5, cursor: 'v1.abc.def' })).rejects.toThrow(/cursor/);
    await expect(serviceCentreStats(deps(), fixtureOperator, { size: 5001 })).rejects.toThrow(/window/);
  });
});

/** The store as it wrote before the queue was kept: every write without its companion items. */
function writingWithoutCompanions(store: StateStore): StateStore {
  return {
    ...repositoriesOn(store),
    commit: (change: StateChange) =>
      store.commit({ ...change, writes: change.writes.map(({ companions: _dropped, ...write }) => write) }),
    get: (key) => store.get(key),
    getMany: (keys) => store.getMany(keys),
    listByIndex: (index, options) => store.listByIndex(index, options),
    listByPrefix: (pk, prefix) => store.listByPrefix(pk, prefix),
    readChain: (chainId) => store.readChain(chainId),
  };
}

describe('backfillUnservedQueue (DynamoDB Local)', () => {
  it('queues the recipients left unserved before the queue was kept, once however often it runs', async () => {
    // Prepare: one recipient planned to unserved by the old writes, one still planned
    const table = await freshTable();
    const clock = new TestClock();
    const store = storeOn(table, clock);
    const legacy = writingWithoutCompanions(store);
    const deps = (on: StateStore) => ({
      store: on,
      clock,
      ids: randomIds,
      requestMessage: messageRequests({ store: on, clock, ids: randomIds }),
      documents: documentStore(),
      settings: testServiceSettings(),
      ...noSends,
    });
    const request = async (personId: string) =>
      requestService(deps(legacy), fixtureOperator, {
        document: { title: 'Notice', kind: 'notice', mediaType: 'application/pdf', content: Buffer.from('%PDF-1.4') },
        recipients: [{ personId }],
      });
    const unserved = await request((await seedPerson(store, { consent: null })).personId);
    const unservedId = unserved.recipients[0]?.recipientId as string;
    await planService(deps(legacy), { serviceId: unserved.service.serviceId, recipientId: unservedId });
    await request((await seedPerson(store)).personId);
    const before = await unservedQueue(deps(store), fixtureOperator, { limit: 10 });

    // Act
    const first = await backfillUnservedQueue(table.client, table.tableName, store);
    const second = await backfillUnservedQueue(table.client, table.tableName, store);
    const after = await unservedQueue(deps(store), fixtureOperator, { limit: 10 });

    // Assess
    expect(before.items).toEqual([]);
    expect(first).toEqual({ services: 2, unserved: 1, queued: 1, skipped: 0 });
    expect(second).toEqual(first);
    expect(after.items.map((entry) => [entry.serviceId, entry.recipientId, entry.reason])).toEqual([
      [unserved.service.serviceId, unservedId, 'no_consent'],
    ]);
    table.client.destroy();
  });
});
