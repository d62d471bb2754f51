import { backfillEligibility } from '../../shared/adapters/dynamodb/eligibility-backfill';
import { reindexTable } from './table-reindex';

/**
 * `TABLE_NAME=… npm run reindex-roster`: the one-off operator step for a table whose mediators were
 * written before eligibility listings were kept (shared/adapters/dynamodb/eligibility-backfill.ts).
 * It lists every mediator under its places and writes the roster's totals; run it in a quiet window
 * (no registrations, no mediations closing), with the AWS credentials and Region of the table's
 * account (`DYNAMODB_ENDPOINT` for a local table). Running it again writes the same items.
 */
process.exitCode = await reindexTable(
  'reindex-roster',
  backfillEligibility,
  (result) =>
    `listed ${result.mediators} mediators under ${result.listings} places; ${result.skipped} changed meanwhile and listed themselves`,
);
