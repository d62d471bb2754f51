import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { validateBatch } from '../../shared/domain/service/address-book';
import { commitToBook } from '../../shared/use-cases/service/party-addresses';
import { freshTable, storeOn } from '../support/local-table';

const operator = { role: 'operator' as const, subjectId: 'op-1' };

/**
 * Two filings that name the same new person are delivered side by side (the stream's shards in
 * AWS, the relay's lanes locally): both read the person's address book as absent and both create it.
 */
describe("a person's first addresses, given by several writers at once", () => {
  let store: DynamoStateStore;

  beforeAll(async () => {
    const table = await freshTable();
    store = storeOn(table);
  });

  it('lands every writer in one book: the create that lost the race merges into the winner', async () => {
    // Prepare: a person nobody has written to, and four writers with a mobile number each.
    const personHash = randomBytes(32).toString('hex');
    const batches = [0, 1, 2, 3].map((n) => {
      const batch = validateBatch(
        [
          {
            channel: 'sms',
            value: `+861390000${4100 + n}`,
            source: 'other_party_provided',
            observedAt: new Date().toISOString(),
          },
        ],
        { defaultRegion: 'CN' },
      );
      if (!batch.ok) throw new Error('a test number did not validate');
      return batch.candidates;
    });

    // Act
    const results = await Promise.allSettled(
      batches.map((candidates) => commitToBook({ store, ids: randomIds }, personHash, candidates, operator)),
    );

    // Assess
    expect(
      results.map((result) => result.status),
      'no writer fails',
    ).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    const book = await store.services.addressBook(personHash);
    expect(book.value.map((address) => address.value).sort()).toEqual([
      '+8613900004100',
      '+8613900004101',
      '+8613900004102',
      '+8613900004103',
    ]);
  });
});
