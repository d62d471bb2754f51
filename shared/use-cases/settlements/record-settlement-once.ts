import { canonicalJson } from '../../domain/canonical-json';
import type { Principal } from '../../domain/principal';
import type { StoredSettlement } from '../../domain/settlement/settlement';
import type { SettlementTerms } from '../../domain/settlement/settlement-terms';
import { previewSettlement } from './preview-settlement';
import { recordSettlement } from './record-settlement';
import type { SettlementDeps } from './settlement-deps';

/**
 * Recording from a page: a form sent twice (a double click, a reload of the answer) must not make a
 * second version of the same terms, which would void the signatures given meanwhile and send every
 * party a new link. When the current settlement awaits signatures and states exactly these terms
 * (as the canonical document normalizes them, compared in canonical JSON: the store keeps no key order), it is the answer and nothing is written; any change
 * is recorded as `recordSettlement` does.
 */
export async function recordSettlementOnce(
  deps: SettlementDeps,
  principal: Principal,
  disputeId: string,
  terms: SettlementTerms,
): Promise<{ settlement: StoredSettlement; recorded: boolean }> {
  const [preview, current] = await Promise.all([
    previewSettlement(deps, principal, disputeId, terms),
    deps.store.settlements.settlementOfDispute(disputeId),
  ]);
  const stated = (value: Pick<StoredSettlement, 'obligations' | 'clauses' | 'subjectMatter'>) =>
    canonicalJson([value.obligations, value.clauses, value.subjectMatter]);
  if (current?.settlement.status === 'awaiting_signatures' && stated(current.settlement) === stated(preview.document)) {
    return { settlement: current.settlement, recorded: false };
  }
  return { settlement: await recordSettlement(deps, principal, disputeId, terms), recorded: true };
}
