import type { Repositories } from '../../ports/repositories';
import type { TableReads } from '../../ports/table';
import { dynamoConfirmationRequests } from './confirmation-records';
import { dynamoDisputes, dynamoOffers } from './dispute-records';
import { dynamoFailedExecutions } from './failed-execution-records';
import { dynamoMessages } from './message-records';
import { dynamoPeople } from './person-records';
import { dynamoRoster } from './roster-records';
import { dynamoServices } from './service-records';
import { dynamoSettlements } from './settlement-records';
import { dynamoWebhooks } from './webhook-records';

/** Every repository, reading through `table` (the store itself, or a test's wrapper of it). */
export function repositoriesOn(table: TableReads): Repositories {
  return {
    confirmationRequests: dynamoConfirmationRequests(table),
    disputes: dynamoDisputes(table),
    failedExecutions: dynamoFailedExecutions(table),
    messages: dynamoMessages(table),
    offers: dynamoOffers(table),
    people: dynamoPeople(table),
    roster: dynamoRoster(table),
    services: dynamoServices(table),
    settlements: dynamoSettlements(table),
    webhooks: dynamoWebhooks(table),
  };
}
