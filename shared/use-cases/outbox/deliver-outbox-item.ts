import type { OutboxHandler, OutboxItem } from '../../ports/outbox';
import type { OutboxLedger } from '../../ports/outbox-ledger';

export class UnknownOutboxType extends Error {
  constructor(type: string) {
    super(`no consumer handles outbox items of type ${type}`);
    this.name = 'UnknownOutboxType';
  }
}

/**
 * Deliver one outbox item to the consumer of its type, then mark it done. The consumer is
 * idempotent, so a crash between the two steps only means it runs again. An item whose type no
 * consumer knows is an error, never silently dropped: it stays pending and is reported.
 */
export async function deliverOutboxItem(
  deps: { handlers: Record<string, OutboxHandler>; ledger: OutboxLedger },
  item: OutboxItem,
): Promise<void> {
  const handler = deps.handlers[item.type];
  if (!handler) throw new UnknownOutboxType(item.type);
  await handler(item);
  await deps.ledger.markDone(item.id);
}
