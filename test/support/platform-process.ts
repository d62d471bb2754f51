import { startPlatform } from '../../infra/local/platform';

/**
 * The platform in a process of its own, for tests that kill it (`SIGKILL`) and start it again on
 * the same data directory: `startPlatform` as `npm start` runs it, without demo data, with short
 * receipt waits (`PLATFORM_TEST_RECEIPT_SECONDS`), printing one JSON line once it is ready with
 * what the test needs to reach it (the API, the SMS gateway, DynamoDB Local and an operator token).
 */
const dataDir = process.env.PLATFORM_DATA_DIR;
if (!dataDir) throw new Error('PLATFORM_DATA_DIR is required');
const receiptSeconds = Number(process.env.PLATFORM_TEST_RECEIPT_SECONDS ?? 5);

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
    dynamodb: platform.emulators.endpoints.dynamodb,
    region: platform.emulators.endpoints.region,
    tableName: platform.config.TABLE_NAME,
    operatorToken: await platform.tokens.sign('operator', 'op-crash-test'),
  }),
);

process.on('SIGINT', () => {
  void platform.stop().then(
    () => process.exit(0),
    () => process.exit(1),
  );
});
