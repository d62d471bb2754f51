import type { Repositories } from '../../ports/repositories';
import type { TableReads } from '../../ports/table';
import { dynamoRoster } from './roster-records';
import { dynamoWebhooks } from './webhook-records';

/** Every repository, reading through `table` (the store itself, or a test's wrapper of it). */
export function repositoriesOn(table: TableReads): Repositories {
  return {
    roster: dynamoRoster(table),
    webhooks: dynamoWebhooks(table),
  };
}
