import { setTimeout as sleep } from 'node:timers/promises';
import { ConcurrentModification } from './errors';

/** Bound of the random pause before try n: `firstMs · 2^(n-1)`, at most `maxMs` ("full jitter"). */
const backoff = { firstMs: 5, maxMs: 250 };

/*
 * Kept in the domain beside ConcurrentModification rather than in a feature: every feature that
 * writes with optimistic concurrency (service, messages, milestones) answers a lost race the same
 * way, and this policy touches no port (a pause from Node's timers, no I/O), so the domain's rule
 * (itself, Node built-ins and pure libraries) holds.
 */

/**
 * Runs `attempt` again when it lost a race on an entity (a receipt and the workflow writing the
 * same message at the same moment, two requests on one dispute): each attempt re-reads, so the next
 * one decides on fresh state. Between tries it waits a random time up to a doubling bound, so that
 * writers who collided spread out instead of colliding again in step: 8 tries take about 1 s at
 * the most before the conflict reaches the caller (a 409, or a task's own retry).
 */
export async function retryOnConflict<T>(attempt: () => Promise<T>, attempts = 8): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt();
    } catch (error) {
      if (!(error instanceof ConcurrentModification) || round >= attempts) throw error;
      await sleep(Math.random() * Math.min(backoff.maxMs, backoff.firstMs * 2 ** round));
    }
  }
}
