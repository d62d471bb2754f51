import type { AttributeValue, TransactWriteItemsCommandInput } from '@aws-sdk/client-dynamodb';
import { percentile } from './types';

/** What the benchmarks that replay writes share: a closed-loop load and fresh keys for a captured transaction. */

export interface Throughput {
  operations: number;
  opsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/** `callers` loops calling `op` back to back until `ms` have passed. */
export async function throughput(op: () => Promise<unknown>, callers: number, ms: number): Promise<Throughput> {
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + ms;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        await op();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  return {
    operations: latencies.length,
    opsPerSecond: latencies.length / elapsed,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
  };
}

/**
 * The same transaction with every partition key (the table's and its indexes') suffixed, so it writes new items on each call
 * (same items, sizes and conditions); into `tableName` when given. Only Put items are replayed.
 */
export function withFreshKeys(
  input: TransactWriteItemsCommandInput,
  suffix: string,
  tableName?: string,
): TransactWriteItemsCommandInput {
  return {
    TransactItems: input.TransactItems?.map((item) => {
      if (!item.Put?.Item) throw new Error('only Put items are replayed');
      const put: Record<string, AttributeValue> = { ...item.Put.Item };
      // Index partition keys too: a replayed item must not land on a live index (a pending outbox
      // item there would be offered to the relay, which could never mark it done).
      for (const key of Object.keys(put).filter((name) => name === 'pk' || /^gsi\d+pk$/.test(name))) {
        put[key] = { S: `${put[key]?.S ?? ''}#${suffix}` };
      }
      return { Put: { ...item.Put, ...(tableName ? { TableName: tableName } : {}), Item: put } };
    }),
  };
}
