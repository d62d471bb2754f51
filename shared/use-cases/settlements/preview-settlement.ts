import { shanghaiDay } from '../../domain/calendar/service-periods';
import { RuleViolation } from '../../domain/errors';
import type { Principal } from '../../domain/principal';
import { type RenderedSettlementDocument, renderSettlementDocument } from '../../domain/settlement/settlement-document';
import { assertValidTerms, type SettlementTerms } from '../../domain/settlement/settlement-terms';
import type { Clock } from '../../ports/clock';
import type { StateStore } from '../../ports/state-store';
import { loadDisputeAsItsMediator } from './record-settlement';

/**
 * What recording these terms would produce, before anything is stored: the canonical document
 * rendered by the same function and checked by the same rules as `recordSettlement`, so the
 * mediator reads exactly what the parties will sign. A first settlement has no id yet (it is given
 * when recorded), so its preview names a placeholder and its hash is the preview's own; a new
 * version of an existing settlement previews under its real id and version.
 */
export async function previewSettlement(
  deps: { store: StateStore; clock: Clock },
  principal: Principal,
  disputeId: string,
  terms: SettlementTerms,
): Promise<RenderedSettlementDocument & { settlementIdFinal: boolean }> {
  const { loaded, mediator } = await loadDisputeAsItsMediator(deps.store, principal, disputeId);
  if (loaded.dispute.status !== 'in_mediation') {
    throw new RuleViolation('not_in_mediation', `the dispute is ${loaded.dispute.status}, not in mediation`);
  }
  const parties = await deps.store.disputes.parties(disputeId);
  assertValidTerms(terms, { partyIds: parties.map((party) => party.partyId), today: shanghaiDay(deps.clock.now()) });
  const previous = await deps.store.settlements.settlementOfDispute(disputeId);
  if (previous?.settlement.status === 'effective') {
    throw new RuleViolation(
      'settlement_effective',
      'every party signed this settlement; its terms can no longer change',
    );
  }
  const rendered = renderSettlementDocument({
    settlementId: previous?.settlement.settlementId ?? 'stl_(preview)',
    disputeId,
    settlementVersion: (previous?.settlement.version ?? 0) + 1,
    parties: parties.map(({ partyId, name, role, kind, idMasked }) => ({ partyId, name, role, kind, idMasked })),
    mediator: { mediatorId: mediator.id, name: mediator.name, organizationId: mediator.organizationId },
    terms,
  });
  return { ...rendered, settlementIdFinal: previous !== undefined };
}
