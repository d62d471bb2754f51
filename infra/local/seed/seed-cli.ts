import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { systemClock } from '../../../shared/adapters/clock/system-clock';
import { LocalPiiVault } from '../../../shared/adapters/crypto/local-pii-vault';
import { DynamoAllowances } from '../../../shared/adapters/dynamodb/allowances';
import { createDocumentClient } from '../../../shared/adapters/dynamodb/document-client';
import { DynamoStateStore } from '../../../shared/adapters/dynamodb/state-store';
import { randomIds } from '../../../shared/adapters/ids/random-ids';
import { chinaHolidayCalendar } from '../../../shared/domain/calendar/holiday-calendar-cn';
import { type DynamoDbLocal, startDynamoDbLocal } from '../dynamodb-local';
import { localCredentials, localRegion } from '../emulators';
import { loadOrCreateSecrets } from '../local-secrets';
import { runningDynamoDbLocal } from './running-dynamodb-local';
import { defaultDemoMediators, seedDemoData } from './seed-demo-data';

/**
 * `npm run seed -- [--mediators 10000] [--data-dir .data]`: seeds the demo data (courts,
 * organizations, that many mediators, a few disputes) into the local store, adding only what is
 * not there yet. When `npm start` is running on the same data it seeds through the platform's own
 * DynamoDB Local; otherwise it starts one on the data directory for the time of the seed.
 */
const usage = 'usage: npm run seed -- [--mediators <count>] [--data-dir <dir>] [--concurrency <n>]';
let args: ReturnType<typeof parse>;
try {
  args = parse();
} catch (error) {
  console.error(`${error instanceof Error ? error.message : String(error)}\n${usage}`);
  process.exit(2);
}

function parse() {
  const { values } = parseArgs({
    options: {
      mediators: { type: 'string', default: String(defaultDemoMediators) },
      'data-dir': { type: 'string', default: process.env.PLATFORM_DATA_DIR ?? '.data' },
      table: { type: 'string', default: 'platform' },
      concurrency: { type: 'string', default: '16' },
    },
  });
  const mediators = Number(values.mediators);
  const concurrency = Number(values.concurrency);
  if (!Number.isInteger(mediators) || mediators < 1 || mediators > 1_000_000) {
    throw new Error(`--mediators must be a whole number from 1 to 1,000,000, not ${values.mediators}`);
  }
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) {
    throw new Error(`--concurrency must be a whole number from 1 to 256, not ${values.concurrency}`);
  }
  return { mediators, concurrency, dataDir: resolve(values['data-dir']), tableName: values.table };
}

const { mediators, concurrency, dataDir, tableName } = args;
const dbPath = join(dataDir, 'dynamodb');
const running = await runningDynamoDbLocal(dbPath);
let ownDynamoDb: DynamoDbLocal | undefined;
if (running) {
  console.log(`The platform is running on ${dataDir}: seeding through its DynamoDB Local (${running}).`);
} else {
  console.log(`Starting DynamoDB Local on ${dbPath}…`);
  ownDynamoDb = await startDynamoDbLocal({ tableName, dataDir: dbPath });
}
const endpoint = running ?? (ownDynamoDb as DynamoDbLocal).endpoint;
const client = createDocumentClient({ endpoint, region: localRegion, credentials: localCredentials });
const secrets = await loadOrCreateSecrets(dataDir);

const started = performance.now();
let lastReported = 0;
try {
  const summary = await seedDemoData(
    {
      storeFor: (clock) => new DynamoStateStore({ client, tableName, clock, ids: randomIds }),
      vault: new LocalPiiVault({ encryptionKey: secrets.piiEncryptionKey, hmacKey: secrets.piiHmacKey }),
      allowances: new DynamoAllowances(client, tableName, systemClock),
      calendar: chinaHolidayCalendar,
      publicBaseUrl: process.env.PUBLIC_BASE_URL ?? 'http://localhost:3000',
      clock: systemClock,
    },
    {
      mediators,
      concurrency,
      onProgress: ({ mediatorsDone, mediatorsTotal }) => {
        const step = Math.max(100, Math.ceil(mediatorsTotal / 20));
        if (mediatorsDone - lastReported < step && mediatorsDone !== mediatorsTotal) return;
        lastReported = mediatorsDone;
        const seconds = (performance.now() - started) / 1000;
        console.log(
          `  mediators ${mediatorsDone}/${mediatorsTotal}  ${seconds.toFixed(1)} s  (${Math.round(mediatorsDone / seconds)}/s)`,
        );
      },
    },
  );
  const { created, total } = summary;
  const nothing = Object.values(created).every((count) => count === 0);
  console.log(
    nothing
      ? `Already seeded: the ${total.courts} courts, ${total.organizations} organizations, ${total.mediators} mediators and ${total.disputes} disputes are all there. Nothing to do.`
      : `Seeded in ${(summary.elapsedMs / 1000).toFixed(1)} s: ${created.courts} courts, ${created.organizations} organizations, ${created.mediators} mediators, ${created.disputes} disputes` +
          ` (demo data now: ${total.courts} courts, ${total.organizations} organizations, ${total.mediators} mediators, ${total.disputes} disputes).` +
          `\nSign in as the first mediator: npm run token -- mediator mediator-001`,
  );
} catch (error) {
  console.error(`Seeding failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  client.destroy();
  await ownDynamoDb?.stop();
}
