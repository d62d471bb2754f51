import { AsyncLocalStorage } from 'node:async_hooks';
import { appendFileSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, Server } from 'node:http';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { servePlatformInChild } from '../../support/platform-child';
import { UnitsMeter } from './units-meter';

/**
 * The platform in a process of its own for the province-day bench (which kills it with SIGKILL and
 * starts it again on the same data directory), served by test/support/platform-child.ts, plus
 * a request-units meter on every DynamoDB document client the platform builds: the tally goes to
 * `PROVINCE_UNITS_FILE` every second and on SIGINT, so a kill loses at most the last second.
 *
 * The meter is hooked in by wrapping `DynamoDBDocumentClient.from` in this process before the
 * platform's modules load: production adapters are unchanged, and nothing else runs this file.
 *
 * The reconciler runs every `PROVINCE_RECONCILER_EVERY_MS` with no automatic redrives (failed
 * executions wait for the bench, as the operator) and outbox items stale after
 * `PROVINCE_RECONCILER_STALE_MS`; each run is appended as a JSON line to `PROVINCE_RECONCILER_FILE`.
 */
const dataDir = process.env.PLATFORM_DATA_DIR;
const unitsFile = process.env.PROVINCE_UNITS_FILE;
const reconcilerFile = process.env.PROVINCE_RECONCILER_FILE;
if (!dataDir || !unitsFile || !reconcilerFile) {
  throw new Error('PLATFORM_DATA_DIR, PROVINCE_UNITS_FILE and PROVINCE_RECONCILER_FILE are required');
}
const receiptSeconds = Number(process.env.PLATFORM_TEST_RECEIPT_SECONDS ?? 120);
const reconcilerEveryMs = Number(process.env.PROVINCE_RECONCILER_EVERY_MS ?? 5 * 60_000);
const reconcilerStaleMs = Number(process.env.PROVINCE_RECONCILER_STALE_MS ?? 5 * 60_000);

/**
 * Who sends a request: the HTTP route whose handling it is part of (`GET /v1/services/{id}`), or
 * `background` (the outbox relay, workflows, receipts, schedules). Each request the server takes
 * runs in its own async context, so the units of the bench's status polls can be told apart from
 * the day's work.
 */
const route = new AsyncLocalStorage<string>();
const emit = Server.prototype.emit;
Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
  if (event !== 'request') return Reflect.apply(emit, this, [event, ...args]);
  const request = args[0] as IncomingMessage;
  return route.run(routeOf(request.method ?? '?', request.url ?? ''), () =>
    Reflect.apply(emit, this, [event, ...args]),
  );
} as typeof emit;

function routeOf(method: string, url: string): string {
  const path = url.split('?')[0] ?? '';
  // Ids (`svc_…`, `psn_…`, `MessageDelivery:msg_…`) and other opaque segments become {id}.
  const shape = path
    .split('/')
    .map((segment) => (/[_:%]|\d/.test(segment) && !/^v\d+$/.test(segment) ? '{id}' : segment))
    .join('/');
  // Only the platform's API routes; the emulators in this process (the SMS gateway's Publish, whose
  // receipts follow in its context, SES, S3) and pages count as the background they stand for.
  return path.startsWith('/v1/') ? `${method} ${shape}` : 'background';
}

const meter = new UnitsMeter(() => route.getStore() ?? 'background');
const from = DynamoDBDocumentClient.from.bind(DynamoDBDocumentClient);
DynamoDBDocumentClient.from = (...args: Parameters<typeof DynamoDBDocumentClient.from>) => {
  const client = from(...args);
  meter.install(client);
  return client;
};
const flush = () =>
  writeFileSync(unitsFile, JSON.stringify({ at: Date.now(), total: meter.tally, byLabel: meter.byLabel }));
setInterval(flush, 1_000).unref();

await servePlatformInChild({
  dataDir,
  receiptSeconds,
  operatorSubject: 'op-province-day',
  reconciler: {
    everyMs: reconcilerEveryMs,
    staleAfterMs: reconcilerStaleMs,
    automaticRedrives: 0,
    onRun: (run) => appendFileSync(reconcilerFile, `${JSON.stringify({ at: Date.now(), pid: process.pid, ...run })}\n`),
  },
  onStop: flush,
  afterStop: () => meter.stop(),
});
