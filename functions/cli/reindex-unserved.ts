import { backfillUnservedQueue } from '../../shared/adapters/dynamodb/unserved-queue-backfill';
import { reindexTable } from './table-reindex';

/**
 * `TABLE_NAME=… npm run reindex-unserved`: the one-off operator step for a table whose recipients
 * became unserved before the operators' queue was kept (shared/adapters/dynamodb/unserved-queue-backfill.ts).
 * It puts every unserved recipient in the queue, each on condition that the recipient has not
 * changed since it was read; safe while the platform serves, and again. Run with the AWS
 * credentials and Region of the table's account (`DYNAMODB_ENDPOINT` for a local table).
 */
process.exitCode = await reindexTable(
  'reindex-unserved',
  backfillUnservedQueue,
  (result) =>
    `read ${result.services} services: ${result.unserved} unserved recipients, ${result.queued} queued; ${result.skipped} changed meanwhile and kept the queue themselves`,
);
