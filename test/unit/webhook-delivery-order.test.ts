import { describe, expect, it } from 'vitest';
import { missingPredecessorGraceMs, orderedWaitUntil, orderPollMs } from '../../shared/domain/webhooks/delivery-order';

const createdAt = '2026-03-10T02:00:00.000Z';
const at = (ms: number) => new Date(Date.parse(createdAt) + ms);

describe('orderedWaitUntil', () => {
  it('lets a delivery go once every predecessor is delivered or has failed for good', () => {
    expect(orderedWaitUntil(at(0), createdAt, [{ status: 'delivered' }, { status: 'failed' }])).toBeUndefined();
    expect(orderedWaitUntil(at(0), createdAt, [])).toBeUndefined();
  });

  it('waits for a pending predecessor until just after its next attempt, and looks again soon when it has none yet', () => {
    const nextAttemptAt = at(60_000).toISOString();
    expect(orderedWaitUntil(at(0), createdAt, [{ status: 'delivered' }, { status: 'pending', nextAttemptAt }])).toEqual(
      at(60_000 + orderPollMs),
    );
    expect(orderedWaitUntil(at(0), createdAt, [{ status: 'pending' }])).toEqual(at(orderPollMs));
    // A next attempt already due (the runtime was down): soon, not in the past.
    expect(orderedWaitUntil(at(120_000), createdAt, [{ status: 'pending', nextAttemptAt }])).toEqual(
      at(120_000 + orderPollMs),
    );
  });

  it('waits for a predecessor not created yet within the grace, and no longer after it', () => {
    expect(orderedWaitUntil(at(1_000), createdAt, [undefined, { status: 'delivered' }])).toEqual(
      at(1_000 + orderPollMs),
    );
    expect(orderedWaitUntil(at(missingPredecessorGraceMs), createdAt, [undefined])).toBeUndefined();
    // A pending one is waited for however old the delivery is.
    expect(orderedWaitUntil(at(missingPredecessorGraceMs), createdAt, [undefined, { status: 'pending' }])).toEqual(
      at(missingPredecessorGraceMs + orderPollMs),
    );
  });
});
