import { ConcurrentModification, NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { Clock } from '../../ports/clock';
import type { OutboxHandler } from '../../ports/outbox';
import type { EntityWrite, Page, StateStore, StoredEntity } from '../../ports/state-store';
import type { FailedExecution, WorkflowOperations } from '../../ports/workflows';
import {
  executionOfId,
  executionRedriveRequestedType,
  type FailedExecutionRecord,
  failedExecutionId,
  failedExecutionRecords,
  toFailedExecutionRecord,
} from './failed-execution-records';

/** Failed executions still waiting for someone (not redriven), oldest failure first. */
export async function listFailedExecutions(
  deps: { store: StateStore },
  page: { limit: number; cursor?: string },
): Promise<Page<FailedExecutionRecord>> {
  const found = await deps.store.listByIndex(failedExecutionRecords.openIndex, page);
  return { ...found, items: found.items.map((entity) => toFailedExecutionRecord(entity.attributes)) };
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
  const stored = await loadRecord(deps.store, id);
  if (!stored) throw new NotFound(`no failed execution ${id}`);
  const record = toFailedExecutionRecord(stored.attributes);
  if (record.state !== 'failed' && record.state !== 'not_redrivable') return record;
  const requested: FailedExecutionRecord = { ...record, state: 'redrive_requested' };
  await deps.store.commit({
    chainId: failedExecutionRecords.chainId(id),
    writes: [recordWrite(requested, stored.version)],
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
    const stored = await loadRecord(deps.store, id);
    if (!stored) return;
    const record = toFailedExecutionRecord(stored.attributes);
    if (record.state !== 'redrive_requested') return; // done by an earlier delivery of this item
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
  stored: StoredEntity,
  how: { actor: Principal; automatic: boolean },
): Promise<FailedExecutionRecord> {
  const record = toFailedExecutionRecord(stored.attributes);
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
      chainId: failedExecutionRecords.chainId(record.id),
      writes: [recordWrite(next, stored.version)],
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
): Promise<{ record: FailedExecutionRecord; stored: StoredEntity; changed: boolean }> {
  const id = failedExecutionId(execution);
  const existing = await loadRecord(deps.store, id);
  const previous = existing ? toFailedExecutionRecord(existing.attributes) : undefined;
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
  const write = recordWrite(record, existing?.version ?? 0);
  await deps.store.commit({
    chainId: failedExecutionRecords.chainId(id),
    writes: [write],
    event: { type: 'execution.failed', actor, data: { execution } },
  });
  return {
    record,
    stored: { key: write.key, version: write.expectedVersion + 1, attributes: write.attributes },
    changed: true,
  };
}

async function loadRecord(store: StateStore, id: string): Promise<StoredEntity | undefined> {
  if (!executionOfId(id)) return undefined;
  return store.get(failedExecutionRecords.key(id));
}

/** The record's write; it stays on the operators' list while someone still has to act. */
function recordWrite(record: FailedExecutionRecord, expectedVersion: number): EntityWrite {
  const waiting = record.state === 'failed' || record.state === 'not_redrivable';
  return {
    key: failedExecutionRecords.key(record.id),
    expectedVersion,
    attributes: { ...record },
    ...(waiting
      ? { index: { gsi1pk: failedExecutionRecords.openIndex, gsi1sk: failedExecutionRecords.openIndexSort(record) } }
      : {}),
  };
}
