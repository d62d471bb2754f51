import { setTimeout as sleep } from 'node:timers/promises';
import { AlreadyExists, ConcurrentModification } from './errors';

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
export async function retryOnConflict<T>(
  /** One try on fresh reads; `round` counts from 1 (a try may do something on the first round only). */
  attempt: (round: number) => Promise<T>,
  attempts = 8,
  lostRace: (error: unknown) => boolean = movedSinceRead,
): Promise<T> {
  for (let round = 1; ; round++) {
    try {
      return await attempt(round);
    } catch (error) {
      if (!lostRace(error) || round >= attempts) throw error;
      await sleep(Math.random() * Math.min(backoff.maxMs, backoff.firstMs * 2 ** round));
    }
  }
}

/** The usual lost race: an entity the attempt read has moved since. */
function movedSinceRead(error: unknown): boolean {
  return error instanceof ConcurrentModification;
}

/**
 * The lost race of an attempt that creates as well as changes: an entity moved, or another
 * request created first what this one meant to create (the next attempt reads and joins it).
 */
export function movedOrCreatedFirst(error: unknown): boolean {
  return error instanceof ConcurrentModification || error instanceof AlreadyExists;
}
