import * as z from 'zod';
import type { OutboxHandler } from '../../ports/outbox';
import type { WorkflowEngine } from '../../ports/workflows';
import type { OfferDeps } from './deps';
import { offerActor } from './offer-flow';
import { offerNext } from './offer-next';

const offerMadeSchema = z.object({
  offerId: z.string().min(1),
  disputeId: z.string().min(1),
  deadline: z.iso.datetime(),
});
const offerClosedSchema = z.object({ offerId: z.string().min(1), disputeId: z.string().min(1) });

/**
 * On `offer.made`, start the offer's OfferLifecycle workflow, named by the offer id: a redelivered
 * item starts nothing a second time.
 */
export function onOfferMade(deps: { workflows: WorkflowEngine }): OutboxHandler {
  return async (item) => {
    const { offerId, disputeId, deadline } = offerMadeSchema.parse(item.payload);
    await deps.workflows.start('OfferLifecycle', offerId, { offerId, disputeId, deadline });
  };
}

/**
 * On `offer.closed` (declined or expired), offer the dispute to the next candidate or hand it to an
 * operator. Idempotent: it acts only while that offer is still the dispute's current one.
 */
export function onOfferClosed(deps: OfferDeps): OutboxHandler {
  return async (item) => {
    const { offerId, disputeId } = offerClosedSchema.parse(item.payload);
    await offerNext(deps, { disputeId, actor: offerActor, afterOfferId: offerId });
  };
}
