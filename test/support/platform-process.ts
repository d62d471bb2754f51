import { servePlatformInChild } from './platform-child';

/**
 * The platform child of the crash flow test (platform-child.ts): no demo data, short receipt waits
 * (`PLATFORM_TEST_RECEIPT_SECONDS`).
 */
const dataDir = process.env.PLATFORM_DATA_DIR;
if (!dataDir) throw new Error('PLATFORM_DATA_DIR is required');

await servePlatformInChild({
  dataDir,
  receiptSeconds: Number(process.env.PLATFORM_TEST_RECEIPT_SECONDS ?? 5),
  operatorSubject: 'op-crash-test',
});
