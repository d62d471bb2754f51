import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DeleteTableCommand,
  DynamoDBClient,
  TransactWriteItemsCommand,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { DisputeFilingSchema } from '../../functions/http/routes/disputes';
import { startPlatform } from '../../infra/local/platform';
import { systemClock } from '../../shared/adapters/clock/system-clock';
import { LocalPiiVault } from '../../shared/adapters/crypto/local-pii-vault';
import { DynamoAllowances } from '../../shared/adapters/dynamodb/allowances';
import { createDocumentClient } from '../../shared/adapters/dynamodb/document-client';
import { DynamoStateStore } from '../../shared/adapters/dynamodb/state-store';
import { outboxPendingIndexes } from '../../shared/adapters/dynamodb/table-schema';
import { randomIds } from '../../shared/adapters/ids/random-ids';
import { chinaHolidayCalendar } from '../../shared/domain/calendar/holiday-calendar-cn';
import { fileDispute } from '../../shared/use-cases/disputes/file-dispute';
import { messageRequests } from '../../shared/use-cases/message-delivery/request-message';
import { sendAllowancesOf } from '../../shared/use-cases/people/allowances';
import { identityChecksOf } from '../../shared/use-cases/people/identity-assurance';
import { personConsentWriterOf } from '../../shared/use-cases/people/person-consent';
import { filing } from '../support/mediation-api';
import { benchApplicantId, linkedFilerSubject } from './linked-filers';
import { type Throughput, throughput, withFreshKeys } from './replay';
import { type Benchmark, type BenchRow, fixed, percentile } from './types';
import {
  copyTable,
  type RecordedWrite,
  type ReplayResult,
  recordDocumentClientWrites,
  replayWrites,
  type WriteRecorder,
} from './write-replay';

/**
 * DESIGN.md, "Budgets": filing a dispute through the API reaches ≥ 70% of what the local store
 * allows for the same writes. One run of the whole platform (`startPlatform`, as `npm start`: the
 * HTTP app behind the local edge, the outbox relay and its consumers, the workflow runner, the
 * emulators) on a fresh data directory: a fixed number of filings at concurrency 1 and 8, each
 * counted done once the outbox it left has drained (the invitations handed to their workflow),
 * against the same writes sent raw: every write the platform sent in that window, replayed at the
 * same concurrency on a copy of the table as it was when the window opened (write-replay.ts).
 * The filing's own transaction replayed alone under fresh keys is shown beside it.
 */

/**
 * Filings per run: windows of 15-30 s, since runs of 40 and 160 (6-9 s and 12-14 s) varied by ±15%
 * from run to run on this machine (the same code read 59% and 78% at concurrency 1).
 */
const FILINGS = { 1: 100, 8: 240 } as const;
/**
 * Each window is cut into rounds, each an API run followed at once by the replay of its writes, and
 * the ratio is taken over their sums: the disk under DynamoDB Local's data directory answers at a
 * speed that drifts within a run (the same writes replayed at concurrency 1 took 6.1 s in one run
 * and 12.2 s in another), and a replay long after its API run met another disk than the API did.
 */
const ROUNDS = { 1: 5, 8: 4 } as const;
/**
 * Filings before the first window. DynamoDB Local's JVM compiles its hot paths over the first few
 * hundred requests: with 8 filings only, the first window (the API's, at concurrency 1) ran on a
 * colder JVM than the replay of its writes right after it.
 */
const WARM_UP = { filings: 48, callers: 8 } as const;
const RAW_MS = 4_000;
const BUDGET = 0.7;
const QUIET_MS = 2_000;
const QUIET_MAX_MS = 30_000;

