import type { OutboxHandler } from '../../ports/outbox';
import * as z from '../../validation/zod-mini';
import type { OfferDeps } from './deps';
import { offerActor } from './offer-flow';
import { offerNext } from './offer-next';

const payloadSchema = z.object({ disputeId: z.string().check(z.minLength(1)) });

/**
 * When every party has picked, make the first offer: their unanimous first pick, else the best
 * candidate. Idempotent: once the dispute has left `triaged` (offered already, or assigned by an
 * operator in between), a redelivered item does nothing.
 */
export function onPicksComplete(deps: OfferDeps): OutboxHandler {
  return async (item) => {
    const { disputeId } = z.parseOrThrow(payloadSchema, item.payload);
    const { dispute } = await deps.store.disputes.dispute(disputeId);
    if (dispute.status !== 'triaged') return;
    await offerNext(deps, { disputeId, actor: offerActor });
  };
}
