import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { repositoriesOn } from '../../shared/adapters/dynamodb/repositories';
import { serviceRecords } from '../../shared/adapters/dynamodb/service-records';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { outboxPendingIndexes } from '../../shared/adapters/dynamodb/table-schema';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { serviceRequestedType } from '../../shared/domain/service/service';
import { serviceChainId } from '../../shared/domain/service/service-chains';
import type { StateChange, StateStore } from '../../shared/ports/state-store';
import {
  completeServiceCreation,
  recipientsPerChunk,
  requestService,
  serviceRecipientsPendingType,
} from '../../shared/use-cases/service/request-service';
import { freshTable } from '../support/local-table';
import { fixtureOperator } from '../support/mediation-fixtures';
import { documentStore, seedPerson, testServiceSettings } from '../support/service-harness';

/** The real store, except that the process "dies" at the n-th commit: it throws and writes nothing. */
function crashingAtCommit(store: StateStore, n: number): StateStore {
  let commits = 0;
  return {
    ...repositoriesOn(store),
    commit: (change: StateChange) => {
      commits += 1;
      if (commits === n) return Promise.reject(new Error('the process was killed'));
      return store.commit(change);
    },
    get: (key) => store.get(key),
    getMany: (keys) => store.getMany(keys),
    listByIndex: (index, options) => store.listByIndex(index, options),
    listByPrefix: (pk, prefix) => store.listByPrefix(pk, prefix),
    readChain: (chainId) => store.readChain(chainId),
  };
}

describe('requestService in chunks', () => {
  let store: DynamoStateStore;
  let client: Awaited<ReturnType<typeof freshTable>>['client'];
  const recipientCount = 2 * recipientsPerChunk + 20;

  beforeAll(async () => {
    const table = await freshTable();
    client = table.client;
    store = new DynamoStateStore({ client, tableName: table.tableName, clock: systemClock, ids: randomIds });
  });
  afterAll(() => client.destroy());

  const deps = (on: StateStore) => ({
    store: on,
    clock: systemClock,
    ids: randomIds,
    documents: documentStore(),
    settings: testServiceSettings(),
  });

  async function outboxOf(serviceId: string) {
    const pages = await Promise.all(outboxPendingIndexes().map((index) => store.listByIndex(index, { limit: 1000 })));
    return pages
      .flatMap((page) => page.items)
      .map((item) => item.attributes as { type: string; payload: { serviceId?: string; recipientIds?: string[] } })
      .filter((item) => item.payload.serviceId === serviceId);
  }

  it(`writes ${recipientCount} recipients in transactions under 100 items, resuming after a crash between chunks`, async () => {
    // Prepare
    const persons = await Promise.all(Array.from({ length: recipientCount }, () => seedPerson(store)));
    const request = {
      document: {
        title: 'Ruling',
        kind: 'ruling' as const,
        mediaType: 'application/pdf',
        content: Buffer.from('%PDF-1.4'),
      },
      recipients: persons.map((person) => ({ personId: person.personId })),
    };

    // Act: the request dies at its second commit, after the first chunk
    const failed = await requestService(deps(crashingAtCommit(store, 2)), fixtureOperator, request).catch(
      (error: unknown) => error,
    );

    // Assess: the first chunk is recorded, the rest pending, no delivery started
    expect(failed).toBeInstanceOf(Error);
    const [service] = (await store.listByIndex('SERVICES', { limit: 1000 })).items
      .map((item) => item.attributes as { serviceId: string; recipientIds: string[]; pendingRecipients?: unknown[] })
      .filter((candidate) => candidate.recipientIds.length === recipientCount);
    if (!service) throw new Error('the service was not recorded');
    expect(await store.services.recipients(service.serviceId)).toHaveLength(recipientsPerChunk);
    expect(service.pendingRecipients).toHaveLength(recipientCount - recipientsPerChunk);
    expect((await outboxOf(service.serviceId)).map((item) => item.type)).toEqual([serviceRecipientsPendingType]);

    // Act: the outbox consumer finishes the creation, twice at once (at-least-once delivery)
    const finished = await Promise.all([
      completeServiceCreation(deps(store), service.serviceId),
      completeServiceCreation(deps(store), service.serviceId),
    ]);

    // Assess: every recipient once, the deliveries started once, each chunk's write under 100 items
    expect(finished.reduce((sum, run) => sum + run.recorded, 0)).toBe(recipientCount - recipientsPerChunk);
    const recipients = await store.services.recipients(service.serviceId);
    expect(recipients.map((recipient) => recipient.recipientId).sort()).toEqual([...service.recipientIds].sort());
    expect(recipients.every((recipient) => recipient.status === 'planned' && recipient.attempts.length === 0)).toBe(
      true,
    );
    const started = (await outboxOf(service.serviceId)).filter((item) => item.type === serviceRequestedType);
    expect(started).toHaveLength(1);
    expect(started[0]?.payload.recipientIds).toHaveLength(recipientCount);
    const root = await store.get(serviceRecords.key(service.serviceId));
    expect(root?.attributes.pendingRecipients, 'nothing left pending').toBeUndefined();
    const chain = await store.readChain(serviceChainId(service.serviceId));
    expect(chain.events.map((event) => event.type)).toEqual([
      'service.requested',
      'service.recipients_recorded',
      'service.recipients_recorded',
    ]);
  }, 60_000);

  it('creates a small service in one change that starts its deliveries at once', async () => {
    // Prepare
    const persons = await Promise.all(Array.from({ length: 3 }, () => seedPerson(store)));

    // Act
    const { service } = await requestService(deps(store), fixtureOperator, {
      document: { title: 'Notice', kind: 'notice', mediaType: 'application/pdf', content: Buffer.from('%PDF-1.4 n') },
      recipients: persons.map((person) => ({ personId: person.personId })),
    });

    // Assess
    expect((await outboxOf(service.serviceId)).map((item) => item.type)).toEqual([serviceRequestedType]);
    const chain = await store.readChain(serviceChainId(service.serviceId));
    expect(chain.events.map((event) => event.type)).toEqual(['service.requested']);
  });
});
