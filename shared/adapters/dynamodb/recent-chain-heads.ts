import type { ChainHead } from '../../domain/hash-chain';

/**
 * The chain heads this process wrote last, so that its next change of the same chain need not read
 * the head back first. A chain's changes often come one after another from one process (a message's
 * workflow tasks, a filing and the invitation work behind it), and each read the head it had just
 * written.
 *
 * A remembered head is only a guess: the commit that uses it is still conditional on the head
 * (`chainSeq = :prevSeq`; one event per sequence number, so the sequence names the hash too). When
 * another writer moved the chain meanwhile, the transaction is cancelled with the head as it is now
 * (the condition's `ALL_OLD`), which becomes the guess of the next try; where the store did not say,
 * the guess is forgotten and the next try reads the head. A guess older than `maxAgeMs` is not used: the longer
 * ago, the likelier another writer came between, and a failed guess costs a cancelled transaction.
 */
export class RecentChainHeads {
  private readonly heads = new Map<string, { head: ChainHead; at: number }>();

  constructor(
    private readonly options: { maxEntries: number; maxAgeMs: number; now?: () => number } = {
      maxEntries: 10_000,
      maxAgeMs: 5_000,
    },
  ) {}

  /** The head this process wrote last for the chain, if recent enough to be worth a try. */
  guess(tableName: string, chainId: string): ChainHead | undefined {
    const id = entryId(tableName, chainId);
    const entry = this.heads.get(id);
    if (!entry) return undefined;
    if (this.now() - entry.at > this.options.maxAgeMs) {
      this.heads.delete(id);
      return undefined;
    }
    return entry.head;
  }

  /** A head this process wrote, or one the store answered with when a commit lost its race. */
  remember(tableName: string, chainId: string, head: ChainHead): void {
    const id = entryId(tableName, chainId);
    // Re-inserted, so the map's order is the order of use and the oldest entry is evicted first.
    this.heads.delete(id);
    this.heads.set(id, { head, at: this.now() });
    if (this.heads.size > this.options.maxEntries) {
      const oldest = this.heads.keys().next().value;
      if (oldest !== undefined) this.heads.delete(oldest);
    }
  }

  forget(tableName: string, chainId: string): void {
    this.heads.delete(entryId(tableName, chainId));
  }

  private now(): number {
    return this.options.now?.() ?? Date.now();
  }
}

function entryId(tableName: string, chainId: string): string {
  return `${tableName}\u0000${chainId}`;
}
