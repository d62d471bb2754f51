import { repositoriesOn } from '../../shared/adapters/dynamodb/repositories';
import { AlreadyExists, ConcurrentModification } from '../../shared/domain/errors';
import { appendEvent, type ChainedEvent, type ChainHead, emptyHead } from '../../shared/domain/hash-chain';
import type { Clock } from '../../shared/ports/clock';
import type { Repositories } from '../../shared/ports/repositories';
import type { ItemKey, Page, StateChange, StateStore, StoredEntity } from '../../shared/ports/state-store';
import type { ListOptions } from '../../shared/ports/table';

interface Item {
  entity: StoredEntity;
  index?: { gsi1pk: string; gsi1sk: string };
}

/**
 * The StateStore contract in memory (versioned writes, one chain event per change), for tests that
 * run a use case thousands of times where DynamoDB Local would take minutes. Changes apply atomically
 * because nothing awaits between the checks and the writes.
 */
export interface MemoryStateStore extends Repositories {}
// biome-ignore lint/suspicious/noUnsafeDeclarationMerging: the repositories are assigned in the constructor.
export class MemoryStateStore implements StateStore {
  private readonly items = new Map<string, Item>();
  private readonly chains = new Map<string, { head: ChainHead; events: ChainedEvent[] }>();

  constructor(private readonly clock: Clock) {
    Object.assign(this, repositoriesOn(this));
  }

  async commit(change: StateChange): Promise<ChainedEvent> {
    for (const write of change.writes) {
      const current = this.items.get(keyOf(write.key))?.entity.version ?? 0;
      if (current === write.expectedVersion) continue;
      if (write.expectedVersion === 0) throw new AlreadyExists(`${write.key.pk} already exists`);
      throw new ConcurrentModification(`${write.key.pk} was changed by someone else`);
    }
    const chain = this.chains.get(change.chainId) ?? { head: emptyHead, events: [] };
    const event = appendEvent(chain.head, {
      chainId: change.chainId,
      type: change.event.type,
      at: this.clock.now().toISOString(),
      actor: { role: change.event.actor.role, subjectId: change.event.actor.subjectId },
      data: change.event.data,
    });
    for (const write of change.writes) {
      this.items.set(keyOf(write.key), {
        entity: { key: write.key, version: write.expectedVersion + 1, attributes: structuredClone(write.attributes) },
        ...(write.index ? { index: write.index } : {}),
      });
    }
    for (const companion of change.writes.flatMap((write) => write.companions ?? [])) {
      const id = keyOf(companion.key);
      if (companion.kind === 'delete') {
        this.items.delete(id);
      } else if (companion.kind === 'put') {
        this.items.set(id, {
          entity: { key: companion.key, version: 0, attributes: structuredClone(companion.attributes) },
          ...(companion.index ? { index: companion.index } : {}),
        });
      } else {
        const attributes = { ...(this.items.get(id)?.entity.attributes ?? {}) };
        for (const [name, count] of Object.entries(companion.counts)) {
          attributes[name] = (typeof attributes[name] === 'number' ? attributes[name] : 0) + count;
        }
        this.items.set(id, { entity: { key: companion.key, version: 0, attributes } });
      }
    }
    this.chains.set(change.chainId, { head: { seq: event.seq, hash: event.hash }, events: [...chain.events, event] });
    return event;
  }

  async get(key: ItemKey): Promise<StoredEntity | undefined> {
    const item = this.items.get(keyOf(key));
    return item ? structuredClone(item.entity) : undefined;
  }

  async getMany(keys: readonly ItemKey[]): Promise<Array<StoredEntity | undefined>> {
    return Promise.all(keys.map((key) => this.get(key)));
  }

  async listByIndex(gsi1pk: string, options: ListOptions): Promise<Page<StoredEntity>> {
    const direction = options.descending ? -1 : 1;
    const all = [...this.items.values()]
      .filter((item) => item.index?.gsi1pk === gsi1pk)
      .sort((a, b) => direction * (a.index?.gsi1sk ?? '').localeCompare(b.index?.gsi1sk ?? ''));
    const start = options.cursor ? Number(options.cursor) : 0;
    const items = all.slice(start, start + options.limit).map((item) => structuredClone(item.entity));
    return start + options.limit < all.length ? { items, cursor: String(start + options.limit) } : { items };
  }

  async listByPrefix(pk: string, skPrefix: string): Promise<StoredEntity[]> {
    return [...this.items.values()]
      .filter((item) => item.entity.key.pk === pk && item.entity.key.sk.startsWith(skPrefix))
      .map((item) => structuredClone(item.entity));
  }

  async readChain(chainId: string): Promise<{ head: ChainHead; events: ChainedEvent[] }> {
    const chain = this.chains.get(chainId) ?? { head: emptyHead, events: [] };
    return { head: chain.head, events: [...chain.events] };
  }
}

const keyOf = (key: ItemKey) => `${key.pk}\u0000${key.sk}`;
