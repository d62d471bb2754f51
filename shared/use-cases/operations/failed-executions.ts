import { ConcurrentModification, NotFound } from '../../domain/errors';
import {
  type FailedExecutionRecord,
  failedExecutionChainId,
  failedExecutionId,
} from '../../domain/operations/failed-execution';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { OutboxHandler } from '../../ports/outbox';
import type { Page, StateStore, Versioned } from '../../ports/state-store';
import type { FailedExecution, WorkflowOperations } from '../../ports/workflows';

/** Who records what the engine reports. */
export const reconcilerActor: Principal = { role: 'operator', subjectId: 'platform:reconciler' };

/** The outbox item that asks its consumer for an operator's redrive. */
export const executionRedriveRequestedType = 'execution.redrive_requested';

/** Failed executions still waiting for someone (not redriven), oldest failure first. */
export async function listFailedExecutions(
  deps: { store: StateStore },
  page: { limit: number; cursor?: string },
): Promise<Page<FailedExecutionRecord>> {
  return deps.store.failedExecutions.waitingFailedExecutions(page);
}

/**
 * An operator asks for a failed execution to run again. Only the request is written here (the
 * record moves to `redrive_requested` and an outbox item asks the consumer for the redrive), as
 * every HTTP route only writes state. Asking again while the first request is on its way, or
 * after the redrive, changes nothing and answers the record as it is.
 */
export async function requestRedrive(
  deps: { store: StateStore; clock: Clock },
  actor: Principal,
  id: string,
): Promise<FailedExecutionRecord> {
  const stored = await deps.store.failedExecutions.failedExecution(id);
  if (!stored) throw new NotFound(`no failed execution ${id}`);
  const record = stored.value;
  if (record.state !== 'failed' && record.state !== 'not_redrivable') return record;
  const requested: FailedExecutionRecord = { ...record, state: 'redrive_requested' };
  await deps.store.commit({
    chainId: failedExecutionChainId(id),
    writes: [deps.store.failedExecutions.failedExecutionWrite(stored.version, requested)],
    event: { type: 'execution.redrive_requested', actor, data: { id } },
    outbox: [{ type: executionRedriveRequestedType, payload: { id } }],
  });
  return requested;
}

/** The outbox consumer of a redrive request: the redrive itself, then its record. */
export function onRedriveRequested(deps: {
  store: StateStore;
  clock: Clock;
  operations: WorkflowOperations;
}): OutboxHandler {
  return async (item) => {
    const id = String(item.payload.id);
    const stored = await deps.store.failedExecutions.failedExecution(id);
    if (!stored) return;
    if (stored.value.state !== 'redrive_requested') return; // done by an earlier delivery of this item
    await redriveRecorded(deps, stored, { actor: operationsActor, automatic: false });
  };
}

/** Who carries out an operator's request (the operator who asked is on the request's event). */
const operationsActor: Principal = { role: 'operator', subjectId: 'platform:operations' };

/**
 * Runs the execution again and records what happened. The engine's redrive is idempotent (a
 * running execution is not redriven twice), so a retry after a crash between the two steps only
 * records the outcome it missed.
 */
export async function redriveRecorded(
  deps: { store: StateStore; operations: WorkflowOperations },
  stored: Versioned<FailedExecutionRecord>,
  how: { actor: Principal; automatic: boolean },
): Promise<FailedExecutionRecord> {
  const record = stored.value;
  const outcome = await deps.operations.redrive(record);
  const next: FailedExecutionRecord =
    outcome.outcome === 'not_redrivable'
      ? { ...record, state: 'not_redrivable', refusal: outcome.reason }
      : {
          ...record,
          state: 'redriven',
          redrives: record.redrives + 1,
          automaticRedrives: record.automaticRedrives + (how.automatic ? 1 : 0),
        };
  try {
    await deps.store.commit({
      chainId: failedExecutionChainId(record.id),
      writes: [deps.store.failedExecutions.failedExecutionWrite(stored.version, next)],
      event: {
        type: outcome.outcome === 'not_redrivable' ? 'execution.redrive_refused' : 'execution.redriven',
        actor: how.actor,
        data: { id: record.id, outcome: outcome.outcome, automatic: how.automatic },
      },
    });
  } catch (error) {
    // Another delivery recorded it first: the execution was redriven once, which is what counts.
    if (!(error instanceof ConcurrentModification)) throw error;
  }
  return next;
}

/**
 * Records an execution the engine reports as failed. A record already there is renewed only when
 * the execution failed again after its last redrive (a later stop); otherwise nothing changes, so
 * the reconciler may report the same failure every run.
 */
export async function recordFailedExecution(
  deps: { store: StateStore; clock: Clock },
  execution: FailedExecution,
  actor: Principal,
): Promise<{ record: FailedExecutionRecord; stored: Versioned<FailedExecutionRecord>; changed: boolean }> {
  const id = failedExecutionId(execution);
  const existing = await deps.store.failedExecutions.failedExecution(id);
  const previous = existing?.value;
  if (existing && previous && previous.stoppedAt >= execution.stoppedAt) {
    return { record: previous, stored: existing, changed: false };
  }
  const record: FailedExecutionRecord = {
    ...execution,
    id,
    state: 'failed',
    redrives: previous?.redrives ?? 0,
    automaticRedrives: previous?.automaticRedrives ?? 0,
    recordedAt: deps.clock.now().toISOString(),
  };
  const expectedVersion = existing?.version ?? 0;
  await deps.store.commit({
    chainId: failedExecutionChainId(id),
    writes: [deps.store.failedExecutions.failedExecutionWrite(expectedVersion, record)],
    event: { type: 'execution.failed', actor, data: { execution } },
  });
  return { record, stored: { value: record, version: expectedVersion + 1 }, changed: true };
}
