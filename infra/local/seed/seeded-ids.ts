import type { Ids } from '../../../shared/ports/ids';
import { randomFor } from './seeded-random';

const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * Ids for demo data: the shape of the platform's random ids (`crt_` + 22 base64url characters,
 * 128 bits) drawn from the named scope's PRNG stream, so seeding an empty store twice gives the same
 * ids. Each registration gets its own scope; guessable by design, so never for real data.
 */
export function seededIds(scope: string): Ids {
  const random = randomFor(`ids:${scope}`);
  return {
    next: (prefix) => {
      let body = '';
      for (let i = 0; i < 22; i++) body += alphabet[Math.floor(random() * 64)];
      return `${prefix}_${body}`;
    },
  };
}
