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

/** What one pass found: how many it delivered, whether any came unannounced, whether a page was full. */
interface Look {
  delivered: number;
  unannounced: boolean;
  more: boolean;
}

/**
 * The embedded runtime's counterpart of "DynamoDB Streams → Lambda": it reads pending outbox items
 * and hands each to the same idempotent consumer the stream-triggered Lambda calls. Items survive a
 * restart because they live in the table until delivered.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Ids committed since the relay last looked; `all` after a nudge that named none. */
  private nudgedIds: Set<string> | 'all' | undefined;
  /** Ids nudged since the last look at every partition, to tell items no nudge announced. */
  private announced = new Set<string>();
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

  /**
   * Look now rather than at the next poll (the store calls this after a commit that wrote outbox
   * items, with their ids: the relay then reads only the partitions they are on).
   */
  nudge(outboxIds?: readonly string[]): void {
    if (outboxIds === undefined || this.nudgedIds === 'all') this.nudgedIds = 'all';
    else {
      this.nudgedIds ??= new Set();
      for (const id of outboxIds) {
        this.nudgedIds.add(id);
        this.announced.add(id);
      }
    }
    this.wake?.();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.nudge();
    await this.loop;
  }

  /** Delivers everything pending now; resolves when the outbox is empty or only failing items remain. */
  async drain(): Promise<void> {
    while ((await this.deliverPending()).delivered > 0) {
      // keep going until a pass delivers nothing
    }
  }

  /**
   * Looks where nudges point at once, and at every partition on a timer: often while it finds
   * items no nudge announced (another process's, a retry's), up to `idleMaxMs` apart otherwise.
   * A nudged look reads one or a few of the nine partitions; looking everywhere after each commit
   * made the relay's queries outnumber a filing's writes.
   */
  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 100;
    const idleMaxMs = this.options.idleMaxMs ?? 1_000;
    let idleMs = pollMs;
    let nextFullLookAt = 0;
    // The first look reads every partition: items may wait from before a restart.
    let everywhere = true;
    while (this.running) {
      const nudged = this.nudgedIds;
      this.nudgedIds = undefined;
      const near = everywhere || nudged === 'all' || nudged === undefined ? undefined : [...nudged];
      let look: Look = { delivered: 0, unannounced: false, more: false };
      try {
        look = await this.deliverPending(near);
      } catch (error) {
        this.options.logger.error('outbox relay pass failed', { error: error as Error });
      }
      if (!this.running) break;
      if (near === undefined) {
        idleMs = look.unannounced ? pollMs : Math.min(idleMs * 2, idleMaxMs);
        nextFullLookAt = Date.now() + idleMs;
      }
      // A full page: more wait behind it. A nudge during the look: its commit may have come after the read.
      everywhere = look.more;
      if (everywhere || this.nudgedIds !== undefined) continue;
      const untilFull = nextFullLookAt - Date.now();
      everywhere = (await this.sleep(Math.min(untilFull, this.untilNextRetry() ?? untilFull))) === 'timer';
    }
  }

  /** Waits `ms`, or less if nudged. */
  private async sleep(ms: number): Promise<'timer' | 'nudged'> {
    const woke = await new Promise<'timer' | 'nudged'>((resolve) => {
      const timer = setTimeout(() => resolve('timer'), Math.max(0, ms));
      this.wake = () => {
        clearTimeout(timer);
        resolve('nudged');
      };
    });
    this.wake = undefined;
    return woke;
  }

  /** Milliseconds until the first failed item may be tried again, if one is waiting. */
  private untilNextRetry(): number | undefined {
    const now = Date.now();
    const due = [...this.failures.values()].map((failure) => failure.notBefore - now).filter((ms) => ms > 0);
    return due.length === 0 ? undefined : Math.max(1, Math.min(...due));
  }

  /**
   * One pass over the pending items (near the given ids, or everywhere). Items of different chains
   * are delivered side by side (each item is its own stream key in AWS, so shards deliver them in
   * parallel there too), a chain's own items one after another, in their order. It reads past the
   * items waiting out a backoff (one more per such item), so failing items at the head of the index
   * never hide the ones behind them; an item that keeps failing is set aside (`setAside`).
   */
  private async deliverPending(near?: readonly string[]): Promise<Look> {
    const now = Date.now();
    // Forget failures long past (the item was delivered elsewhere, or set aside meanwhile).
    for (const [id, failure] of this.failures) if (failure.notBefore < now - 600_000) this.failures.delete(id);
    const waiting = [...this.failures.values()].filter((failure) => failure.notBefore > now).length;
    const limit = itemsPerPass + waiting;
    const announced = this.announced;
    if (near === undefined) this.announced = new Set();
    const pending = await this.options.ledger.listPending(limit, near);
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
    return {
      delivered,
      unannounced: near === undefined && due.some((item) => !announced.has(item.id)),
      more: pending.length >= limit,
    };
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
