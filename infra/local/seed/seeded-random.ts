import { createHash } from 'node:crypto';

/**
 * The demo data's only source of chance (and the benchmarks' and tests' reproducible instances): a
 * small seedable PRNG (mulberry32), one stream per named scope (`mediator:17`, `ids:court:2`), so an
 * entity's data depends on its name alone and not on the order in which concurrent registrations
 * happen to run.
 */
export type Random = () => number;

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream for one named scope: the same name always gives the same numbers. */
export function randomFor(scope: string): Random {
  return seededRandom(createHash('sha256').update(`demo-seed/v1/${scope}`).digest().readUInt32BE(0));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** An integer in [min, max], both inclusive. */
export function between(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A few distinct items of `items`, in the order first drawn. */
export function some<T>(random: Random, items: readonly T[], count: number): T[] {
  const chosen = new Set<T>();
  for (let tries = 0; chosen.size < Math.min(count, items.length) && tries < count * 10; tries++) {
    chosen.add(pick(random, items));
  }
  return [...chosen];
}
