import {
  executionOfId,
  type FailedExecutionRecord,
  failedExecutionChainId,
  failedExecutionStatuses,
  isWaitingForSomeone,
  workflowNames,
} from '../../domain/operations/failed-execution';
import type { FailedExecutions } from '../../ports/failed-executions';
import type { TableReads } from '../../ports/table';
import * as z from '../../validation/zod-mini';
import { attributesOf, readParsed } from './entity-attributes';

/**
 * How failed executions sit in the store: one item per execution, the root of its own chain
 * (`FAILED_EXECUTION#<workflow>:<name>`, `ROOT`), listed under one index partition while it waits
 * for someone, sorted by when the execution stopped.
 */
export const failedExecutionRecords = {
  key: (id: string) => ({ pk: failedExecutionChainId(id), sk: 'ROOT' }),
  waitingIndex: 'OPERATIONS#failed-executions',
  waitingIndexSort: (record: Pick<FailedExecutionRecord, 'stoppedAt' | 'id'>) => `${record.stoppedAt}#${record.id}`,
};

const recordSchema: z.ZodMiniType<FailedExecutionRecord> = z.object({
  id: z.string(),
  workflow: z.enum(workflowNames),
  name: z.string(),
  arn: z.optional(z.string()),
  status: z.enum(['failed', 'timed_out', 'aborted']),
  stoppedAt: z.string(),
  error: z.optional(z.string()),
  cause: z.optional(z.string()),
  state: z.enum(failedExecutionStatuses),
  redrives: z._default(z.int().check(z.nonnegative()), 0),
  automaticRedrives: z._default(z.int().check(z.nonnegative()), 0),
  refusal: z.optional(z.string()),
  recordedAt: z.string(),
});

export function dynamoFailedExecutions(table: TableReads): FailedExecutions {
  return {
    async failedExecution(id) {
      if (!executionOfId(id)) return undefined;
      return readParsed(table, failedExecutionRecords.key(id), recordSchema);
    },
    failedExecutionWrite(expectedVersion, record) {
      return {
        key: failedExecutionRecords.key(record.id),
        expectedVersion,
        attributes: attributesOf(record),
        ...(isWaitingForSomeone(record)
          ? {
              index: {
                gsi1pk: failedExecutionRecords.waitingIndex,
                gsi1sk: failedExecutionRecords.waitingIndexSort(record),
              },
            }
          : {}),
      };
    },
    async waitingFailedExecutions(page) {
      const found = await table.listByIndex(failedExecutionRecords.waitingIndex, page);
      return { ...found, items: found.items.map((entity) => z.parseOrThrow(recordSchema, entity.attributes)) };
    },
  };
}
