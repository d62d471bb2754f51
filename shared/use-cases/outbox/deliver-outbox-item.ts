import type { OutboxHandler, OutboxItem } from '../../ports/outbox';
import type { OutboxLedger } from '../../ports/outbox-ledger';

export class UnknownOutboxType extends Error {
  constructor(type: string) {
    super(`no consumer handles outbox items of type ${type}`);
    this.name = 'UnknownOutboxType';
  }
}

/** Tries of one item before it is set aside: enough for a provider's outage of minutes to pass. */
export const defaultMaxDeliveryAttempts = 8;

export type DeliveryOutcome = 'delivered' | 'set_aside';

/**
 * Deliver one outbox item to the consumer of its type, then mark it done. The consumer is
 * idempotent, so a crash between the two steps only means it runs again.
 *
 * A failure is recorded on the item and thrown, so the caller tries again later; the try that makes
 * `maxAttempts` failures sets the item aside instead (a dead-letter record, kept with its last error
 * for an operator to requeue: docs/operations.md) and returns `set_aside`, so an item that can never
 * succeed stops holding up the items behind it. An item whose type no consumer knows fails the same
 * way: never silently dropped.
 */
export async function deliverOutboxItem(
  deps: { handlers: Record<string, OutboxHandler>; ledger: OutboxLedger; maxAttempts?: number },
  item: OutboxItem,
): Promise<DeliveryOutcome> {
  try {
    const handler = deps.handlers[item.type];
    if (!handler) throw new UnknownOutboxType(item.type);
    await handler(item);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const failures = await deps.ledger.recordFailure(item.id, message);
    if (failures < (deps.maxAttempts ?? defaultMaxDeliveryAttempts)) throw error;
    await deps.ledger.setAside(item.id, message);
    return 'set_aside';
  }
  await deps.ledger.markDone(item.id);
  return 'delivered';
}
