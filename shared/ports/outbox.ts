/** An outbox item as its consumer receives it (from the table's stream in AWS, the relay locally). */
export interface OutboxItem {
  id: string;
  type: string;
  payload: Record<string, unknown>;
  chainId: string;
  eventSeq: number;
  createdAt: string;
}

/**
 * Runs the side effect an outbox item asks for. Delivery is at least once, so a handler must be
 * idempotent: running it twice for the same item does the side effect once.
 */
export type OutboxHandler = (item: OutboxItem) => Promise<void>;
