import type { FailedExecutionRecord } from '../domain/operations/failed-execution';
import type { EntityWrite, Page, Versioned } from './table';

/** Failed workflow executions as the reconciler recorded them, and the operators' list of them. */
export interface FailedExecutions {
  /** The record of `id`, if one was made (an id that cannot name an execution has none). */
  failedExecution(id: string): Promise<Versioned<FailedExecutionRecord> | undefined>;
  /** The versioned write of a record; it stays listed while someone still has to act. */
  failedExecutionWrite(expectedVersion: number, record: FailedExecutionRecord): EntityWrite;
  /** Records still waiting for someone, oldest failure first. */
  waitingFailedExecutions(page: { limit: number; cursor?: string }): Promise<Page<FailedExecutionRecord>>;
}
