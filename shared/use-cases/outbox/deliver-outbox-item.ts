import type { Clock } from '../../ports/clock';
import type { OutboxHandler, OutboxItem } from '../../ports/outbox';
import type { OutboxLedger } from '../../ports/outbox-ledger';

export class UnknownOutboxType extends Error {
  constructor(type: string) {
    super(`no consumer handles outbox items of type ${type}`);
    this.name = 'UnknownOutboxType';
  }
}

/**
 * When an item that keeps failing is set aside: after at least `attempts` failures spread over at
 * least `failingForMs` since the first. Both, so neither a burst of quick retries (a lost race under
 * load, retried within a second) nor a slow retry schedule sets aside an item that would have gone
 * through: ten minutes outlasts a provider's brief outage and any contention.
 */
export interface SetAsidePolicy {
  attempts: number;
  failingForMs: number;
}

export const defaultSetAsidePolicy: SetAsidePolicy = { attempts: 8, failingForMs: 10 * 60_000 };

export type DeliveryOutcome = 'delivered' | 'set_aside';

/**
 * Deliver one outbox item to the consumer of its type, then mark it done. The consumer is
 * idempotent, so a crash between the two steps only means it runs again.
 *
 * A failure is recorded on the item and thrown, so the caller tries again later; once the item has
 * failed long and often enough (`SetAsidePolicy`), the failing try sets it aside instead (a dead-letter record, kept with its last error
 * for an operator to requeue: docs/operations.md) and returns `set_aside`, so an item that can never
 * succeed stops holding up the items behind it. An item whose type no consumer knows fails the same
 * way: never silently dropped.
 */
export async function deliverOutboxItem(
  deps: { handlers: Record<string, OutboxHandler>; ledger: OutboxLedger; clock: Clock; setAside?: SetAsidePolicy },
  item: OutboxItem,
): Promise<DeliveryOutcome> {
  try {
    const handler = deps.handlers[item.type];
    if (!handler) throw new UnknownOutboxType(item.type);
    await handler(item);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const { failures, firstFailureAt } = await deps.ledger.recordFailure(item.id, message);
    const policy = deps.setAside ?? defaultSetAsidePolicy;
    const failingForMs = deps.clock.now().getTime() - Date.parse(firstFailureAt);
    if (failures < policy.attempts || failingForMs < policy.failingForMs) throw error;
    await deps.ledger.setAside(item.id, message);
    return 'set_aside';
  }
  await deps.ledger.markDone(item.id);
  return 'delivered';
}
