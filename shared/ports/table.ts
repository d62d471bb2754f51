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
  /**
   * Items the repository keeps in step with the entity (listings of it, running totals over its
   * kind), written in the same transaction. They carry no condition of their own: the entity's
   * version condition orders every change that touches them.
   */
  companions?: CompanionWrite[];
}

/**
 * One item kept in step with an entity: written whole (listed on the index when `index` is given),
 * deleted, or numbers added to (created at 0).
 */
export type CompanionWrite =
  | { kind: 'put'; key: ItemKey; attributes: Record<string, unknown>; index?: { gsi1pk: string; gsi1sk: string } }
  | { kind: 'delete'; key: ItemKey }
  | { kind: 'add'; key: ItemKey; counts: Record<string, number> };

export interface StoredEntity {
  key: ItemKey;
  version: number;
  attributes: Record<string, unknown>;
}

/** A page request of an index list. A cursor continues the list in the order it was issued for. */
export interface ListOptions {
  limit: number;
  cursor?: string;
  descending?: boolean;
}

/** A page of a list the caller asks for: how many items, and where the last page ended. */
export type PageRequest = Pick<ListOptions, 'limit' | 'cursor'>;

export interface Page<T> {
  items: T[];
  /** Opaque; pass back to get the next page. Absent on the last page. */
  cursor?: string;
}

/** Every item of a paged list, read page after page of `limit` items, in the list's order. */
export async function everyItem<T>(
  list: (page: { limit: number; cursor?: string }) => Promise<Page<T>>,
  limit: number,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | undefined;
  do {
    const page = await list({ limit, ...(cursor ? { cursor } : {}) });
    items.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return items;
}

/** An entity as read, with the store version its next write must name. */
export interface Versioned<T> {
  value: T;
  version: number;
}

/** The table's reads, which the repositories (shared/adapters/dynamodb) are built on. */
export interface TableReads {
  get(key: ItemKey): Promise<StoredEntity | undefined>;
  /** The entities at these keys, in their order (undefined where none), strongly consistent, in as few requests as the store allows. */
  getMany(keys: readonly ItemKey[]): Promise<Array<StoredEntity | undefined>>;
  /** Entities sharing `gsi1pk`, in `gsi1sk` order (the highest first when `descending`). */
  listByIndex(gsi1pk: string, options: ListOptions): Promise<Page<StoredEntity>>;
  /** Items of one partition whose sort key starts with `skPrefix` (a case's parties, say), strongly consistent. */
  listByPrefix(pk: string, skPrefix: string): Promise<StoredEntity[]>;
}
