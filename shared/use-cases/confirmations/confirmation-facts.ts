import type { HolidayCalendar } from '../../domain/calendar/service-periods';
import type { CaseParty } from '../../domain/mediation/case-party';
import type { Dispute } from '../../domain/mediation/dispute';
import type { Mediator } from '../../domain/mediation/mediator';
import type { Organization } from '../../domain/roster/organization';
import {
  type CompetenceResult,
  competentCourts,
  type IntermediateJurisdictionRule,
  preCheck,
  type RuleVerdict,
} from '../../domain/settlement/competence';
import type { Clock } from '../../ports/clock';
import type { Ids } from '../../ports/ids';
import type { LoadedSettlement } from '../../ports/settlements';
import type { StateStore } from '../../ports/state-store';

export interface ConfirmationDeps {
  store: StateStore;
  clock: Clock;
  ids: Ids;
  calendar: HolidayCalendar;
  /** When a dispute is for an intermediate court; the documented default when absent. */
  intermediateRule?: IntermediateJurisdictionRule;
}

/** Everything the confirmation rules are judged on, read once. */
export interface ConfirmationFacts {
  loaded: LoadedSettlement;
  dispute: Dispute;
  parties: CaseParty[];
  mediator?: Mediator;
  organization?: Organization;
  competence: CompetenceResult;
}

export async function readConfirmationFacts(deps: ConfirmationDeps, settlementId: string): Promise<ConfirmationFacts> {
  const loaded = await deps.store.settlements.settlement(settlementId);
  const { settlement } = loaded;
  const [{ dispute }, parties, courts] = await Promise.all([
    deps.store.disputes.dispute(settlement.disputeId),
    deps.store.disputes.parties(settlement.disputeId),
    deps.store.roster.allCourts(),
  ]);
  const mediator = dispute.mediatorId ? (await deps.store.roster.mediator(dispute.mediatorId))?.value : undefined;
  const organization = mediator ? (await deps.store.roster.organization(mediator.organizationId))?.value : undefined;
  const competence = competentCourts(
    {
      dispute: {
        ...(dispute.courtId ? { courtId: dispute.courtId } : {}),
        category: dispute.category,
        claim: dispute.claim,
        regionCode: dispute.regionCode,
        subjectMatterRegion: dispute.subjectMatterRegion,
        crossBorder: dispute.flags.crossBorder,
      },
      partyDomiciles: parties.map((party) => party.domicile),
      ...(settlement.subjectMatter.locationRegion
        ? { subjectMatterLocation: settlement.subjectMatter.locationRegion }
        : {}),
      ...(organization ? { organizationRegion: organization.regionCode } : {}),
      courts,
    },
    deps.intermediateRule,
  );
  return {
    loaded,
    dispute,
    parties,
    ...(mediator ? { mediator } : {}),
    ...(organization ? { organization } : {}),
    competence,
  };
}

/**
 * Every rule's verdict on these facts now, for the chosen court when there is one; `rejectedBy`:
 * the courts that rejected this settlement's document, which the pre-check does not count.
 */
export function verdictsOn(
  deps: ConfirmationDeps,
  facts: ConfirmationFacts,
  courtId?: string,
  rejectedBy?: readonly string[],
): RuleVerdict[] {
  return preCheck({
    settlement: facts.loaded.settlement,
    partyIds: facts.parties.map((party) => party.partyId),
    competence: facts.competence,
    ...(courtId ? { courtId } : {}),
    ...(rejectedBy ? { rejectedBy } : {}),
    now: deps.clock.now(),
    calendar: deps.calendar,
  });
}
