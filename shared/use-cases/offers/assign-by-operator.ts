import { RuleViolation } from '../../domain/errors';
import type { Offer } from '../../domain/mediation/offer';
import type { Principal } from '../../domain/principal';
import type { OfferDeps } from './deps';
import { offerNext } from './offer-next';

/**
 * An operator offers a dispute that matching could not place (`POST /v1/disputes/{id}/assignment`):
 * to the mediator they name, who must pass every hard filter, or else to the best eligible
 * candidate. Only a dispute triaged or awaiting assignment may be assigned (`dispute_not_assignable`).
 */
export async function assignByOperator(
  deps: OfferDeps,
  actor: Principal,
  disputeId: string,
  request: { mediatorId?: string; deadlineHours?: number },
): Promise<Offer> {
  const result = await offerNext(deps, {
    disputeId,
    actor,
    origin: 'operator',
    ...(request.mediatorId === undefined ? {} : { mediatorId: request.mediatorId }),
    ...(request.deadlineHours === undefined ? {} : { deadlineHours: request.deadlineHours }),
  });
  if (result.outcome !== 'offered') {
    // offerNext escalates only automatic rounds; an operator's request either offers or is refused.
    throw new RuleViolation('no_eligible_mediator', 'no mediator could be offered this dispute');
  }
  return result.offer;
}
