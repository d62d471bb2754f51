import {
  type AttributeValue,
  type ConsumedCapacity,
  DynamoDBClient,
  type DynamoDBClientConfig,
  GetItemCommand,
  type GetItemCommandInput,
  PutItemCommand,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { ensureTable, startDynamoDbLocal } from '../../infra/local/dynamodb-local';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import type { Principal } from '../../shared/domain/principal';
import { type CourtRegistration, registerCourt } from '../../shared/use-cases/roster/register-court';
import { itemSize, readUnits, writeUnits } from './dynamodb-item-size';
import { type Throughput, throughput, withFreshKeys } from './replay';
import { type Benchmark, type BenchRow, fixed } from './types';

/**
 * The state store on DynamoDB Local: request units of one business operation (register a court) by
 * the documented capacity rules, and its throughput against raw writes on the same DynamoDB Local.
 */

const tableName = 'bench';
const replayTable = 'bench-replay';
const measureMs = 4_000;
const warmUpMs = 1_500;
const concurrency = 16;

const operator: Principal = { role: 'operator', subjectId: 'op-bench' };
let courtNumber = 0;
const registration = (): CourtRegistration => ({
  name: `Bench District People's Court ${++courtNumber}`,
  level: 'basic',
  regionCode: '110105',
  jurisdiction: { regions: ['110105', '110108'], caseTypes: [] },
  clientId: randomIds.next('cli'),
});

interface Captured {
  command: string;
  input: Record<string, unknown>;
}

export const stateStore: Benchmark = {
  name: 'state-store',
  title: 'State store on DynamoDB Local: request units and throughput',
  description:
    'Registering a court (`shared/use-cases/roster/register-court.ts`) through `DynamoStateStore` on an ' +
    'in-memory DynamoDB Local: the request units it costs by the documented capacity rules (DESIGN.md: ' +
    '"request units per business operation"), and its throughput, sequential and with 16 concurrent ' +
    'callers, against raw writes on the same DynamoDB Local. The DESIGN.md budget "filing a dispute ≥ 70% ' +
    'of what the local store allows for the same writes" applies to filing disputes, which does not exist ' +
    'yet; the court-registration ratio is informational.',
  async run() {
    const local = await startDynamoDbLocal({ tableName });
    const clientConfig: DynamoDBClientConfig = {
      endpoint: local.endpoint,
      region: 'ap-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    const documents = createDocumentClient(clientConfig);
    const raw = new DynamoDBClient(clientConfig);
    try {
      // The store keeps its requests to itself; a build-step middleware sees each one as sent
      // (marshalled), without changing it.
      const captured: Captured[] = [];
      let capturing = false;
      documents.middlewareStack.add(
        (next, context) => async (args) => {
          if (capturing) {
            captured.push({
              command: context.commandName ?? '?',
              input: structuredClone(args.input) as Record<string, unknown>,
            });
          }
          return next(args);
        },
        { step: 'build', name: 'benchCaptureRequests' },
      );
      const deps = {
        store: new DynamoStateStore({ client: documents, tableName, clock: systemClock, ids: randomIds }),
        ids: randomIds,
        clock: systemClock,
      };
      const register = () => registerCourt(deps, operator, registration());

      capturing = true;
      await register();
      capturing = false;
      const units = await requestUnits(captured, raw);

      // Raw baselines: the court item alone by PutItem, and the very same transaction the store
      // sends (same items, sizes and conditions) under fresh keys, without the store's read.
      const transaction = captured.find((c) => c.command === 'TransactWriteItemsCommand')
        ?.input as unknown as TransactWriteItemsCommandInput;
      const courtItem = transaction.TransactItems?.[0]?.Put?.Item;
      if (!courtItem) throw new Error('the registration sent no TransactWriteItems with the court item first');
      let rawNumber = 0;
      const putItem = () =>
        raw.send(
          new PutItemCommand({ TableName: tableName, Item: { ...courtItem, pk: { S: `BENCH_PUT#${++rawNumber}` } } }),
        );
      const sameWrites = () =>
        raw.send(new TransactWriteItemsCommand(withFreshKeys(transaction, `${++rawNumber}`, tableName)));

      const workloads = { register, putItem, sameWrites };
      for (const op of Object.values(workloads)) await throughput(op, concurrency, warmUpMs);
      const seq = {
        putItem: await throughput(putItem, 1, measureMs),
        sameWrites: await throughput(sameWrites, 1, measureMs),
        register: await throughput(register, 1, measureMs),
      };
      const par = {
        putItem: await throughput(putItem, concurrency, measureMs),
        sameWrites: await throughput(sameWrites, concurrency, measureMs),
        register: await throughput(register, concurrency, measureMs),
      };

      const info = (measure: string, value: string, detail: string, budget = '-'): BenchRow => ({
        cells: { Measure: measure, Value: value, Detail: detail },
        budget,
        verdict: 'info',
      });
      const rate = (t: Throughput) => `${fixed(t.opsPerSecond, 0)} ops/s`;
      const latency = (t: Throughput) =>
        `p50 ${fixed(t.p50Ms, 2)} ms, p95 ${fixed(t.p95Ms, 2)} ms, ${t.operations} ops`;
      const ratio = (a: Throughput, b: Throughput) => `${fixed((100 * a.opsPerSecond) / b.opsPerSecond, 0)}%`;
      const ratioBudget = '≥ 70% (filing a dispute; informational here)';
      return {
        columns: ['Measure', 'Value', 'Detail'],
        rows: [
          ...units.rows.map((row) => info(row.measure, row.value, row.detail)),
          info(
            'register a court: total by the rules',
            `${units.rcu} RCU + ${units.wcu} WCU (+ ${units.gsiWcu} WCU gsi1)`,
            `DynamoDB Local's ReturnConsumedCapacity for a replay of the same requests (not authoritative, see notes): ${units.reported}`,
            'reported (DESIGN.md: request units per business operation)',
          ),
          info('raw PutItem, sequential', rate(seq.putItem), latency(seq.putItem)),
          info('raw TransactWriteItems of the same writes, sequential', rate(seq.sameWrites), latency(seq.sameWrites)),
          info('register a court, sequential', rate(seq.register), latency(seq.register)),
          info(`raw PutItem, ${concurrency} concurrent`, rate(par.putItem), latency(par.putItem)),
          info(
            `raw TransactWriteItems of the same writes, ${concurrency} concurrent`,
            rate(par.sameWrites),
            latency(par.sameWrites),
          ),
          info(`register a court, ${concurrency} concurrent`, rate(par.register), latency(par.register)),
          info('register ÷ same writes, sequential', ratio(seq.register, seq.sameWrites), 'ops/s ratio', ratioBudget),
          info(
            `register ÷ same writes, ${concurrency} concurrent`,
            ratio(par.register, par.sameWrites),
            'ops/s ratio',
            ratioBudget,
          ),
          info('register ÷ raw PutItem, sequential', ratio(seq.register, seq.putItem), 'ops/s ratio', ratioBudget),
          info(
            `register ÷ raw PutItem, ${concurrency} concurrent`,
            ratio(par.register, par.putItem),
            'ops/s ratio',
            ratioBudget,
          ),
        ],
        notes: [
          "Request units are computed from the requests the store actually sends (captured by an SDK middleware): item sizes by DynamoDB's documented attribute-size rules, transactional writes at 2 WCU per KB per item (rounded up per item), the consistent read of the case item at 1 RCU per 4 KB (the minimum 1 RCU when it does not exist yet), and the gsi1 entry of the court item (projection ALL) at 1 WCU per KB, as a standard index write.",
          "DynamoDB Local's own ReturnConsumedCapacity is shown for comparison only: for transactions it does not follow the documented per-item rule (three sub-1 KB Puts in one TransactWriteItems are reported as 2 units, not 6), so the figures by the rules are the ones to use.",
          "A registration is one consistent GetItem (chain head of the new court) and one TransactWriteItems: the court item (which is also the chain's case item), the client-id claim, and the chain event.",
          `Throughput: each workload runs ${measureMs / 1000} s after a ${warmUpMs / 1000} s warm-up at ${concurrency} callers (DynamoDB Local is a JVM program and speeds up as it warms); "ops" are business operations (one registration = 2 requests), PutItem writes one court-sized item, "same writes" replays the store's transaction (3 items, same conditions) under fresh keys without the read.`,
          'Client (Node.js) and DynamoDB Local (Java) share the same two cores, so the figures are for comparison on this machine, not capacity planning; DynamoDB Local in memory, one table with one GSI and a stream.',
        ],
      };
    } finally {
      documents.destroy();
      raw.destroy();
      await local.stop();
    }
  },
};

interface Units {
  rows: { measure: string; value: string; detail: string }[];
  rcu: number;
  wcu: number;
  gsiWcu: number;
  reported: string;
}

/** Capacity of the captured requests by the documented rules, and what DynamoDB Local reports for a replay. */
async function requestUnits(captured: Captured[], raw: DynamoDBClient): Promise<Units> {
  const rows: Units['rows'] = [];
  let rcu = 0;
  let wcu = 0;
  let gsiWcu = 0;
  const reported: { request: string; capacity: ConsumedCapacity }[] = [];
  await ensureTable(raw, replayTable);
  for (const { command, input } of captured) {
    if (command === 'GetItemCommand') {
      const get = input as unknown as GetItemCommandInput;
      const result = await raw.send(
        new GetItemCommand({ ...get, TableName: replayTable, ReturnConsumedCapacity: 'INDEXES' }),
      );
      if (result.ConsumedCapacity) reported.push({ request: 'GetItem', capacity: result.ConsumedCapacity });
      const units = readUnits(0, get.ConsistentRead === true);
      rcu += units;
      rows.push({
        measure: `GetItem ${describeKey(get.Key)}${get.ConsistentRead ? ' (consistent)' : ''}`,
        value: `${units} RCU`,
        detail: 'absent before the first change of a new court: the minimum unit',
      });
    } else if (command === 'TransactWriteItemsCommand') {
      const transaction = input as unknown as TransactWriteItemsCommandInput;
      const result = await raw.send(
        new TransactWriteItemsCommand({ ...renameTable(transaction), ReturnConsumedCapacity: 'INDEXES' }),
      );
      reported.push(
        ...(result.ConsumedCapacity ?? []).map((capacity) => ({ request: 'TransactWriteItems', capacity })),
      );
      for (const item of transaction.TransactItems ?? []) {
        const put = item.Put?.Item;
        if (!put) throw new Error(`only Put items are costed here; got ${Object.keys(item).join(',')}`);
        const bytes = itemSize(put);
        const units = writeUnits(bytes, true);
        wcu += units;
        rows.push({
          measure: `TransactWriteItems Put ${describeKey(put)}`,
          value: `${units} WCU`,
          detail: `${bytes} B, ${Object.keys(put).length} attributes`,
        });
        if (put.gsi1pk && put.gsi1sk) {
          const indexUnits = writeUnits(bytes, false);
          gsiWcu += indexUnits;
          rows.push({
            measure: `gsi1 entry of ${describeKey(put)}`,
            value: `${indexUnits} WCU`,
            detail: `${bytes} B (projection ALL); ${2 * indexUnits} WCU if index writes are charged at the transactional rate, as DynamoDB Local does`,
          });
        }
      }
    } else {
      throw new Error(`unexpected request from the store: ${command}`);
    }
  }
  return { rows, rcu, wcu, gsiWcu, reported: describeReported(reported) };
}

function describeKey(key: Record<string, AttributeValue> | undefined): string {
  const pk = key?.pk?.S ?? '?';
  const sk = key?.sk?.S ?? '?';
  return `${pk.replace(/_[\w-]{22}$/, '_…')} / ${sk}`;
}

function describeReported(reported: { request: string; capacity: ConsumedCapacity }[]): string {
  if (reported.length === 0) return 'nothing reported';
  return reported
    .map(({ request, capacity }) => {
      const indexes = Object.entries(capacity.GlobalSecondaryIndexes ?? {}).map(
        ([name, index]) => `, ${name} ${index.CapacityUnits ?? 0}`,
      );
      return `${request}: table ${capacity.Table?.CapacityUnits ?? capacity.CapacityUnits ?? 0}${indexes.join('')}`;
    })
    .join('; ');
}

/** The same transaction into the replay table (same keys), for DynamoDB Local's own capacity report. */
function renameTable(input: TransactWriteItemsCommandInput): TransactWriteItemsCommandInput {
  return {
    TransactItems: input.TransactItems?.map((item) => {
      if (!item.Put?.Item) throw new Error('only Put items are replayed');
      return { Put: { ...item.Put, TableName: replayTable } };
    }),
  };
}
