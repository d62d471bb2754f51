import { NotFound } from '../../domain/errors';
import { type CaseParty, partyActingAs } from '../../domain/mediation/case-party';
import { type Mediator, mediatorActingAs } from '../../domain/mediation/mediator';
import type { Principal } from '../../domain/principal';
import type { LoadedDispute } from '../../ports/disputes';
import type { StateStore } from '../../ports/state-store';
import type { Versioned } from '../../ports/table';

/**
 * Who may see a dispute: its parties and its mediator (each has a membership item) and operators.
 * Anyone else is told it does not exist (404), so a dispute's existence leaks to no one.
 */
export async function loadVisibleDispute(
  store: StateStore,
  principal: Principal,
  disputeId: string,
): Promise<LoadedDispute> {
  const loaded = await store.disputes.dispute(disputeId).catch(() => undefined);
  if (!loaded) throw new NotFound(`no dispute ${disputeId}`);
  if (principal.role === 'operator') return loaded;
  if (principal.role !== 'court' && (await store.disputes.isMember(disputeId, principal.subjectId))) return loaded;
  throw new NotFound(`no dispute ${disputeId}`);
}

/** The dispute and its mediator (as stored, with its version), when the caller is that mediator; otherwise the dispute does not exist. */
export async function loadDisputeAsItsMediator(
  store: StateStore,
  principal: Principal,
  disputeId: string,
): Promise<{ loaded: LoadedDispute; mediator: Mediator; loadedMediator: Versioned<Mediator> }> {
  const loaded = await store.disputes.dispute(disputeId).catch(() => undefined);
  const loadedMediator = loaded?.dispute.mediatorId
    ? await store.roster.mediator(loaded.dispute.mediatorId)
    : undefined;
  if (!loaded || !loadedMediator) throw new NotFound(`no dispute ${disputeId}`);
  return { loaded, mediator: mediatorActingAs(loadedMediator.value, principal, disputeId), loadedMediator };
}

export async function partiesOf(store: StateStore, disputeId: string): Promise<CaseParty[]> {
  return store.disputes.parties(disputeId);
}

/** The case party the caller acts as, or 404 when they are not a party of this dispute. */
export async function callerParty(store: StateStore, principal: Principal, disputeId: string): Promise<CaseParty> {
  return partyActingAs(await partiesOf(store, disputeId), principal, disputeId);
}
