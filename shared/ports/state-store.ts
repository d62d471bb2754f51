import type { ChainedEvent, ChainHead } from '../domain/hash-chain';
import type { Principal } from '../domain/principal';
import type { Repositories } from './repositories';
import type { EntityWrite, TableReads } from './table';

export type { EntityWrite, ItemKey, Page, PageRequest, StoredEntity, TableReads, Versioned } from './table';

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
  /**
   * The change only finishes work an earlier change recorded (the later chunks of a service's
   * recipients), which whoever comes next may finish: it is not held back by the request's
   * Idempotency-Key when a later run of the request finishes what a crashed one began.
   */
  finishesRecordedWork?: true;
}

/**
 * The unit of work of every use case. Its repositories (`store.disputes`, `store.webhooks`, ...)
 * read aggregates, parsed, and shape their writes; the table's layout stays behind them, in
 * shared/adapters/dynamodb. `commit` writes one change: the entity writes, the chain's event and
 * head, and the outbox items, in one transaction.
 */
export interface StateStore extends TableReads, Repositories {
  /** Applies the change atomically, or throws ConcurrentModification / AlreadyExists. */
  commit(change: StateChange): Promise<ChainedEvent>;
  /** The chain's events in order, and the head its case item keeps. */
  readChain(chainId: string): Promise<{ head: ChainHead; events: ChainedEvent[] }>;
}
