import { Forbidden, InvalidInput } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { hasActualNotice } from '../../domain/service/actual-notice';
import { type RecipientRecord, type RecipientStatus, recipientStatuses } from '../../domain/service/recipient';
import type { ServiceRecord } from '../../domain/service/service';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';

/** The services the figures cover by default: the newest this many (older ones a window at a time). */
export const defaultServicesWindow = 1_000;

/** The largest window a caller may ask for: each service in it is one more read of its recipients. */
export const maxServicesWindow = 5_000;

type AttemptOutcome = 'delivered' | 'acknowledged' | 'hard_bounce' | 'soft_bounce' | 'no_receipt' | 'unknown';
export type ChannelFigures = Record<AttemptOutcome | 'pending', number> & { attempts: number };

/** Which services the figures cover: the newest `services` from the list's start, or from a cursor on. */
export interface ServicesWindow {
  /** Services read (at most the window asked for). */
  services: number;
  /** The request time of the newest and the oldest service read; absent when none was. */
  newestRequestedAt?: string;
  oldestRequestedAt?: string;
  /** Whether the window starts at the newest service (no cursor was given). */
  fromNewest: boolean;
  /** The next, older window; absent when the oldest service is in this one. */
  olderCursor?: string;
}

export interface ServiceCentreStats {
  generatedAt: string;
  window: ServicesWindow;
  recipients: number;
  byStatus: Record<RecipientStatus, number>;
  /**
   * Recipients served electronically among those whose electronic service has ended (served,
   * unserved, served alternatively); null before any has ended.
   */
  servedRate: number | null;
  /** From the request to the time service took effect (DESIGN.md: the earliest effective time), served recipients only. */
  timeToService: { count: number; medianSeconds: number; p90Seconds: number } | null;
  /**
   * Legal service beside actual notice (issue 16): of the recipients served electronically, how
   * many opened or signed for the document through any link, and how many were reminded after a
   * legal service that reached nobody they knew of. Null before any is served.
   */
  actualNotice: { served: number; noticed: number; reminded: number; rate: number } | null;
  attemptsByChannel: Record<'sms' | 'email', ChannelFigures>;
}

/**
 * The service centre's figures (issue 4, item 8), for operators only: the served rate, the median
 * and 90th percentile of the time to service, and the attempts per channel with their outcomes,
 * over a window of services read newest first (the newest `size` by default; `cursor` moves to
 * the next older window), and the window they cover is part of the answer, never a silent cut.
 * Figures are computed from the service records themselves, never kept as counters that could
 * drift from them. The queue of unserved recipients is not among them: it is an index of its own
 * (unserved-queue.ts), whole whatever the window.
 */
export async function serviceCentreStats(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  options: { size?: number; cursor?: string } = {},
): Promise<ServiceCentreStats> {
  if (principal.role !== 'operator') throw new Forbidden('the service centre is for operators');
  const size = options.size ?? defaultServicesWindow;
  if (!Number.isInteger(size) || size < 1 || size > maxServicesWindow) {
    throw new InvalidInput(`the window holds 1 to ${maxServicesWindow} services`);
  }
  const services: ServiceRecord[] = [];
  let cursor = options.cursor;
  do {
    const page = await deps.store.services.catalogue({
      limit: Math.min(100, size - services.length),
      ...(cursor ? { cursor } : {}),
    });
    services.push(...page.items);
    cursor = page.cursor;
  } while (cursor && services.length < size);
  const recipients = (
    await mapInBatches(services, 10, async (service) =>
      (await deps.store.services.recipients(service.serviceId)).map((recipient) => ({ recipient })),
    )
  ).flat();
  const newest = services[0];
  const oldest = services.at(-1);
  // A full window whose last page ended exactly at the oldest service still carries a cursor: the
  // next window is then empty, which says so.
  const window: ServicesWindow = {
    services: services.length,
    ...(newest ? { newestRequestedAt: newest.createdAt } : {}),
    ...(oldest ? { oldestRequestedAt: oldest.createdAt } : {}),
    fromNewest: options.cursor === undefined,
    ...(cursor ? { olderCursor: cursor } : {}),
  };
  return { ...summarizeService(recipients, deps.clock.now()), window };
}

/** The figures of a set of recipients (pure: the use case reads, this counts). */
export function summarizeService(
  entries: ReadonlyArray<{ recipient: RecipientRecord }>,
  now: Date,
): Omit<ServiceCentreStats, 'window'> {
  const byStatus = Object.fromEntries(recipientStatuses.map((status) => [status, 0])) as Record<
    RecipientStatus,
    number
  >;
  const attemptsByChannel = { sms: emptyChannel(), email: emptyChannel() };
  const durations: number[] = [];
  const notice = { served: 0, noticed: 0, reminded: 0 };
  for (const { recipient } of entries) {
    byStatus[recipient.status] += 1;
    for (const attempt of recipient.attempts) {
      const figures = attemptsByChannel[attempt.channel];
      figures.attempts += 1;
      figures[attempt.outcome ?? 'pending'] += 1;
    }
    if (recipient.status === 'served' && recipient.served) {
      durations.push((Date.parse(recipient.served.at) - Date.parse(recipient.createdAt)) / 1000);
      notice.served += 1;
      if (hasActualNotice(recipient)) notice.noticed += 1;
      if (recipient.attempts.some((attempt) => attempt.purpose === 'notice_reminder')) notice.reminded += 1;
    }
  }
  const ended = byStatus.served + byStatus.unserved + byStatus.served_alternatively;
  durations.sort((a, b) => a - b);
  return {
    generatedAt: now.toISOString(),
    recipients: entries.length,
    byStatus,
    servedRate: ended === 0 ? null : byStatus.served / ended,
    timeToService:
      durations.length === 0
        ? null
        : {
            count: durations.length,
            medianSeconds: nearestRank(durations, 0.5),
            p90Seconds: nearestRank(durations, 0.9),
          },
    actualNotice: notice.served === 0 ? null : { ...notice, rate: notice.noticed / notice.served },
    attemptsByChannel,
  };
}

/** The nearest-rank percentile of sorted values: always one of the observed values. */
export function nearestRank(sorted: readonly number[], fraction: number): number {
  const rank = Math.max(1, Math.ceil(fraction * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] as number;
}

function emptyChannel(): ChannelFigures {
  return {
    attempts: 0,
    delivered: 0,
    acknowledged: 0,
    hard_bounce: 0,
    soft_bounce: 0,
    no_receipt: 0,
    unknown: 0,
    pending: 0,
  };
}

async function mapInBatches<T, R>(items: readonly T[], size: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(map))));
  }
  return results;
}
