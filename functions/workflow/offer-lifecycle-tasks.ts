import * as z from 'zod';
import type { Clock } from '../../shared/ports/clock';
import type { StateStore } from '../../shared/ports/state-store';
import { expireOffer, recordOfferStall } from '../../shared/use-cases/offers/expire-offer';

/**
 * The payloads the OfferLifecycle state machine sends to its task function, one per `task`. The
 * definition (infra/workflows/offer-lifecycle-definition.ts) builds them; this schema is the check
 * at the edge, so a definition that drifts fails loudly instead of doing the wrong thing.
 */
export const offerLifecycleTaskSchema = z.discriminatedUnion('task', [
  z.object({ task: z.literal('expire'), offerId: z.string().min(1) }).strict(),
  z
    .object({ task: z.literal('recordStall'), offerId: z.string().min(1), error: z.string(), cause: z.string() })
    .strict(),
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
  const task = offerLifecycleTaskSchema.parse(payload);
  switch (task.task) {
    case 'expire':
      return expireOffer(deps, task);
    case 'recordStall': {
      const recorded = await recordOfferStall(deps, task);
      return { status: recorded.recorded ? 'stalled' : 'unknown' };
    }
  }
}
