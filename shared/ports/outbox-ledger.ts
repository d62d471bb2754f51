import type { OutboxItem } from './outbox';

/** The outbox items' own bookkeeping: which are still to be delivered. */
export interface OutboxLedger {
  /** Oldest first. */
  listPending(limit: number): Promise<OutboxItem[]>;
  /** Pending items created before `createdBefore` (ISO time), oldest first: the stale ones. */
  listPendingCreatedBefore(createdBefore: string, limit: number): Promise<OutboxItem[]>;
  /** Marks the item delivered; marking twice is harmless. */
  markDone(id: string): Promise<void>;
  /**
   * Records a failed delivery (the item stays pending and is tried again); returns the failures so
   * far and when the first of them was recorded (ISO time).
   */
  recordFailure(id: string, error: string): Promise<{ failures: number; firstFailureAt: string }>;
  /**
   * Takes the item out of the pending items into the dead-letter records (an item that keeps
   * failing), keeping everything an operator needs to requeue it. Setting aside twice is harmless.
   */
  setAside(id: string, error: string): Promise<void>;
  /** Dead-letter records, oldest first. */
  listSetAside(limit: number): Promise<OutboxItem[]>;
  /** Puts a dead-letter record back among the pending items, its failures forgotten. */
  requeue(id: string): Promise<void>;
}
