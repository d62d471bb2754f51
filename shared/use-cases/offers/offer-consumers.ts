import type { OutboxHandler } from '../../ports/outbox';
import type { WorkflowEngine } from '../../ports/workflows';
import * as z from '../../validation/zod-mini';
import type { OfferDeps } from './deps';
import { offerActor } from './offer-flow';
import { offerNext } from './offer-next';

const offerMadeSchema = z.object({
  offerId: z.string().check(z.minLength(1)),
  disputeId: z.string().check(z.minLength(1)),
  deadline: z.iso.datetime(),
});
const offerClosedSchema = z.object({
  offerId: z.string().check(z.minLength(1)),
  disputeId: z.string().check(z.minLength(1)),
});

/**
 * On `offer.made`, start the offer's OfferLifecycle workflow, named by the offer id: a redelivered
 * item starts nothing a second time.
 */
export function onOfferMade(deps: { workflows: WorkflowEngine }): OutboxHandler {
  return async (item) => {
    const { offerId, disputeId, deadline } = z.parseOrThrow(offerMadeSchema, item.payload);
    await deps.workflows.start('OfferLifecycle', offerId, { offerId, disputeId, deadline });
  };
}

/**
 * On `offer.closed` (declined or expired), offer the dispute to the next candidate or hand it to an
 * operator. Idempotent: it acts only while that offer is still the dispute's current one.
 */
export function onOfferClosed(deps: OfferDeps): OutboxHandler {
  return async (item) => {
    const { offerId, disputeId } = z.parseOrThrow(offerClosedSchema, item.payload);
    await offerNext(deps, { disputeId, actor: offerActor, afterOfferId: offerId });
  };
}
