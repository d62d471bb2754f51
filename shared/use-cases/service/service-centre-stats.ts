import { Forbidden } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { hasActualNotice } from '../../domain/service/actual-notice';
import { type RecipientRecord, type RecipientStatus, recipientStatuses } from '../../domain/service/recipient';
import type { ServiceRecord } from '../../domain/service/service';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';

/**
 * The index that lists services (gsi1pk; gsi1sk `<createdAt>#<serviceId>`). The root item of a
 * service is written once, at the request, so the index entry written with it stays.
 */

/** The page reads at most this many services (the oldest first, as the index returns them). */
export const maxServicesRead = 5_000;

type AttemptOutcome = 'delivered' | 'acknowledged' | 'hard_bounce' | 'soft_bounce' | 'no_receipt' | 'unknown';
export type ChannelFigures = Record<AttemptOutcome | 'pending', number> & { attempts: number };

export interface UnservedEntry {
  serviceId: string;
  recipientId: string;
  personId: string;
  /** The person's key: the queue's pages look up the name and postal address with it (never shown). */
  personHash: string;
  issuer: string;
  title: string;
  kind: string;
  requestedAt: string;
  unservedAt?: string;
  reason?: string;
  attempts: number;
}

export interface ServiceCentreStats {
  generatedAt: string;
  services: number;
  recipients: number;
  /** True when more services exist than were read. */
  truncated: boolean;
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
  /** Unserved recipients waiting for alternative service, the longest waiting first. */
  unserved: UnservedEntry[];
}

/**
 * The service centre's figures (issue 4, item 8), for operators only: the served rate, the median
 * and 90th percentile of the time to service, the attempts per channel with their outcomes, and the
 * queue of unserved recipients waiting for an operator to record alternative service. Figures are
 * computed from the service records themselves, never kept as counters that could drift from them.
 * No address and no document content appears; recipients are named by their public person id.
 */
export async function serviceCentreStats(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
): Promise<ServiceCentreStats> {
  if (principal.role !== 'operator') throw new Forbidden('the service centre is for operators');
  const services: ServiceRecord[] = [];
  let cursor: string | undefined;
  let truncated = false;
  do {
    const page = await deps.store.services.catalogue({ limit: 100, ...(cursor ? { cursor } : {}) });
    services.push(...page.items);
    cursor = page.cursor;
    if (services.length >= maxServicesRead && cursor) {
      truncated = true;
      break;
    }
  } while (cursor);
  const recipients = (
    await mapInBatches(services, 10, async (service) =>
      (await deps.store.services.recipients(service.serviceId)).map((recipient) => ({ service, recipient })),
    )
  ).flat();
  return { ...summarizeService(recipients, deps.clock.now()), services: services.length, truncated };
}

/** The figures of a set of recipients with their services (pure: the use case reads, this counts). */
export function summarizeService(
  entries: ReadonlyArray<{ service: ServiceRecord; recipient: RecipientRecord }>,
  now: Date,
): Omit<ServiceCentreStats, 'services' | 'truncated'> {
  const byStatus = Object.fromEntries(recipientStatuses.map((status) => [status, 0])) as Record<
    RecipientStatus,
    number
  >;
  const attemptsByChannel = { sms: emptyChannel(), email: emptyChannel() };
  const durations: number[] = [];
  const unserved: UnservedEntry[] = [];
  const notice = { served: 0, noticed: 0, reminded: 0 };
  for (const { service, recipient } of entries) {
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
    if (recipient.status === 'unserved') {
      unserved.push({
        serviceId: service.serviceId,
        recipientId: recipient.recipientId,
        personId: recipient.personId,
        personHash: recipient.personHash,
        issuer: service.issuer,
        title: service.document.title,
        kind: service.document.kind,
        requestedAt: recipient.createdAt,
        ...(recipient.unserved ? { unservedAt: recipient.unserved.at, reason: recipient.unserved.reason } : {}),
        attempts: recipient.attempts.length,
      });
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
    unserved: unserved.sort((a, b) => (a.unservedAt ?? a.requestedAt).localeCompare(b.unservedAt ?? b.requestedAt)),
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
