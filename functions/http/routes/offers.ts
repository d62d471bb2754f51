import { z } from '@hono/zod-openapi';
import { disputeCategories } from '../../../shared/domain/mediation/categories';
import { disputeStatuses } from '../../../shared/domain/mediation/dispute';
import { offerStatuses } from '../../../shared/domain/mediation/offer';
import { acceptOffer, declineOffer } from '../../../shared/use-cases/offers/answer-offer';
import { listMyOffers } from '../../../shared/use-cases/offers/list-my-offers';
import type { HttpDeps } from '../deps';
import { json, jsonBody, routeGroup } from './route-kit';
import { ClaimSchema, IdParamSchema, text } from './schemas';

const offerFields = {
  offerId: z.string(),
  disputeId: z.string(),
  mediatorId: z.string(),
  round: z.number().int(),
  status: z.enum(offerStatuses),
  deadline: z.string().openapi({ description: 'absolute: the offer expires at this instant if still open' }),
  createdAt: z.string(),
  answeredAt: z.string().optional(),
  declineReason: z.string().optional(),
  origin: z.enum(['unanimous_pick', 'best_candidate', 'operator', 'batch']),
};

export const OfferSchema = z.object(offerFields).openapi('Offer');

const OfferInboxItemSchema = z
  .object({
    ...offerFields,
    dispute: z.object({
      category: z.enum(disputeCategories),
      claim: ClaimSchema,
      summary: z.string().openapi({ description: 'masked: no phone number, email address or ID number' }),
    }),
  })
  .openapi('OfferInboxItem');

const DeclineSchema = z
  .object({ reason: text({ min: 2, max: 500, multiline: true }).openapi({ description: 'why the mediator declines' }) })
  .strict()
  .openapi('OfferDecline');

const OfferListQuerySchema = z.object({ status: z.enum(offerStatuses).optional() });

/** GET /v1/offers, POST /v1/offers/{id}/accept and /decline: the offered mediator answers. */
export function offerRoutes(deps: HttpDeps) {
  return routeGroup('/v1/offers', 'offers')
    .operation(
      'get',
      '/',
      {
        operationId: 'listOffers',
        summary: "The signed-in mediator's offers, newest first",
        roles: { mediator: 'its own offers only' },
        request: { query: OfferListQuerySchema },
        responses: { 200: json(z.object({ items: z.array(OfferInboxItemSchema) }).openapi('OfferInbox'), 'offers') },
      },
      async (c) => {
        const items = await listMyOffers(deps, c.get('principal'), c.req.valid('query'));
        return c.json({ items }, 200);
      },
    )
    .operation(
      'post',
      '/{id}/accept',
      {
        operationId: 'acceptOffer',
        summary: 'Accept an offer (the offered mediator)',
        roles: { mediator: 'the offered mediator only; another mediator’s offer: 404' },
        request: { params: IdParamSchema },
        responses: {
          200: json(
            z
              .object({ offer: OfferSchema, dispute: z.object({ id: z.string(), status: z.enum(disputeStatuses) }) })
              .openapi('AcceptedOffer'),
            'accepted: the dispute is in mediation with this mediator',
          ),
        },
        problems: [422],
      },
      async (c) => {
        const { offer, dispute } = await acceptOffer(deps, c.get('principal'), c.req.valid('param').id);
        return c.json({ offer, dispute: { id: dispute.id, status: dispute.status } }, 200);
      },
    )
    .operation(
      'post',
      '/{id}/decline',
      {
        operationId: 'declineOffer',
        summary: 'Decline an offer with a reason (the offered mediator)',
        roles: { mediator: 'the offered mediator only; another mediator’s offer: 404' },
        request: { params: IdParamSchema, body: jsonBody(DeclineSchema) },
        responses: {
          200: json(
            z.object({ offer: OfferSchema }).openapi('DeclinedOffer'),
            'declined: the dispute moves on to the next candidate',
          ),
        },
        problems: [422],
      },
      async (c) => {
        const { offer } = await declineOffer(
          deps,
          c.get('principal'),
          c.req.valid('param').id,
          c.req.valid('json').reason,
        );
        return c.json({ offer }, 200);
      },
    );
}
