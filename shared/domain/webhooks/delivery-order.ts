import type { WebhookDeliveryStatus } from './webhook-events';

/*
 * Callbacks about one service arrive in the order of the facts: `service.completed` only after the
 * `service.recipient_served` of every recipient it lists. Each callback is its own delivery (its
 * own workflow, its own retries), so nothing orders them on the way; the completion names its
 * predecessors instead, and its first attempt waits until each of them is settled (delivered, or
 * failed for good).
 */

/** How often a delivery waiting on its predecessors looks again, when nothing says when to. */
export const orderPollMs = 2_000;

/**
 * How long a delivery waits for a predecessor that does not exist yet. The outbox creates a
 * predecessor moments after the fact (or its relay's reconciler does, minutes later); one still
 * missing after this never will be (the court had no endpoint when it happened).
 */
export const missingPredecessorGraceMs = 10 * 60 * 1000;

/** What a delivery knows of a predecessor: undefined when it does not exist (yet). */
export type Predecessor = { status: WebhookDeliveryStatus; nextAttemptAt?: string } | undefined;

/**
 * When a delivery created at `createdAt` should look at its predecessors again, or undefined when
 * it may be attempted now: every predecessor is settled, or only missing ones are left and the
 * grace for them is over. A pending predecessor is looked at again just after its next attempt.
 */
export function orderedWaitUntil(now: Date, createdAt: string, predecessors: readonly Predecessor[]): Date | undefined {
  const soon = now.getTime() + orderPollMs;
  const pending = predecessors.filter((predecessor) => predecessor?.status === 'pending');
  if (pending.length > 0) {
    const nextAttempts = pending.map((predecessor) => Date.parse(predecessor?.nextAttemptAt ?? '') + orderPollMs);
    return new Date(Math.max(soon, ...nextAttempts.filter(Number.isFinite)));
  }
  const missing = predecessors.some((predecessor) => predecessor === undefined);
  if (missing && now.getTime() - Date.parse(createdAt) < missingPredecessorGraceMs) return new Date(soon);
  return undefined;
}
