import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { rosterTotalsItems } from '../../shared/adapters/dynamodb/roster-records';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import type { DisputeCategory } from '../../shared/domain/mediation/categories';
import { disputeChainId } from '../../shared/domain/mediation/dispute';
import { type Mediator, mediatorChainId } from '../../shared/domain/mediation/mediator';
import type { Principal } from '../../shared/domain/principal';
import { recommendMediators } from '../../shared/use-cases/disputes/recommend-mediators';
import { disputeFixture } from '../support/mediation-fixtures';
import { itemSize, readUnits } from './dynamodb-item-size';
import { syntheticMediators } from './synthetic-roster';
import { type Benchmark, type BenchRow, fixed, kb, percentile } from './types';

/**
 * The recommendations route's work on the local stack (DESIGN.md, "Budgets": ≤ 50 ms p50 at 10,000
 * mediators, its reads growing with the eligible set only): `recommendMediators` on the real
 * `DynamoStateStore` over DynamoDB Local, at rosters of growing size that hold the same eligible set.
 */

const tableName = 'bench-recommendations';
/** Roster sizes measured, smallest first; `RECOMMENDATIONS_BENCH_SIZES=1000,10000` overrides. */
const sizes = (process.env.RECOMMENDATIONS_BENCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const ELIGIBLE_SET = 200;
const WARM_UP = 100;
const CALLS = 200;
const BUDGET_P50_MS = 50;
const category: DisputeCategory = 'online_shopping_contract';
const operator: Principal = { role: 'operator', subjectId: 'op-bench' };

/** The measured dispute: online shopping in Shenzhen (Nanshan), online mediation accepted. */
const dispute = disputeFixture({
  id: 'dsp_bench_recommendations',
  category,
  regionCode: '440305',
  subjectMatterRegion: '440305',
  onlineAccepted: true,
});

/**
 * The eligible set: mediators of the dispute's category in Shenzhen or online. The rest of the roster
 * (the filler) never lists that category, so whatever its size the dispute finds the same mediators.
 */
function eligibleSet(): Mediator[] {
  return syntheticMediators(ELIGIBLE_SET, 4_403).map((mediator, index) => ({
    ...mediator,
    id: `med_eligible_${String(index).padStart(4, '0')}`,
    specialties: [category, ...mediator.specialties.filter((specialty) => specialty !== category)].slice(0, 3),
    regions: index % 3 === 0 ? ['440305'] : index % 3 === 1 ? ['440300'] : ['44'],
    online: index % 2 === 0,
  }));
}

function filler(count: number, offset: number): Mediator[] {
  return syntheticMediators(count, 9_000 + offset).map((mediator, index) => {
    const specialties = mediator.specialties.filter((specialty) => specialty !== category);
    const { [category]: _dropped, ...record } = mediator.record;
    return {
      ...mediator,
      id: `med_filler_${String(offset + index).padStart(6, '0')}`,
      specialties: specialties.length > 0 ? specialties : ['commercial'],
      record,
    };
  });
}

interface Captured {
  command: string;
  output: Record<string, unknown>;
}

export const recommendationsRoute: Benchmark = {
  name: 'recommendations-route',
  title: 'Recommendations route on the local stack: latency and read size against roster size',
  description:
    '`recommendMediators` (shared/use-cases/disputes/recommend-mediators.ts, what `GET /v1/disputes/{id}/recommendations` ' +
    'calls after authentication) on `DynamoStateStore` over an in-memory DynamoDB Local, as an operator, for one ' +
    `dispute whose eligible set is held at ${ELIGIBLE_SET} mediators (its category in Shenzhen or online) while the ` +
    'roster around it grows. It reads the dispute, the eligibility listings of its places and the roster totals ' +
    '(never the roster). Budget (DESIGN.md): ≤ 50 ms p50 at 10,000 mediators, read size flat in the roster ' +
    '(within 10% from the smallest to the largest roster).',
  async run() {
    const local = await startDynamoDbLocal({ tableName });
    const documents = createDocumentClient({
      endpoint: local.endpoint,
      region: 'ap-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    try {
      // Each read's answer (unmarshalled by the document client): its items are what DynamoDB bills for.
      const captured: Captured[] = [];
      let capturing = false;
      documents.middlewareStack.add(
        (next, context) => async (args) => {
          const result = await next(args);
          if (capturing) {
            captured.push({ command: context.commandName ?? '?', output: result.output as Record<string, unknown> });
          }
          return result;
        },
        { step: 'build', name: 'benchCaptureReads' },
      );
      const store = new DynamoStateStore({ client: documents, tableName, clock: systemClock, ids: randomIds });

      await store.commit({
        chainId: disputeChainId(dispute.id),
        writes: [store.disputes.disputeWrite({ version: 0 }, dispute)],
        event: { type: 'dispute.filed', actor: operator, data: { disputeId: dispute.id } },
      });
      // The eligible set goes through the store's own commit, as registrations do.
      const eligible = eligibleSet();
      await inParallel(eligible, 16, async (mediator) => {
        await store.commit({
          chainId: mediatorChainId(mediator.id),
          writes: [store.roster.mediatorWrite(undefined, mediator)],
          event: { type: 'mediator.registered', actor: operator, data: { mediatorId: mediator.id } },
        });
      });

      const rows: BenchRow[] = [];
      const readBytes: number[] = [];
      const everyone: Mediator[] = [...eligible];
      let seedSeconds = 0;
      for (const size of sizes) {
        const t0 = performance.now();
        const added = filler(size - everyone.length, everyone.length);
        await batchWriteMediators(documents, store, added);
        everyone.push(...added);
        // The totals as the registrations' ADDs would have left them, written whole.
        await Promise.all(
          rosterTotalsItems(everyone).map(({ key, attributes }) =>
            documents.send(new PutCommand({ TableName: tableName, Item: { ...attributes, ...key } })),
          ),
        );
        seedSeconds += (performance.now() - t0) / 1000;
        console.log(`  roster of ${everyone.length} seeded (${fixed(seedSeconds, 0)} s so far)`);

        const call = () => recommendMediators({ store, clock: systemClock }, operator, dispute.id, 10);
        for (let i = 0; i < WARM_UP; i++) await call();
        captured.length = 0;
        capturing = true;
        const ranking = await call();
        capturing = false;
        const reads = readSize(captured);
        readBytes.push(reads.bytes);
        const samples: number[] = [];
        for (let i = 0; i < CALLS; i++) {
          const started = performance.now();
          await call();
          samples.push(performance.now() - started);
        }
        const p50 = percentile(samples, 50);
        const budgeted = everyone.length === 10_000;
        rows.push({
          cells: {
            Roster: everyone.length.toLocaleString('en-US'),
            Listed: reads.listed,
            Eligible: ranking.eligibleCount,
            'p50 ms': fixed(p50, 2),
            'p95 ms': fixed(percentile(samples, 95), 2),
            'Reads per call': `${reads.requests} (${reads.items} items)`,
            'Read KB': kb(reads.bytes, 1),
            RCU: reads.units,
          },
          budget: budgeted ? `≤ ${BUDGET_P50_MS} ms p50` : '-',
          verdict: budgeted ? (p50 <= BUDGET_P50_MS ? 'pass' : 'fail') : 'info',
          ...(budgeted && p50 > BUDGET_P50_MS ? { remark: `p50 ${fixed(p50, 1)} ms` } : {}),
        });
      }
      const growth = (Math.max(...readBytes) - Math.min(...readBytes)) / Math.min(...readBytes);
      rows.push({
        cells: {
          Roster: `${sizes[0]?.toLocaleString('en-US')} → ${sizes.at(-1)?.toLocaleString('en-US')}`,
          Listed: ELIGIBLE_SET,
          Eligible: '-',
          'p50 ms': '-',
          'p95 ms': '-',
          'Reads per call': '-',
          'Read KB': `${fixed(growth * 100, 1)}% change`,
          RCU: '-',
        },
        budget: 'read size within 10%',
        verdict: growth <= 0.1 ? 'pass' : 'fail',
      });
      return {
        columns: ['Roster', 'Listed', 'Eligible', 'p50 ms', 'p95 ms', 'Reads per call', 'Read KB', 'RCU'],
        rows,
        notes: [
          'Listed: the distinct mediators the listings returned (the eligible set; one listed in its district and online is read twice, which the item count shows, with the 32 totals shards); Eligible: those that pass every hard filter today (the rest are at capacity, on leave, or lack the language).',
          `Measured: the use case on the real store (not through HTTP: no JWT check, no JSON), ${CALLS} sequential calls after ${WARM_UP} warm-up calls, per roster size, on one growing table.`,
          `The eligible set: ${ELIGIBLE_SET} mediators of the dispute's category (a third in district 440305, a third in city 440300, a third province-wide 44; half online), written through \`store.commit\`; the rest of the roster is the synthetic roster (test/bench/synthetic-roster.ts) without that category, written with BatchWriteItem as the same items \`mediatorWrite\` produces (the mediator and its listings), without their chain events, which the route never reads. Seeding took ${fixed(seedSeconds, 0)} s in all.`,
          'Read size: the items every read of one call returned (GetItem of the dispute, one strongly consistent Query of the roster totals’ shards and one per place: 440305, 4403, 44 and ONLINE), sized by the documented rules (test/bench/dynamodb-item-size.ts); units: 1 RCU per 4 KB, a GetItem rounded up on its own item, a Query on the sum of its items, at least 1 per request. DynamoDB Local’s own ReturnConsumedCapacity is not used.',
          'As an operator: a party adds one membership read (the same at every roster size).',
        ],
      };
    } finally {
      documents.destroy();
      await local.stop();
    }
  },
};

/** The mediators and their listings as `mediatorWrite` shapes them, written 25 items per BatchWriteItem, 8 batches at once. */
async function batchWriteMediators(
  documents: ReturnType<typeof createDocumentClient>,
  store: DynamoStateStore,
  mediators: readonly Mediator[],
): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (const mediator of mediators) {
    const write = store.roster.mediatorWrite(undefined, mediator);
    items.push({ ...write.attributes, ...write.index, ...write.key, version: 1 });
    for (const companion of write.companions ?? []) {
      if (companion.kind === 'put') items.push({ ...companion.attributes, ...companion.key });
    }
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  await inParallel(batches, 8, async (batch) => {
    let requests = batch.map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      const result = await documents.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } }));
      requests = (result.UnprocessedItems?.[tableName] ?? []) as typeof requests;
      if (requests.length > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** Math.min(attempt, 6)));
    }
  });
}

function readSize(captured: readonly Captured[]): {
  requests: number;
  items: number;
  listed: number;
  bytes: number;
  units: number;
} {
  const mediators = new Set<unknown>();
  let bytes = 0;
  let units = 0;
  let items = 0;
  for (const { output } of captured) {
    // The document client hands back plain values; marshalled again, they are the items as stored.
    const plain = output.Item ? [output.Item] : ((output.Items as unknown[] | undefined) ?? []);
    const returned = plain.map((item) => marshall(item as Record<string, unknown>, { removeUndefinedValues: true }));
    const size = returned.reduce((sum, item) => sum + itemSize(item), 0);
    items += returned.length;
    for (const item of (output.Items as { id?: unknown }[] | undefined) ?? []) {
      if (typeof item.id === 'string') mediators.add(item.id);
    }
    bytes += size;
    units += readUnits(size, true);
  }
  return { requests: captured.length, items, listed: mediators.size, bytes, units };
}

async function inParallel<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await work(items[next++] as T);
    }),
  );
}
