import { NotFound } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import type { StoredSettlement } from '../../domain/settlement/settlement';
import type { LoadedSettlement } from '../../ports/settlements';
import type { StateStore } from '../../ports/state-store';

/**
 * Who may see a settlement (DESIGN.md API: its parties, its mediator, the court it went to), and
 * operators. The parties and the mediator hold membership items on the dispute; a court sees it
 * once a confirmation request names it (`courtIds`). Anyone else is told it does not exist.
 */
export async function isSettlementVisibleTo(
  store: StateStore,
  principal: Principal,
  settlement: Pick<StoredSettlement, 'disputeId' | 'courtIds'>,
): Promise<boolean> {
  if (principal.role === 'operator') return true;
  if (principal.role === 'court') {
    const courtId = await store.roster.courtIdOfClient(principal.subjectId);
    return courtId !== undefined && (settlement.courtIds ?? []).includes(courtId);
  }
  return store.disputes.isMember(settlement.disputeId, principal.subjectId);
}

export async function loadVisibleSettlement(
  store: StateStore,
  principal: Principal,
  settlementId: string,
): Promise<LoadedSettlement> {
  const loaded = await store.settlements.settlement(settlementId).catch(() => undefined);
  if (!loaded || !(await isSettlementVisibleTo(store, principal, loaded.settlement))) {
    throw new NotFound(`no settlement ${settlementId}`);
  }
  return loaded;
}
