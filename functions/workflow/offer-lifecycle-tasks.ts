import type { Clock } from '../../shared/ports/clock';
import type { StateStore } from '../../shared/ports/state-store';
import { expireOffer, recordOfferStall } from '../../shared/use-cases/offers/expire-offer';
import * as z from '../../shared/validation/zod-mini';

/**
 * The payloads the OfferLifecycle state machine sends to its task function, one per `task`. The
 * definition (infra/workflows/offer-lifecycle-definition.ts) builds them; this schema is the check
 * at the edge, so a definition that drifts fails loudly instead of doing the wrong thing.
 */
export const offerLifecycleTaskSchema = z.discriminatedUnion('task', [
  z.strictObject({ task: z.literal('expire'), offerId: z.string().check(z.minLength(1)) }),
  z.strictObject({
    task: z.literal('recordStall'),
    offerId: z.string().check(z.minLength(1)),
    error: z.string(),
    cause: z.string(),
  }),
]);
export type OfferLifecycleTask = z.infer<typeof offerLifecycleTaskSchema>;

export interface OfferLifecycleDeps {
  store: StateStore;
  clock: Clock;
}

/**
 * Validates a task payload and runs its use case. The Lambda handler and the local workflow runner
 * both call exactly this, each with its own deps.
 */
export async function dispatchOfferLifecycleTask(deps: OfferLifecycleDeps, payload: unknown): Promise<unknown> {
  const task = z.parseOrThrow(offerLifecycleTaskSchema, payload);
  switch (task.task) {
    case 'expire':
      return expireOffer(deps, task);
    case 'recordStall': {
      const recorded = await recordOfferStall(deps, task);
      return { status: recorded.recorded ? 'stalled' : 'unknown' };
    }
  }
}
