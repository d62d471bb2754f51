import { describe, expect, it } from 'vitest';
import { dynamoServices, serviceRecords } from '../../shared/adapters/dynamodb/service-records';
import type { RecipientRecord, RecipientStatus } from '../../shared/domain/service/recipient';
import type { TableReads } from '../../shared/ports/table';

/** The writes are shaped without reading: a table that is never read stands in for the store. */
const unreadTable: TableReads = {
  get: () => Promise.reject(new Error('not read')),
  getMany: () => Promise.reject(new Error('not read')),
  listByIndex: () => Promise.reject(new Error('not read')),
  listByPrefix: () => Promise.reject(new Error('not read')),
};
const services = dynamoServices(unreadTable);

function recipient(status: RecipientStatus, extra: Partial<RecipientRecord> = {}): RecipientRecord {
  return {
    recipientId: 'rcp_1',
    serviceId: 'srv_1',
    personId: 'p_1',
    personHash: 'h'.repeat(64),
    status,
    timeouts: { receipt: { sms: 60, email: 60 }, acknowledgement: { sms: 60, email: 60 } },
    createdAt: '2026-01-02T00:00:00.000Z',
    attempts: [],
    ...extra,
  };
}

const unserved = recipient('unserved', {
  unserved: { at: '2026-01-03T00:00:00.000Z', reason: 'every_address_failed', detail: '2 addresses tried' },
});
const entryKey = serviceRecords.unservedEntryKey('srv_1', 'rcp_1');

describe('recipientWrite keeps the unserved queue in step', () => {
  it('lists a recipient that becomes unserved by the time it became so', () => {
    const write = services.recipientWrite({ version: 3, value: recipient('attempting') }, unserved);

    expect(write.companions).toEqual([
      {
        kind: 'put',
        key: entryKey,
        attributes: { serviceId: 'srv_1', recipientId: 'rcp_1', unservedAt: '2026-01-03T00:00:00.000Z' },
        index: { gsi1pk: 'UNSERVED', gsi1sk: '2026-01-03T00:00:00.000Z#srv_1#rcp_1' },
      },
    ]);
  });

  it.each(['served_alternatively', 'served', 'attempting'] as const)(
    'drops it in the write that moves it to %s',
    (status) => {
      const write = services.recipientWrite({ version: 4, value: unserved }, recipient(status));

      expect(write.companions).toEqual([{ kind: 'delete', key: entryKey }]);
    },
  );

  it('writes nothing beside a recipient that neither was nor becomes unserved', () => {
    expect(services.recipientWrite({ version: 0 }, recipient('planned')).companions).toBeUndefined();
    expect(
      services.recipientWrite({ version: 2, value: recipient('attempting') }, recipient('served')).companions,
    ).toBeUndefined();
  });
});
