import { AlreadyExists, NotFound, RuleViolation } from '../../domain/errors';
import { disputeChainId } from '../../domain/mediation/dispute';
import { ratingIsOpen } from '../../domain/mediation/mediation-rating';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';
import { callerParty } from './dispute-access';

/**
 * After mediation closes, each party may rate it once (1 to 5, with an optional comment). The
 * rating feeds the mediator's running mean, written with the rating in one transaction; a second
 * rating by the same party is a conflicting repeat (409).
 */
export async function rateMediation(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  disputeId: string,
  rating: { score: number; comment?: string },
): Promise<{ mean: number; count: number }> {
  const party = await callerParty(deps.store, principal, disputeId);
  const { dispute } = await deps.store.disputes.dispute(disputeId);
  const { mediatorId } = dispute;
  if (!ratingIsOpen(dispute) || !mediatorId) {
    throw new RuleViolation('mediation_not_closed', 'a mediation is rated after it closes');
  }
  // The mediator's item moved (another rating, an accepted offer): rate again on fresh state.
  return retryOnConflict(async () => {
    const loadedMediator = await deps.store.roster.mediator(mediatorId);
    if (!loadedMediator) throw new NotFound(`no mediator ${mediatorId}`);
    const mediator = loadedMediator.value;
    const previous = mediator.rating ?? { mean: 0, count: 0 };
    const count = previous.count + 1;
    const mean = (previous.mean * previous.count + rating.score) / count;
    await deps.store
      .commit({
        chainId: disputeChainId(disputeId),
        writes: [
          deps.store.disputes.ratingWrite(disputeId, {
            partyId: party.partyId,
            score: rating.score,
            ...(rating.comment === undefined ? {} : { comment: rating.comment }),
            at: deps.clock.now().toISOString(),
          }),
          deps.store.roster.mediatorWrite(loadedMediator, { ...mediator, rating: { mean, count } }),
        ],
        event: { type: 'dispute.rated', actor: principal, data: { partyId: party.partyId, score: rating.score } },
      })
      .catch((error: unknown) => {
        if (error instanceof AlreadyExists) {
          throw new AlreadyExists('this party has rated the mediation already', { cause: error });
        }
        throw error;
      });
    return { mean, count };
  }, 5);
}

/** A rating as its party gave it. */
export interface GivenRating {
  score: number;
  comment?: string;
  at: string;
}

/**
 * The rating the calling party gave this mediation, if it has rated it (a party sees its own
 * rating, never the other parties'). A dispute the caller is not a party to is not found.
 */
export async function readOwnRating(
  deps: { store: StateStore },
  principal: Principal,
  disputeId: string,
): Promise<GivenRating | undefined> {
  const party = await callerParty(deps.store, principal, disputeId);
  const given = await deps.store.disputes.rating(disputeId, party.partyId);
  if (!given) return undefined;
  return { score: given.score, ...(given.comment === undefined ? {} : { comment: given.comment }), at: given.at };
}
