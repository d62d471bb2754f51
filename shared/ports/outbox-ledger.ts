import type { OutboxItem } from './outbox';

/** The outbox items' own bookkeeping: which are still to be delivered. */
export interface OutboxLedger {
  /** Oldest first. */
  listPending(limit: number): Promise<OutboxItem[]>;
  /** Marks the item delivered; marking twice is harmless. */
  markDone(id: string): Promise<void>;
  /** Records a failed delivery (the item stays pending and is tried again). */
  recordFailure(id: string, error: string): Promise<void>;
}
