import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../shared/ports/outbox';
import type { OutboxLedger } from '../../shared/ports/outbox-ledger';
import { deliverOutboxItem } from '../../shared/use-cases/outbox/deliver-outbox-item';
import { TestClock } from '../support/test-clock';

/** The ledger's bookkeeping of one item, in memory: what the set-aside rule reads. */
function memoryLedger(clock: TestClock) {
  const state = { failures: 0, firstFailureAt: undefined as string | undefined, status: 'pending' };
  const ledger: OutboxLedger = {
    listPending: async () => [],
    listPendingCreatedBefore: async () => [],
    listSetAside: async () => [],
    markDone: async () => {
      state.status = 'done';
    },
    recordFailure: async () => {
      state.failures++;
      state.firstFailureAt ??= clock.now().toISOString();
      return { failures: state.failures, firstFailureAt: state.firstFailureAt };
    },
    setAside: async () => {
      state.status = 'dead_letter';
    },
    requeue: async () => {
      state.status = 'pending';
    },
  };
  return { ledger, state };
}

const item: OutboxItem = {
  id: 'obx_1',
  type: 'test.poison',
  payload: {},
  chainId: 'CASE#dsp_1',
  eventSeq: 1,
  createdAt: '2026-11-30T00:00:00.000Z',
};
const poisoned = { 'test.poison': async () => Promise.reject(new Error('malformed')) };

describe('deliverOutboxItem', () => {
  it('keeps an item that failed often but only for a short while pending (a burst of lost races)', async () => {
    const clock = new TestClock();
    const { ledger, state } = memoryLedger(clock);

    for (let attempt = 0; attempt < 20; attempt++) {
      await expect(deliverOutboxItem({ handlers: poisoned, ledger, clock }, item)).rejects.toThrow('malformed');
      clock.advance(1_000);
    }

    expect(state).toMatchObject({ failures: 20, status: 'pending' });
  });

  it('sets an item aside once it failed eight times over ten minutes, and answers set_aside', async () => {
    const clock = new TestClock();
    const { ledger, state } = memoryLedger(clock);
    const outcomes: string[] = [];

    for (let attempt = 0; attempt < 8; attempt++) {
      outcomes.push(
        await deliverOutboxItem({ handlers: poisoned, ledger, clock }, item).catch((error: Error) => error.message),
      );
      clock.advance(100_000);
    }

    expect(outcomes).toEqual([...Array.from({ length: 7 }, () => 'malformed'), 'set_aside']);
    expect(state.status).toBe('dead_letter');
  });

  it('marks a delivered item done', async () => {
    const clock = new TestClock();
    const { ledger, state } = memoryLedger(clock);

    const outcome = await deliverOutboxItem({ handlers: { 'test.poison': async () => {} }, ledger, clock }, item);

    expect(outcome).toBe('delivered');
    expect(state.status).toBe('done');
  });
});
