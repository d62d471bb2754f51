import type { Clock } from '../../ports/clock';
import type { OutboxItem } from '../../ports/outbox';
import type { OutboxLedger } from '../../ports/outbox-ledger';
import type { StateStore } from '../../ports/state-store';
import type { WorkflowOperations } from '../../ports/workflows';
import { reconcilerActor, recordFailedExecution, redriveRecorded } from './failed-executions';

export interface ReconcileSettings {
  /** An outbox item pending longer than this was missed by its consumer (5 minutes by default). */
  staleAfterMs: number;
  /** How many stale items one run re-delivers; the next run takes the rest. */
  outboxBatch: number;
  /** How many failed executions per workflow one run looks at. */
  executionBatch: number;
  /** Redrives the reconciler itself makes of one execution before leaving it to an operator. */
  automaticRedrives: number;
}

export const defaultReconcileSettings: ReconcileSettings = {
  staleAfterMs: 5 * 60_000,
  outboxBatch: 100,
  executionBatch: 50,
  automaticRedrives: 1,
};

export interface ReconcileDeps {
  store: StateStore;
  clock: Clock;
  ledger: OutboxLedger;
  /** Delivers one outbox item as its consumer does (`deliverOutboxItem` over the platform's handlers). */
  deliver: (item: OutboxItem) => Promise<unknown>;
  operations: WorkflowOperations;
  /** Expires the disputes whose mediation period is over (disputes' `expireOverdueDisputes`); their ids. */
  expireOverdueDisputes: () => Promise<string[]>;
}

export interface ReconcileRun {
  /** Stale outbox items delivered this run. */
  redelivered: number;
  /** Stale items still failing (they stay pending, or were set aside after too many tries). */
  undelivered: number;
  /** Executions the engine had lost, run again. */
  resumed: string[];
  /** Failures newly recorded for operators. */
  failuresRecorded: number;
  /** Failed executions the reconciler redrove itself. */
  redriven: string[];
  /** Disputes whose mediation period ran out, expired this run. */
  expired: string[];
}

/**
 * The reconciler (DESIGN.md, Operations), run on a schedule: nothing stays stuck without someone
 * being told.
 * 1. Outbox items pending longer than `staleAfterMs` were missed (the stream's retries ran out, a
 *    consumer crashed after its effect and before marking the item done): each is delivered again
 *    through the same idempotent consumers, so a second delivery has no second effect.
 * 2. Executions the engine lost (recorded open, running nowhere) run again from the top.
 * 3. Failed executions are recorded for the operators' list; each is redriven automatically up to
 *    `automaticRedrives` times (a transient fault), after which it waits for an operator.
 * 4. Disputes whose mediation period is over while still open expire (disputes/expire-mediation.ts).
 * Every step is idempotent, so two runs at once or a run after a crash do no work twice.
 */
export async function reconcile(deps: ReconcileDeps, settings: ReconcileSettings): Promise<ReconcileRun> {
  const run: ReconcileRun = {
    redelivered: 0,
    undelivered: 0,
    resumed: [],
    failuresRecorded: 0,
    redriven: [],
    expired: [],
  };

  const cutoff = new Date(deps.clock.now().getTime() - settings.staleAfterMs).toISOString();
  for (const item of await deps.ledger.listPendingCreatedBefore(cutoff, settings.outboxBatch)) {
    try {
      await deps.deliver(item);
      run.redelivered++;
    } catch {
      // Recorded on the item by the delivery (and set aside after too many tries): the next run retries.
      run.undelivered++;
    }
  }

  run.resumed = await deps.operations.resumeLost();

  for (const execution of await deps.operations.listFailed(settings.executionBatch)) {
    const { record, stored, changed } = await recordFailedExecution(deps, execution, reconcilerActor);
    if (changed) run.failuresRecorded++;
    if (record.state !== 'failed' || record.automaticRedrives >= settings.automaticRedrives) continue;
    const redriven = await redriveRecorded(deps, stored, { actor: reconcilerActor, automatic: true });
    if (redriven.state === 'redriven') run.redriven.push(record.id);
  }

  run.expired = await deps.expireOverdueDisputes();
  return run;
}