export const filingThroughput: Benchmark = {
  name: 'filing',
  title: "Filing a dispute through the API against the store's raw rate",
  description:
    'Filings (`POST /v1/disputes`, a party filing with one respondent, who is invited by SMS) on the whole ' +
    'local platform as `npm start` runs it, at concurrency 1 and 8, counted once the outbox has drained, ' +
    'against the same writes sent raw to the same DynamoDB Local: every write request the platform sent ' +
    'for those filings, replayed at the same concurrency. DESIGN.md budget: the API at ≥ 70% of the raw ' +
    'rate for the same writes; p99 of a filing at concurrency 8 recorded.',
  async run() {
    // Before the platform builds its clients, so that their writes can be recorded.
    const recorder = recordDocumentClientWrites();
    const dataDir = await mkdtemp(join(tmpdir(), 'bench-filing-'));
    const platform = await startPlatform({ dataDir, port: 0, seed: false, logLevel: 'ERROR' });
    const endpoint = platform.config.DYNAMODB_ENDPOINT;
    const clientConfig = {
      endpoint,
      region: platform.config.AWS_REGION,
      credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    };
    const documents = createDocumentClient(clientConfig);
    const raw = new DynamoDBClient(clientConfig);
    const tableName = platform.config.TABLE_NAME;
    const store = new DynamoStateStore({ client: documents, tableName, clock: systemClock, ids: randomIds });
    try {
      const transaction = await oneFilingsTransaction(clientConfig, tableName, platform.urls.api);
      const subjectOf = await linkedFilerSubject(dataDir);
      const file = apiFiling(platform.urls.api, async (idNumber) =>
        platform.tokens.sign('party', await subjectOf(idNumber)),
      );
      const drained = () => outboxDrained(store);
      // Warm-up: the JVM, the edge, the app's first calls.
      await apiRun(file, WARM_UP.filings, WARM_UP.callers, drained);
      await drained();

      const rows: BenchRow[] = [];
      for (const concurrency of [1, 8] as const) {
        const rounds: Round[] = [];
        for (let round = 1; round <= ROUNDS[concurrency]; round++) {
          const filings = FILINGS[concurrency] / ROUNDS[concurrency];
          rounds.push(
            await measuredRound({ raw, recorder, file, drained, tableName, concurrency, filings, index: round }),
          );
        }
        const whole = combined(rounds);
        const { api, replayed, writes } = whole;
        const sameWritesPerSecond = api.operations / replayed.seconds;
        const share = apiShareOfRaw(whole);
        const roundShares = rounds.map((round) => `${fixed(100 * apiShareOfRaw(round), 0)}%`);

        let n = 0;
        const replayOne = () =>
          raw.send(new TransactWriteItemsCommand(withFreshKeys(transaction, `${Date.now()}-${++n}`)));
        const oneTransaction = await throughput(replayOne, concurrency, RAW_MS);
        rows.push(
          {
            cells: {
              Figure: `raw: the same writes, concurrency ${concurrency}`,
              Measured: `${fixed(sameWritesPerSecond, 1)} filings/s`,
              Detail: `${replayed.requests} write requests (${fixed(replayed.requests / api.operations, 1)} per filing: ${commandMix(writes, api.operations)}) in ${fixed(replayed.seconds, 2)} s; ${replayed.endedDifferently} ended differently than on the platform; ${replayed.retries} SDK retries`,
            },
            budget: '-',
            verdict: 'info',
          },
          {
            cells: {
              Figure: `filings through the API, concurrency ${concurrency}, outbox drained`,
              Measured: `${fixed(api.opsPerSecond, 1)} /s (${fixed(100 * share, 0)}% of raw)`,
              Detail: `${api.operations} filings in ${rounds.length} rounds: answered in ${fixed(api.answeredSeconds, 1)} s, drained in ${fixed(api.drainedSeconds, 1)} s in all; p50 ${fixed(api.p50Ms, 0)} ms, p99 ${fixed(api.p99Ms, 0)} ms; the rounds alone: ${roundShares.join(', ')} of raw`,
            },
            budget: `≥ ${BUDGET * 100}% of raw`,
            verdict: share >= BUDGET ? 'pass' : 'fail',
          },
          {
            cells: {
              Figure: `raw: the filing's own transaction alone, concurrency ${concurrency}`,
              Measured: `${fixed(oneTransaction.opsPerSecond, 1)} /s (the API at ${fixed((100 * api.opsPerSecond) / oneTransaction.opsPerSecond, 0)}% of it)`,
              Detail: `${oneTransaction.operations} in ${RAW_MS / 1000} s; p50 ${fixed(oneTransaction.p50Ms, 1)} ms, p99 ${fixed(oneTransaction.p99Ms, 1)} ms; ${transaction.TransactItems?.length ?? 0} items`,
            },
            budget: '-',
            verdict: 'info',
          },
        );
      }
      return {
        columns: ['Figure', 'Measured', 'Detail'],
        rows,
        notes: [
          'The platform is `startPlatform` on a fresh data directory without demo data: the HTTP app behind the local API edge (token checks), the outbox relay and consumers, the workflow runner, the SES, SNS and S3 emulators and DynamoDB Local, all on the same two cores as the load.',
          "API throughput: filings ÷ the time from the first request to the moment no outbox item is pending (each filing's invitation handed to the SMS workflow). Latency: each request's answer time. Before each round the platform is left until it has sent no write for 2 s, so the work behind earlier filings does not fall in the round.",
          "The drain is watched at one pending-outbox partition while any is not empty (one query every 50 ms, not all nine), and all nine are looked at once before a round counts as drained: the bench's own polls are load on the DynamoDB Local the replay does not carry.",
          `Rounds: each window is cut into rounds (${ROUNDS[1]} at concurrency 1, ${ROUNDS[8]} at 8), each an API run followed at once by the replay of its writes, and the ratio is taken over the sums (each round's own ratio is shown after it): the disk under DynamoDB Local's data directory drifts in speed within a run, and one replay long after its API run met another disk than the API did.`,
          "The same writes: every write request (PutItem, UpdateItem, DeleteItem, TransactWriteItems, BatchWriteItem) the platform's DynamoDB document clients sent in that window, recorded as sent (SDK middleware, marshalled) and replayed raw (`test/bench/write-replay.ts`) on a copy of the table taken when the round opened, so each condition meets what it met on the platform; a request waits for the earlier ones that touched its items, and at most as many are in flight as the API run had callers. Their rate: the run's filings ÷ the replay's time. The platform's reads (and the bench's own polls) are not replayed: the raw side is writes only.",
          "The filing's own transaction alone: its one TransactWriteItems, captured from `fileDispute` on the same store adapter and replayed under fresh keys (same items, sizes and conditions) for 4 s; without the filing's reads, its allowance update, or the outbox work behind it: the figure this bench compared with before, where a filing's ~7 transactions met one.",
          'Each filing is by a new applicant (through a sign-in linked to it) against a respondent company no other filing names, with a new mobile (sends others trigger are limited per recipient).',
          `Before the first window, ${WARM_UP.filings} filings at concurrency ${WARM_UP.callers} warm DynamoDB Local's JVM, the edge and the app, so that the API's window and the replay after it meet the same warmed store.`,
        ],
      };
    } finally {
      documents.destroy();
      raw.destroy();
      await platform.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  },
};

/** A client filing as a new applicant each time (its linked sign-in's token from `token`), through the platform's edge. */
function apiFiling(api: string, token: (applicantId: string) => Promise<string>): () => Promise<number> {
  let n = 0;
  return async () => {
    const body = filingAgainstANewCompany(++n);
    const response = await fetch(`${api}/v1/disputes`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${await token(String(body.parties[0]?.idNumber))}`,
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    await response.body?.cancel();
    if (response.status !== 201) throw new Error(`a filing was answered ${response.status}`);
    return response.status;
  };
}

/** Tells this run's respondents from an earlier run's. */
const runTag = randomBytes(2).toString('hex');

/**
 * A filing whose respondent is a company no other filing names: a province's filings name many
 * respondents, and one named in every filing would make each filing's contacts wait for the others
 * on that one company's chain (its address book), which is not the rate this bench is about.
 */
function filingAgainstANewCompany(n: number) {
  const body = filing();
  const [applicant, respondent] = body.parties;
  if (applicant) applicant.idNumber = benchApplicantId(n);
  // A credit code's shape (letters in it, so no resident-ID check applies), unique for the run.
  if (respondent) respondent.idNumber = `91440300MB${runTag}${n.toString(36).padStart(4, '0')}`.toUpperCase();
  return body;
}

/** The TransactWriteItems one filing sends, captured as the store adapter sends it (marshalled). */
async function oneFilingsTransaction(
  clientConfig: Parameters<typeof createDocumentClient>[0],
  tableName: string,
  publicBaseUrl: string,
): Promise<TransactWriteItemsCommandInput> {
  let captured: TransactWriteItemsCommandInput | undefined;
  const capturing = createDocumentClient(clientConfig);
  capturing.middlewareStack.add(
    (next, context) => async (args) => {
      // The filing's own transaction is the largest it sends (the allowance it takes is another).
      const input = args.input as TransactWriteItemsCommandInput;
      if (context.commandName === 'TransactWriteItemsCommand') {
        if ((input.TransactItems?.length ?? 0) > (captured?.TransactItems?.length ?? 0))
          captured = structuredClone(input);
      }
      return next(args);
    },
    { step: 'build', name: 'benchCaptureFiling' },
  );
  const body = DisputeFilingSchema.parse(filing());
  const store = new DynamoStateStore({ client: capturing, tableName, clock: systemClock, ids: randomIds });
  const vault = new LocalPiiVault({ encryptionKey: randomBytes(32), hmacKey: randomBytes(32) });
  await fileDispute(
    {
      store,
      ids: randomIds,
      clock: systemClock,
      vault,
      identityChecks: identityChecksOf({
        store,
        clock: systemClock,
        vault,
        identityVerifier: { verify: () => Promise.reject(new Error('no consent is given, no identity checked')) },
      }),
      personConsentWrite: personConsentWriterOf(store),
      sendAllowances: sendAllowancesOf({
        allowances: new DynamoAllowances(capturing, tableName, systemClock),
        vault,
        clock: systemClock,
      }),
      calendar: chinaHolidayCalendar,
      publicBaseUrl,
      requestMessage: messageRequests({ store, ids: randomIds, clock: systemClock }),
    },
    { role: 'party', subjectId: 'bench-capture' },
    { ...body, claim: { amountMinor: body.claim.amount, currency: body.claim.currency } },
  );
  capturing.destroy();
  if (!captured) throw new Error('the filing sent no TransactWriteItems');
  return captured;
}

/**
 * Resolves once every pending-outbox partition is empty at one look. While some are not, only one
 * of those is watched (one query every 50 ms, not nine): the bench's own polls are load on the same
 * DynamoDB Local that the replay does not carry.
 */
async function outboxDrained(store: DynamoStateStore): Promise<void> {
  const isEmpty = async (index: OutboxIndex) => (await store.listByIndex(index, { limit: 1 })).items.length === 0;
  for (;;) {
    const indexes = outboxPendingIndexes();
    const looks = await Promise.all(indexes.map(isEmpty));
    const busy = indexes.find((_, i) => !looks[i]);
    if (busy === undefined) return;
    while (!(await isEmpty(busy))) await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The write requests of a window per filing, by command: `TransactWriteItems 6.1, UpdateItem 2.0`. */
function commandMix(writes: readonly RecordedWrite[], filings: number): string {
  const counts = new Map<string, number>();
  for (const write of writes) counts.set(write.command, (counts.get(write.command) ?? 0) + 1);
  return [...counts]
    .sort(([, a], [, b]) => b - a)
    .map(([command, count]) => `${command} ${fixed(count / filings, 1)}`)
    .join(', ');
}

type OutboxIndex = ReturnType<typeof outboxPendingIndexes>[number];

type Run = Pick<Throughput, 'operations' | 'opsPerSecond' | 'p50Ms' | 'p99Ms'>;
type ApiRun = Run & { answeredSeconds: number; drainedSeconds: number; latencies: number[] };

interface Round {
  api: ApiRun;
  replayed: ReplayResult;
  writes: RecordedWrite[];
}

/**
 * One round: the platform left until quiet, a copy of its table taken, `filings` filings through
 * the API until the outbox has drained, then every write they sent replayed raw on the copy.
 */
async function measuredRound(options: {
  raw: DynamoDBClient;
  recorder: WriteRecorder;
  file: () => Promise<number>;
  drained: () => Promise<void>;
  tableName: string;
  concurrency: number;
  filings: number;
  /** The round's number in its window (names the table copy). */
  index: number;
}): Promise<Round> {
  const { raw, recorder, tableName, concurrency } = options;
  // The work behind earlier filings (their SMS workflows) finishes before the round opens.
  await recorder.quiet(QUIET_MS, QUIET_MAX_MS);
  const copy = `${tableName}-replay-${concurrency}-${options.index}`;
  await copyTable(raw, tableName, copy);
  recorder.start();
  const api = await apiRun(options.file, options.filings, concurrency, options.drained);
  const writes = recorder.stop();
  await recorder.quiet(QUIET_MS, QUIET_MAX_MS);
  const replayed = await replayWrites(raw, writes, copy, concurrency);
  await raw.send(new DeleteTableCommand({ TableName: copy }));
  return { api, replayed, writes };
}

/**
 * The API's rate as a share of the raw rate for the same writes: both did the same filings, so it
 * is the replay's time over the API's (until drained).
 */
function apiShareOfRaw({ api, replayed }: Round): number {
  return replayed.seconds / api.drainedSeconds;
}

/** The rounds of a window as one: counts and times summed, latencies pooled. */
function combined(rounds: readonly Round[]): Round {
  const sum = (of: (round: Round) => number) => rounds.reduce((total, round) => total + of(round), 0);
  const latencies = rounds.flatMap((round) => round.api.latencies);
  const operations = sum((round) => round.api.operations);
  const drainedSeconds = sum((round) => round.api.drainedSeconds);
  return {
    api: {
      operations,
      opsPerSecond: operations / drainedSeconds,
      p50Ms: percentile(latencies, 50),
      p99Ms: percentile(latencies, 99),
      answeredSeconds: sum((round) => round.api.answeredSeconds),
      drainedSeconds,
      latencies,
    },
    replayed: {
      requests: sum((round) => round.replayed.requests),
      seconds: sum((round) => round.replayed.seconds),
      endedDifferently: sum((round) => round.replayed.endedDifferently),
      retries: sum((round) => round.replayed.retries),
    },
    writes: rounds.flatMap((round) => round.writes),
  };
}

/** `count` filings by `callers` loops, then the wait for the outbox to drain. */
async function apiRun(
  file: () => Promise<number>,
  count: number,
  callers: number,
  drained: () => Promise<void>,
): Promise<ApiRun> {
  const latencies: number[] = [];
  const started = performance.now();
  let left = count;
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (left > 0) {
        left--;
        const t0 = performance.now();
        await file();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const answered = performance.now();
  await drained();
  const seconds = (performance.now() - started) / 1000;
  return {
    operations: count,
    opsPerSecond: count / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    answeredSeconds: (answered - started) / 1000,
    drainedSeconds: seconds,
    latencies,
  };
}
