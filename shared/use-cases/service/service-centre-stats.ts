import { Forbidden, InvalidInput } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { ServiceRecord } from '../../domain/service/service';
import { type ServiceCentreStats, type ServicesWindow, summarizeService } from '../../domain/service/service-stats';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';

/** The services the figures cover by default: the newest this many (older ones a window at a time). */
export const defaultServicesWindow = 1_000;

/** The largest window a caller may ask for: each service in it is one more read of its recipients. */
export const maxServicesWindow = 5_000;

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

async function mapInBatches<T, R>(items: readonly T[], size: number, map: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) {
    results.push(...(await Promise.all(items.slice(start, start + size).map(map))));
  }
  return results;
}
