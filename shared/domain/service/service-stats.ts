import { hasActualNotice } from './actual-notice';
import { type RecipientRecord, type RecipientStatus, recipientStatuses } from './recipient';
import type { AttemptOutcome } from './service-completion';

/*
 * The service centre's figures over a set of recipients: computed from the records themselves each
 * time (use-cases/service/service-centre-stats.ts reads them), never kept as counters that could drift.
 */

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

/** The figures of a set of recipients (the use case reads, this counts). */
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
