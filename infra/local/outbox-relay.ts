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

/** What one pass did: how many it delivered, whether any came unannounced, whether a page was full. */
interface Look {
  delivered: number;
  unannounced: boolean;
  more: boolean;
}

/** Ids delivered lately, so an item handed over while a look found it too is not delivered twice. */
const rememberedDeliveries = 1_000;

/**
 * The embedded runtime's counterpart of "DynamoDB Streams → Lambda": it takes the outbox items a
 * commit hands over (as the stream hands over new images), and reads the pending ones it was not
 * handed, and gives each to the same idempotent consumer the stream-triggered Lambda calls. Items
 * survive a restart because they live in the table until delivered.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Items handed over since the last pass; `all` after a nudge that handed none (look everywhere). */
  private handed: Map<string, OutboxItem> | 'all' | undefined;
  /** Ids handed over since the last look everywhere, to tell items no nudge announced. */
  private announced = new Set<string>();
  private readonly delivered = new Set<string>();
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
   * Deliver now rather than at the next look: the store calls this after a commit that wrote outbox
   * items, with the items as written, as the table's stream hands them to the consumer in AWS; they
   * are delivered without reading the index. Without items, the relay looks everywhere at once.
   */
  nudge(items?: readonly OutboxItem[]): void {
    if (items === undefined || this.handed === 'all') this.handed = 'all';
    else {
      this.handed ??= new Map();
      for (const item of items) {
        this.handed.set(item.id, item);
        this.announced.add(item.id);
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
   * Delivers handed-over items at once, and looks at every partition on a timer: often while it
   * finds items no nudge announced (another process's, a retry's), up to `idleMaxMs` apart
   * otherwise. Looking after each commit made the relay's queries outnumber a filing's writes.
   */
  private async run(): Promise<void> {
    const pollMs = this.options.pollMs ?? 100;
    const idleMaxMs = this.options.idleMaxMs ?? 1_000;
    let idleMs = pollMs;
    let nextFullLookAt = 0;
    // The first look reads every partition: items may wait from before a restart.
    let everywhere = true;
    while (this.running) {
      const handed = this.handed;
      this.handed = undefined;
      const given = everywhere || handed === 'all' || handed === undefined ? undefined : [...handed.values()];
      let look: Look = { delivered: 0, unannounced: false, more: false };
      try {
        look = await this.deliverPending(given);
      } catch (error) {
        this.options.logger.error('outbox relay pass failed', { error: error as Error });
      }
      if (!this.running) break;
      if (given === undefined) {
        idleMs = look.unannounced ? pollMs : Math.min(idleMs * 2, idleMaxMs);
        nextFullLookAt = Date.now() + idleMs;
      }
      // A full page: more wait behind it. Items handed over meanwhile: deliver them next.
      everywhere = look.more;
      if (everywhere || this.handed !== undefined) continue;
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
   * One pass over the items handed over, or over the pending items everywhere. Items of different chains
   * are delivered side by side (each item is its own stream key in AWS, so shards deliver them in
   * parallel there too), a chain's own items one after another, in their order. It reads past the
   * items waiting out a backoff (one more per such item), so failing items at the head of the index
   * never hide the ones behind them; an item that keeps failing is set aside (`setAside`).
   */
  private async deliverPending(given?: readonly OutboxItem[]): Promise<Look> {
    const now = Date.now();
    // Forget failures long past (the item was delivered elsewhere, or set aside meanwhile).
    for (const [id, failure] of this.failures) if (failure.notBefore < now - 600_000) this.failures.delete(id);
    const waiting = [...this.failures.values()].filter((failure) => failure.notBefore > now).length;
    const limit = itemsPerPass + waiting;
    const announced = this.announced;
    if (given === undefined) this.announced = new Set();
    const pending =
      given?.filter((item) => !this.delivered.has(item.id)) ?? (await this.options.ledger.listPending(limit));
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
      unannounced: given === undefined && due.some((item) => !announced.has(item.id)),
      more: given === undefined && pending.length >= limit,
    };
  }

  private remember(id: string): void {
    this.delivered.add(id);
    if (this.delivered.size > rememberedDeliveries) {
      const oldest = this.delivered.values().next().value;
      if (oldest !== undefined) this.delivered.delete(oldest);
    }
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
      this.remember(item.id);
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
