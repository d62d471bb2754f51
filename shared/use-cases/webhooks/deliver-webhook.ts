import { NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { orderedWaitUntil } from '../../domain/webhooks/delivery-order';
import { nextAttemptAt } from '../../domain/webhooks/retry-schedule';
import {
  type WebhookAttempt,
  type WebhookDelivery,
  webhookDeliveryChainId,
} from '../../domain/webhooks/webhook-records';
import type { WebhookResult } from '../../ports/webhook-sender';
import type { WebhookDeliveryDeps } from './deps';

const webhookActor: Principal = { role: 'operator', subjectId: 'platform:webhooks' };

export interface AttemptStep {
  status: 'delivered' | 'retry' | 'failed';
  /** When `retry`: the absolute time the workflow waits for before the next attempt. */
  nextAttemptAt?: string;
}

/**
 * One attempt of a delivery (the WebhookDelivery workflow's task). A 2xx answer delivers it; any
 * other answer, no answer, or a refused address is a failed attempt, retried on the schedule until
 * its window ends, when the delivery has failed for good. Every attempt is recorded with its status
 * code or error and the next attempt's time, in the same write as the delivery's new state.
 *
 * Idempotent against the delivery: a delivery already settled is not attempted again, and a run
 * that wakes before the next attempt is due only says when to wake. A crash after the call and
 * before the write makes the call again with the same `webhook-id` (at least once).
 */
export async function attemptWebhookDelivery(
  deps: WebhookDeliveryDeps,
  input: { deliveryId: string },
): Promise<AttemptStep> {
  const loaded = await deps.store.webhooks.delivery(input.deliveryId);
  const delivery = loaded.value;
  if (delivery.status !== 'pending') return { status: delivery.status };
  const now = deps.clock.now();
  if (delivery.nextAttemptAt && now < new Date(delivery.nextAttemptAt)) {
    return { status: 'retry', nextAttemptAt: delivery.nextAttemptAt };
  }
  const waitUntil = delivery.attempts === 0 ? await predecessorsWait(deps, delivery, now) : undefined;
  if (waitUntil) return { status: 'retry', nextAttemptAt: waitUntil.toISOString() };

  const endpoint = await deps.store.webhooks.endpoint(delivery.courtId);
  const result: WebhookResult = endpoint
    ? await deps.sender.send({
        url: endpoint.value.url,
        secret: await deps.vault.reveal(endpoint.value.sealedSecret),
        messageId: delivery.deliveryId,
        timestamp: now,
        body: delivery.body,
      })
    : { kind: 'refused', error: 'no_endpoint' };

  const attemptNo = delivery.attempts + 1;
  const firstAttemptAt = delivery.firstAttemptAt ?? now.toISOString();
  const delivered = result.kind === 'response' && result.statusCode >= 200 && result.statusCode < 300;
  const next = delivered
    ? undefined
    : nextAttemptAt(deps.settings.schedule, { firstAttemptAt: new Date(firstAttemptAt), attemptedAt: now, attemptNo });
  const outcome: AttemptStep['status'] = delivered ? 'delivered' : next ? 'retry' : 'failed';
  const at = now.toISOString();

  const attempt: WebhookAttempt = {
    deliveryId: delivery.deliveryId,
    eventType: delivery.eventType,
    attemptNo,
    at,
    ...(result.kind === 'response' ? { statusCode: result.statusCode } : { error: result.error }),
    outcome,
    ...(next ? { nextAttemptAt: next.toISOString() } : {}),
  };
  const updated: WebhookDelivery = {
    ...delivery,
    status: outcome === 'retry' ? 'pending' : outcome,
    attempts: attemptNo,
    firstAttemptAt,
    nextAttemptAt: next?.toISOString(),
    ...(outcome === 'delivered' ? { deliveredAt: at } : {}),
    ...(outcome === 'failed' ? { failedAt: at } : {}),
  };
  await deps.store.commit({
    chainId: webhookDeliveryChainId(delivery.deliveryId),
    writes: [
      deps.store.webhooks.deliveryWrite(loaded.version, updated),
      deps.store.webhooks.attemptWrite(delivery.courtId, attempt),
    ],
    event: {
      type: outcome === 'failed' ? 'webhook.delivery_failed' : 'webhook.attempted',
      actor: webhookActor,
      data: {
        attemptNo,
        outcome,
        ...(attempt.statusCode === undefined ? { error: attempt.error } : { statusCode: attempt.statusCode }),
      },
    },
  });
  return { status: outcome, ...(next ? { nextAttemptAt: next.toISOString() } : {}) };
}

/**
 * Until when a delivery's first attempt waits for the deliveries it must follow (a service's
 * completion, for its recipients' served callbacks: delivery-order.ts); undefined: go now.
 * Nothing is written while it waits: the workflow wakes at that time and asks again.
 */
async function predecessorsWait(
  deps: Pick<WebhookDeliveryDeps, 'store'>,
  delivery: WebhookDelivery,
  now: Date,
): Promise<Date | undefined> {
  if (!delivery.after?.length) return undefined;
  const predecessors = await Promise.all(
    delivery.after.map((deliveryId) =>
      deps.store.webhooks.delivery(deliveryId).then(
        ({ value }) => ({
          status: value.status,
          ...(value.nextAttemptAt ? { nextAttemptAt: value.nextAttemptAt } : {}),
        }),
        (error: unknown) => {
          if (error instanceof NotFound) return undefined;
          throw error;
        },
      ),
    ),
  );
  return orderedWaitUntil(now, delivery.createdAt, predecessors);
}

/**
 * A task failed after its retries (the store, not the court's endpoint, is what failed): the
 * delivery keeps its status, so a re-run resumes it, and shows the stall to operators.
 */
export async function recordWebhookStall(
  deps: Pick<WebhookDeliveryDeps, 'store' | 'clock'>,
  input: { deliveryId: string; error: string; cause: string },
): Promise<{ status: string }> {
  const loaded = await deps.store.webhooks.delivery(input.deliveryId);
  const stall = { error: input.error, cause: input.cause.slice(0, 500), at: deps.clock.now().toISOString() };
  await deps.store.commit({
    chainId: webhookDeliveryChainId(input.deliveryId),
    writes: [deps.store.webhooks.deliveryWrite(loaded.version, { ...loaded.value, stall })],
    event: { type: 'webhook.stalled', actor: webhookActor, data: { error: input.error } },
  });
  return { status: loaded.value.status };
}
