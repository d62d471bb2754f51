import { shanghaiDay } from '../../domain/calendar/service-periods';
import { NotFound, RuleViolation } from '../../domain/errors';
import { disputeChainId, mediationPeriodOver } from '../../domain/mediation/dispute';
import { mediatorActingAs } from '../../domain/mediation/mediator';
import { milestoneOutbox } from '../../domain/messages/milestone-outbox';
import type { Principal } from '../../domain/principal';
import { type StoredSettlement, settlementDocumentKey } from '../../domain/settlement/settlement';
import { renderSettlementDocument } from '../../domain/settlement/settlement-document';
import { assertValidTerms, type SettlementTerms } from '../../domain/settlement/settlement-terms';
import type { LoadedDispute } from '../../ports/disputes';
import type { EntityWrite, StateStore } from '../../ports/state-store';
import { documentsOf, type SettlementDeps } from './settlement-deps';

/** The dispute and its mediator, when the caller is that mediator; otherwise the dispute does not exist. */
export async function loadDisputeAsItsMediator(store: StateStore, principal: Principal, disputeId: string) {
  const loaded: LoadedDispute | undefined = await store.disputes.dispute(disputeId).catch(() => undefined);
  const loadedMediator = loaded?.dispute.mediatorId
    ? await store.roster.mediator(loaded.dispute.mediatorId)
    : undefined;
  if (!loaded || !loadedMediator) throw new NotFound(`no dispute ${disputeId}`);
  const mediator = mediatorActingAs(loadedMediator.value, principal, disputeId);
  return { loaded, mediator, mediatorVersion: loadedMediator.version };
}

/**
 * The mediator records the settlement (DESIGN.md flow 2): structured obligations between the
 * dispute's parties, clauses, and the subject matter stated explicitly. Only the dispute's own
 * mediator may, and only while it is in mediation. The terms become a canonical document, stored
 * in S3 before the state change names it (content-addressed, so a lost race leaves only an unused
 * copy); its SHA-256 is what every party signs.
 *
 * Recording again makes a new version with a new document: the earlier version is kept, frozen as
 * `superseded`, and its signatures sign nothing now. Terms that took effect cannot change.
 *
 * The dispute stays `in_mediation` while signatures are gathered: it becomes `settled` only when
 * the settlement takes effect (the last signature), since until then the parties have agreed to
 * nothing and mediation may still fail or run out.
 */
export async function recordSettlement(
  deps: SettlementDeps,
  principal: Principal,
  disputeId: string,
  terms: SettlementTerms,
): Promise<StoredSettlement> {
  const { loaded, mediator } = await loadDisputeAsItsMediator(deps.store, principal, disputeId);
  const { dispute } = loaded;
  if (dispute.status !== 'in_mediation') {
    throw new RuleViolation('not_in_mediation', `the dispute is ${dispute.status}, not in mediation`);
  }
  const now = deps.clock.now();
  // The period may have ended since the reconciler last looked: nothing more is agreed in it.
  if (mediationPeriodOver(dispute, now)) {
    throw new RuleViolation('mediation_period_over', `the mediation period ended ${dispute.mediationDeadline.endsAt}`, {
      details: { mediationDeadline: dispute.mediationDeadline },
    });
  }
  const parties = await deps.store.disputes.parties(disputeId);
  assertValidTerms(terms, { partyIds: parties.map((party) => party.partyId), today: shanghaiDay(now) });

  const previous = await deps.store.settlements.settlementOfDispute(disputeId);
  if (previous && previous.settlement.status === 'effective') {
    throw new RuleViolation(
      'settlement_effective',
      'every party signed this settlement; its terms can no longer change',
    );
  }
  const settlementId = previous?.settlement.settlementId ?? deps.ids.next('stl');
  const version = (previous?.settlement.version ?? 0) + 1;
  const rendered = renderSettlementDocument({
    settlementId,
    disputeId,
    settlementVersion: version,
    parties: parties.map(({ partyId, name, role, kind, idMasked }) => ({ partyId, name, role, kind, idMasked })),
    mediator: { mediatorId: mediator.id, name: mediator.name, organizationId: mediator.organizationId },
    terms,
  });
  const stored = await documentsOf(deps).put(
    settlementDocumentKey(settlementId, rendered.sha256),
    rendered.content,
    rendered.mediaType,
  );
  const next: StoredSettlement = {
    settlementId,
    disputeId,
    version,
    obligations: rendered.document.obligations,
    clauses: rendered.document.clauses,
    subjectMatter: rendered.document.subjectMatter,
    document: {
      key: stored.key,
      sha256: rendered.sha256,
      size: rendered.content.byteLength,
      mediaType: rendered.mediaType,
    },
    signatures: [],
    status: 'awaiting_signatures',
    recordedBy: principal.subjectId,
    createdAt: now.toISOString(),
    courtIds: previous?.settlement.courtIds ?? [],
  };
  // The dispute's unchanged root, conditional on its version: a mediation closed meanwhile wins.
  const writes: EntityWrite[] = [
    deps.store.disputes.disputeWrite(loaded, dispute),
    deps.store.settlements.settlementWrite(previous ?? { version: 0 }, next),
  ];
  if (previous) {
    writes.push(deps.store.settlements.supersededWrite(previous.settlement));
  } else {
    writes.push(deps.store.settlements.disputePointerWrite(disputeId, settlementId));
  }
  await deps.store.commit({
    chainId: disputeChainId(disputeId),
    writes,
    event: {
      type: 'settlement.recorded',
      actor: principal,
      data: {
        settlementId,
        version,
        documentSha256: rendered.sha256,
        voidedSignatures: previous?.settlement.signatures.length ?? 0,
      },
    },
    // Each party is sent the new terms' signing link; a link for earlier terms stops working.
    outbox: [milestoneOutbox({ milestone: 'settlement_to_sign', disputeId, settlementId })],
  });
  return next;
}
