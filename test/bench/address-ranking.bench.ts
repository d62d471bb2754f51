import type { Address, AddressSource, ServiceConsentRecord } from '../../shared/domain/service/address';
import { addressSources } from '../../shared/domain/service/address';
import { rankAddresses } from '../../shared/domain/service/address-ranking';
import { seededRandom } from './synthetic-roster';
import { type Benchmark, type BenchRow, fixed, percentile } from './types';

/**
 * Ranking throughput (issue 4, "Done when"): `rankAddresses` on deterministic synthetic address books
 * of 1 to 20 addresses (mixed channels, sources, ages and outcome records, a few invalid or postal),
 * measured as addresses ranked per second. DESIGN.md sets no budget: informational.
 */

const BOOK_SIZES = [1, 5, 10, 20] as const;
const BOOKS_PER_SIZE = 1_000;
const SEED = 20_260_405;
const ROUNDS = 30;
const WARM_UP_ROUNDS = 5;
const NOW = new Date('2026-03-16T00:00:00.000Z');
const DAY_MS = 86_400_000;
const consent: ServiceConsentRecord = { basis: 'platform_declaration', recordedAt: '2026-01-01T00:00:00.000Z' };

function syntheticBook(size: number, bookIndex: number, random: () => number): Address[] {
  return Array.from({ length: size }, (_, i) => {
    const sourceCount = 1 + Math.floor(random() * 3);
    const sources = Array.from({ length: sourceCount }, () => ({
      source: addressSources[Math.floor(random() * addressSources.length)] as AddressSource,
      observedAt: new Date(NOW.getTime() - random() * 1_500 * DAY_MS).toISOString(),
    }));
    const attempts = Math.floor(random() * 6);
    const delivered = Math.floor(random() * (attempts + 1));
    const roll = random();
    const id = `${String(bookIndex).padStart(5, '0')}${String(i).padStart(3, '0')}`;
    return {
      addressId: `addr_${id}`,
      personHash: `bench-person-${bookIndex}`,
      channel: roll < 0.6 ? 'sms' : roll < 0.95 ? 'email' : 'postal',
      value: roll < 0.6 ? `+86139${id}` : `p${id}@example.com`,
      sources,
      outcomes: {
        attempts,
        delivered,
        acknowledged: Math.floor(random() * (delivered + 1)),
        hardBounces: 0,
        softBounces: attempts - delivered,
      },
      ...(random() < 0.05 ? { invalid: true } : {}),
    } satisfies Address;
  });
}

export const addressRanking: Benchmark = {
  name: 'address-ranking',
  title: 'Electronic service: address ranking throughput',
  description:
    '`rankAddresses` (shared/domain/service/address-ranking.ts) over 1,000 deterministic synthetic address books per ' +
    'size (1, 5, 10, 20 addresses: mixed SMS, email and postal, one to three sources each, ages up to four years, ' +
    'outcome records, 5% marked invalid), every score explained. Figures: addresses ranked per second and the time ' +
    'to rank one book. DESIGN.md sets no budget for it: informational.',
  async run() {
    const rows: BenchRow[] = [];
    for (const size of BOOK_SIZES) {
      const random = seededRandom(SEED + size);
      const books = Array.from({ length: BOOKS_PER_SIZE }, (_, b) => syntheticBook(size, b, random));
      const roundSeconds = measureRounds(books);
      const p50 = percentile(roundSeconds, 50);
      rows.push({
        cells: {
          'Addresses per book': size,
          Books: BOOKS_PER_SIZE,
          'Addresses / s (p50 round)': Math.round((size * BOOKS_PER_SIZE) / p50).toLocaleString('en'),
          'µs per book (p50)': fixed((p50 / BOOKS_PER_SIZE) * 1e6, 2),
          'µs per book (p95)': fixed((percentile(roundSeconds, 95) / BOOKS_PER_SIZE) * 1e6, 2),
        },
        budget: '-',
        verdict: 'info',
      });
    }
    return {
      columns: ['Addresses per book', 'Books', 'Addresses / s (p50 round)', 'µs per book (p50)', 'µs per book (p95)'],
      rows,
      notes: [
        `One round ranks all ${BOOKS_PER_SIZE} books of a size; ${WARM_UP_ROUNDS} warm-up rounds, then ${ROUNDS} timed rounds (performance.now around each), in one process.`,
        'Throughput counts every address of the book, excluded ones included (they are examined and explained too).',
      ],
    };
  },
};

function measureRounds(books: readonly Address[][]): number[] {
  let sink = 0;
  const round = () => {
    for (const book of books) sink += rankAddresses(book, { now: NOW, consent }).plan.length;
  };
  for (let i = 0; i < WARM_UP_ROUNDS; i++) round();
  const seconds: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const started = performance.now();
    round();
    seconds.push((performance.now() - started) / 1000);
  }
  if (sink < 0) throw new Error('unreachable');
  return seconds;
}
