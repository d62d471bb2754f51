import { NotFound, RuleViolation } from '../../domain/errors';
import type { CaseParty } from '../../domain/mediation/case-party';
import { partyActingAs } from '../../domain/mediation/case-party';
import type { Dispute } from '../../domain/mediation/dispute';
import { disputeChainId } from '../../domain/mediation/dispute';
import type { Mediator } from '../../domain/mediation/mediator';
import { milestoneOutbox } from '../../domain/messages/milestone-outbox';
import type { Principal } from '../../domain/principal';
import { retryOnConflict } from '../../domain/retry-on-conflict';
import type { Signature, StoredSettlement } from '../../domain/settlement/settlement';
import { lapsedRefusal } from '../../domain/settlement/settlement-lapse';
import { type SigningClient, signatureClient, withSignature } from '../../domain/settlement/settlement-signing';
import type { EntityWrite, StateChange } from '../../ports/state-store';
import type { SettlementDeps } from './settlement-deps';

/**
 * A party signs the settlement with its own session (DESIGN.md flow 2): it sends the SHA-256 of the
 * document it read, which must be the current document's (else 409 `document_changed`: the terms
 * changed under it). Only parties of the dispute may sign; to anyone else the settlement does not
 * exist. Signing the same document twice changes nothing. The last signature makes the settlement
 * effective (see `signatureChange`).
 */
export async function signSettlement(
  deps: SettlementDeps,
  principal: Principal,
  settlementId: string,
  request: { documentSha256: string; client: SigningClient },
): Promise<StoredSettlement> {
  return retryOnConflict(async () => {
    const loaded = await deps.store.settlements.settlement(settlementId).catch(() => undefined);
    if (!loaded || principal.role !== 'party') throw new NotFound(`no settlement ${settlementId}`);
    const { disputeId } = loaded.settlement;
    const party = await deps.store.disputes
      .parties(disputeId)
      .then((parties) => partyActingAs(parties, principal, disputeId))
      .catch(() => {
        throw new NotFound(`no settlement ${settlementId}`);
      });
    const prepared = await signatureChange(deps, {
      settlementId,
      party,
      actor: principal,
      method: 'session',
      documentSha256: request.documentSha256,
      client: request.client,
    });
    if (prepared.change) await deps.store.commit(prepared.change);
    return prepared.settlement;
  }, 5);
}

/**
 * The state change of one party's signature, not yet committed (the signing link adds its own
 * write to it). `change` is absent when this party already signed this document.
 *
 * When every party of the dispute has signed, the settlement takes effect at this instant, the
 * 30-day window to apply for judicial confirmation opens, and mediation ends: the dispute becomes
 * `settled`, and its mediator's load drops by one while their record in the category counts one
 * more settled and closed mediation, all in the same transaction.
 */
export async function signatureChange(
  deps: SettlementDeps,
  context: {
    settlementId: string;
    party: CaseParty;
    actor: Principal;
    method: Signature['method'];
    documentSha256: string;
    client: SigningClient;
    extraWrites?: EntityWrite[];
  },
): Promise<{ settlement: StoredSettlement; change?: StateChange }> {
  const loaded = await deps.store.settlements.settlement(context.settlementId);
  const { settlement } = loaded;
  // The mediation ended before every party signed: 422 `settlement_lapsed`, signed or not.
  if (settlement.status === 'lapsed') throw lapsedRefusal(settlement);
  if (settlement.status === 'effective') {
    const held = settlement.signatures.find((signature) => signature.partyId === context.party.partyId);
    if (held && held.documentSha256 === context.documentSha256) return { settlement };
    throw new RuleViolation('settlement_effective', 'every party has signed; the settlement is already effective');
  }
  if (settlement.status !== 'awaiting_signatures') {
    throw new RuleViolation('settlement_not_awaiting_signatures', `the settlement is ${settlement.status}`);
  }
  const held = settlement.signatures.find((signature) => signature.partyId === context.party.partyId);
  if (held && held.documentSha256 === context.documentSha256) return { settlement };

  const now = deps.clock.now().toISOString();
  const parties = await deps.store.disputes.parties(settlement.disputeId);
  const signed = withSignature(
    settlement,
    {
      partyId: context.party.partyId,
      signedBy: context.actor.subjectId,
      signedAt: now,
      method: context.method,
      documentSha256: context.documentSha256,
      client: signatureClient(context.client),
    },
    { partyIds: parties.map((party) => party.partyId), calendar: deps.calendar },
  );
  const next: StoredSettlement = { ...settlement, ...signed, courtIds: settlement.courtIds };
  const writes: EntityWrite[] = [deps.store.settlements.settlementWrite(loaded, next), ...(context.extraWrites ?? [])];
  const data: Record<string, unknown> = {
    settlementId: settlement.settlementId,
    version: settlement.version,
    partyId: context.party.partyId,
    method: context.method,
    documentSha256: context.documentSha256,
  };
  if (next.status === 'effective') {
    writes.push(...(await mediationEndsSettled(deps, settlement.disputeId, now)));
    data.effectiveAt = next.effectiveAt;
    data.applicationDeadline = next.applicationDeadline?.lastDay;
  }
  return {
    settlement: next,
    change: {
      chainId: disputeChainId(settlement.disputeId),
      writes,
      event: {
        type: next.status === 'effective' ? 'settlement.effective' : 'settlement.signed',
        actor: context.actor,
        data,
      },
      ...(next.status === 'effective'
        ? {
            outbox: [
              milestoneOutbox({
                milestone: 'settlement_effective',
                disputeId: settlement.disputeId,
                settlementId: settlement.settlementId,
                ...(next.applicationDeadline ? { applyBy: next.applicationDeadline.lastDay } : {}),
              }),
            ],
          }
        : {}),
    },
  };
}

/** The dispute `settled` and its mediator's load and record, as close-mediation does for failures. */
async function mediationEndsSettled(deps: SettlementDeps, disputeId: string, now: string): Promise<EntityWrite[]> {
  const loaded = await deps.store.disputes.dispute(disputeId);
  const { dispute } = loaded;
  if (dispute.status !== 'in_mediation') {
    throw new RuleViolation('not_in_mediation', `the dispute is ${dispute.status}, not in mediation`);
  }
  const next: Dispute = { ...dispute, status: 'settled', closedAt: now };
  const writes = [deps.store.disputes.disputeWrite(loaded, next)];
  const loadedMediator = dispute.mediatorId ? await deps.store.roster.mediator(dispute.mediatorId) : undefined;
  if (loadedMediator) {
    const mediator = loadedMediator.value;
    const previous = mediator.record[dispute.category] ?? { settled: 0, closed: 0 };
    const nextMediator: Mediator = {
      ...mediator,
      activeCases: Math.max(0, mediator.activeCases - 1),
      record: {
        ...mediator.record,
        [dispute.category]: { settled: previous.settled + 1, closed: previous.closed + 1 },
      },
    };
    writes.push(deps.store.roster.mediatorWrite(loadedMediator, nextMediator));
  }
  return writes;
}
