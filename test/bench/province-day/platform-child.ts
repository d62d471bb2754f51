import { writeFileSync } from 'node:fs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { UnitsMeter } from './units-meter';

/**
 * The platform in a process of its own for the province-day bench (which kills it with SIGKILL and
 * starts it again on the same data directory), as test/support/platform-process.ts runs it, plus
 * a request-units meter on every DynamoDB document client the platform builds: the tally goes to
 * `PROVINCE_UNITS_FILE` every second and on SIGINT, so a kill loses at most the last second.
 *
 * The meter is hooked in by wrapping `DynamoDBDocumentClient.from` in this process before the
 * platform's modules load: production adapters are unchanged, and nothing else runs this file.
 */
const dataDir = process.env.PLATFORM_DATA_DIR;
const unitsFile = process.env.PROVINCE_UNITS_FILE;
if (!dataDir || !unitsFile) throw new Error('PLATFORM_DATA_DIR and PROVINCE_UNITS_FILE are required');
const receiptSeconds = Number(process.env.PLATFORM_TEST_RECEIPT_SECONDS ?? 120);

const meter = new UnitsMeter();
const from = DynamoDBDocumentClient.from.bind(DynamoDBDocumentClient);
DynamoDBDocumentClient.from = (...args: Parameters<typeof DynamoDBDocumentClient.from>) => {
  const client = from(...args);
  meter.install(client);
  return client;
};
const flush = () => writeFileSync(unitsFile, JSON.stringify({ at: Date.now(), tally: meter.tally }));
setInterval(flush, 1_000).unref();

const { startPlatform } = await import('../../../infra/local/platform');
const platform = await startPlatform({
  dataDir,
  port: 0,
  seed: false,
  logLevel: 'ERROR',
  service: {
    timeouts: {
      receipt: { sms: receiptSeconds, email: receiptSeconds },
      acknowledgement: { sms: 4 * receiptSeconds, email: 4 * receiptSeconds },
    },
  },
});
console.log(
  JSON.stringify({
    ready: true,
    api: platform.urls.api,
    sms: platform.emulators.endpoints.sms,
    ses: platform.emulators.endpoints.ses,
    dynamodb: platform.emulators.endpoints.dynamodb,
    region: platform.emulators.endpoints.region,
    tableName: platform.config.TABLE_NAME,
    issuer: platform.tokens.issuer,
    resumedExecutions: platform.resumedExecutions.length,
    operatorToken: await platform.tokens.sign('operator', 'op-province-day'),
  }),
);

process.on('SIGINT', () => {
  flush();
  void platform.stop().then(
    () => {
      meter.stop();
      process.exit(0);
    },
    () => process.exit(1),
  );
});
