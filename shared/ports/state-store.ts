import type { ChainedEvent, ChainHead } from '../domain/hash-chain';
import type { Principal } from '../domain/principal';

/** The primary key of an item in the platform table. */
export interface ItemKey {
  pk: string;
  sk: string;
}

/**
 * A versioned write of one entity. `expectedVersion: 0` means "must not exist yet"; otherwise the
 * stored item must still carry that version (optimistic concurrency). The store writes
 * `version = expectedVersion + 1`.
 */
export interface EntityWrite {
  key: ItemKey;
  expectedVersion: number;
  /** The entity's attributes, without its key and version. */
  attributes: Record<string, unknown>;
  /** Optional secondary-index attributes (gsi1pk/gsi1sk) kept beside the entity. */
  index?: { gsi1pk: string; gsi1sk: string };
}

/** A side effect that must follow the state change; delivered at least once to its consumer. */
export interface OutboxMessage {
  type: string;
  payload: Record<string, unknown>;
}

/**
 * One state change: entity writes, one event appended to a chain, and the side effects to run,
 * all in a single transaction. `chainId` names the case (or roster entity) whose history it extends.
 */
export interface StateChange {
  chainId: string;
  writes: EntityWrite[];
  event: { type: string; actor: Principal; data: Record<string, unknown> };
  outbox?: OutboxMessage[];
}

export interface StoredEntity {
  key: ItemKey;
  version: number;
  attributes: Record<string, unknown>;
}

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

export interface StateStore {
  /** Applies the change atomically, or throws ConcurrentModification / AlreadyExists. */
  commit(change: StateChange): Promise<ChainedEvent>;
  get(key: ItemKey): Promise<StoredEntity | undefined>;
  /** Entities sharing `gsi1pk`, in `gsi1sk` order. */
  listByIndex(gsi1pk: string, options: { limit: number; cursor?: string }): Promise<Page<StoredEntity>>;
  /** Items of one partition whose sort key starts with `skPrefix` (a case's parties, say), strongly consistent. */
  listByPrefix(pk: string, skPrefix: string): Promise<StoredEntity[]>;
  /** The chain's events in order, and the head its case item keeps. */
  readChain(chainId: string): Promise<{ head: ChainHead; events: ChainedEvent[] }>;
}
