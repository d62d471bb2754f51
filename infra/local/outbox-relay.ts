import type { Logger } from '@aws-lambda-powertools/logger';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import type { OutboxHandler, OutboxItem } from '../../shared/ports/outbox';
import type { OutboxLedger } from '../../shared/ports/outbox-ledger';
import { deliverOutboxItem, type SetAsidePolicy } from '../../shared/use-cases/outbox/deliver-outbox-item';

export interface OutboxRelayOptions {
  ledger: OutboxLedger;
  handlers: Record<string, OutboxHandler>;
  logger: Logger;
  /** The first wait after a pass that found nothing, doubling while nothing comes (and the base of a failure's backoff). */
  pollMs?: number;
  /** The longest wait between looks when nothing nudges the relay (default 1 s). */
  idleMaxMs?: number;
  /** Upper bound of the wait after an item failed, doubling from pollMs. */
  maxBackoffMs?: number;
  /** When an item that keeps failing is set aside as a dead-letter record (the use case's default otherwise). */
  setAside?: SetAsidePolicy;
  /** Chains delivered at once (default 8); a chain's own items are always delivered one after another. */
  concurrency?: number;
}

/** Pending items read per pass: enough to keep every lane busy through a pass. */
const itemsPerPass = 50;

/**
 * The embedded runtime's counterpart of "DynamoDB Streams → Lambda": it reads pending outbox items
 * and hands each to the same idempotent consumer the stream-triggered Lambda calls. Items survive a
 * restart because they live in the table until delivered.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Set by a nudge during a pass, which may have read the pending items before the commit. */
  private nudged = false;
  private readonly failures = new Map<string, { count: number; notBefore: number }>();

  constructor(private readonly options: OutboxRelayOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run();
  }

  isRunning(): boolean {
    return this.running;
  }

  /** Look now rather than at the next poll (the store calls this after a commit that wrote outbox items). */
  nudge(): void {
    this.nudged = true;
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /** Delivers everything pending now; resolves when the outbox is empty or only failing items remain. */
  async drain(): Promise<void> {
    while ((await this.deliverPending()) > 0) {
      // keep going until a pass delivers nothing
    }
  }

  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 100;
    let idleMs = pollMs;
    while (this.running) {
      this.nudged = false;
      let delivered = 0;
      try {
        delivered = await this.deliverPending();
      } catch (error) {
        this.options.logger.error('outbox relay pass failed', { error: error as Error });
      }
      if (!this.running) break;
      // More may be waiting behind what was delivered, or was committed during the pass: look again.
      if (delivered > 0 || this.nudged) {
        idleMs = pollMs;
        continue;
      }
      await this.sleep(Math.min(idleMs, this.untilNextRetry() ?? idleMs));
      // Nothing came: poll less often, up to idleMaxMs (a commit in this process nudges the relay awake).
      idleMs = Math.min(idleMs * 2, this.options.idleMaxMs ?? 1_000);
    }
  }

  /** Waits `ms`, or less if nudged. */
  private async sleep(ms: number): Promise<void> {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    this.wake = undefined;
  }

  /** Milliseconds until the first failed item may be tried again, if one is waiting. */
  private untilNextRetry(): number | undefined {
    const now = Date.now();
    const due = [...this.failures.values()].map((failure) => failure.notBefore - now).filter((ms) => ms > 0);
    return due.length === 0 ? undefined : Math.max(1, Math.min(...due));
  }

  /**
   * One pass over the pending items; returns how many were delivered. Items of different chains are
   * delivered side by side (each item is its own stream key in AWS, so shards deliver them in
   * parallel there too), a chain's own items one after another, in their order. It reads past the items waiting out a backoff (one more per such item), so
   * failing items at the head of the index never hide the ones behind them; an item that keeps
   * failing is set aside (`setAside`).
   */
  private async deliverPending(): Promise<number> {
    const now = Date.now();
    // Forget failures long past (the item was delivered elsewhere, or set aside meanwhile).
    for (const [id, failure] of this.failures) if (failure.notBefore < now - 600_000) this.failures.delete(id);
    const waiting = [...this.failures.values()].filter((failure) => failure.notBefore > now).length;
    const pending = await this.options.ledger.listPending(itemsPerPass + waiting);
    const due = pending.filter((item) => !((this.failures.get(item.id)?.notBefore ?? 0) > now));
    const chains = [...Map.groupBy(due, (item) => item.chainId).values()];
    let delivered = 0;
    const lane = async () => {
      for (let chain = chains.shift(); chain; chain = chains.shift()) {
        for (const item of chain) {
          if (!this.running && this.loop) return;
          if ((await this.deliverOne(item, now)) === 'delivered') delivered++;
        }
      }
    };
    await Promise.all(Array.from({ length: this.options.concurrency ?? 8 }, lane));
    return delivered;
  }

  /** Hands one item to its consumer; a failure is logged and waited out, never thrown. */
  private async deliverOne(item: OutboxItem, now: number): Promise<'delivered' | 'set_aside' | 'failed'> {
    try {
      const outcome = await deliverOutboxItem(
        {
          handlers: this.options.handlers,
          ledger: this.options.ledger,
          clock: systemClock,
          ...(this.options.setAside === undefined ? {} : { setAside: this.options.setAside }),
        },
        item,
      );
      this.failures.delete(item.id);
      if (outcome !== 'delivered') {
        this.options.logger.error('outbox item set aside after failing too often', {
          outboxId: item.id,
          type: item.type,
        });
      }
      return outcome === 'delivered' ? 'delivered' : 'set_aside';
    } catch (error) {
      // The use case recorded the failure on the item; the relay only waits before the next try.
      const count = (this.failures.get(item.id)?.count ?? 0) + 1;
      const backoff = Math.min((this.options.pollMs ?? 100) * 2 ** count, this.options.maxBackoffMs ?? 30_000);
      this.failures.set(item.id, { count, notBefore: now + backoff });
      this.options.logger.warn('outbox item not delivered; will retry', {
        outboxId: item.id,
        type: item.type,
        error: error instanceof Error ? error.message : String(error),
      });
      return 'failed';
    }
  }
}
