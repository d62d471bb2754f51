import { type HolidayCalendar, type PeriodEnd, periodEnd } from '../calendar/service-periods';
import type { DisputeCategory } from '../mediation/categories';
import type { Court } from '../roster/court';
import type { Settlement } from './settlement';

/**
 * Which courts may confirm a mediated settlement, and the pre-check of an application
 * (DESIGN.md, "Judicial confirmation"; Civil Procedure Law 2023 art. 205 and the SPC's Provisions on
 * Judicial Confirmation Procedure).
 *
 * Competence (art. 205):
 * 1. A court that invited the mediation (the dispute's `courtId`) is the one competent court.
 * 2. Otherwise the basic-level courts of the place where a party is domiciled, where the subject
 *    matter is, or where the mediation organization sits. "Where" means: the court's jurisdiction
 *    covers that division code (a region entry is a prefix of it) and its case types include the
 *    dispute's category or are empty.
 * 3. When the dispute falls within an intermediate court's jurisdiction (rule below), the
 *    intermediate courts of those same places are competent INSTEAD of the basic-level ones
 *    (art. 205: "调解协议所涉纠纷应当由中级人民法院管辖的，向相应的中级人民法院提出").
 *
 * The intermediate-court rule (configuration, `IntermediateJurisdictionRule`), after the SPC's
 * notices on first-instance jurisdiction:
 * - any dispute whose claim is at or above `claimThresholdMinor` (default CNY 500 million,
 *   法发〔2021〕27号);
 * - a foreign-related dispute (flagged cross-border, or a party domiciled outside mainland China)
 *   whose claim is at or above `foreignRelated.thresholdMinor` (default CNY 40 million where the
 *   place of the dispute is in Beijing, Tianjin, Shanghai, Jiangsu, Zhejiang, Fujian, Shandong,
 *   Guangdong or Chongqing, CNY 20 million elsewhere; 法释〔2022〕18号);
 * - a dispute in a category reserved to intermediate courts (`reservedCategories`, default none).
 */
export interface IntermediateJurisdictionRule {
  claimThresholdMinor: number;
  foreignRelated: {
    /** Province-level prefixes (2 digits) with the higher threshold. */
    higherThresholdProvinces: readonly string[];
    higherThresholdMinor: number;
    thresholdMinor: number;
  };
  reservedCategories: readonly DisputeCategory[];
}

export const defaultIntermediateRule: IntermediateJurisdictionRule = {
  claimThresholdMinor: 500_000_000 * 100,
  foreignRelated: {
    higherThresholdProvinces: ['11', '12', '31', '32', '33', '35', '37', '44', '50'],
    higherThresholdMinor: 40_000_000 * 100,
    thresholdMinor: 20_000_000 * 100,
  },
  reservedCategories: [],
};

/** Why a court is competent. */
export type CompetenceGround =
  | 'invited_mediation'
  | 'party_domicile'
  | 'subject_matter_location'
  | 'mediation_organization_seat';

export interface CompetentCourt {
  courtId: string;
  name: string;
  level: Court['level'];
  grounds: Array<{ ground: CompetenceGround; regionCode?: string; explanation: string }>;
}

/** What competence is decided from: the dispute, its parties, the mediation organization and the roster. */
export interface CompetenceFacts {
  dispute: {
    /** The court that invited the mediation, when one did. */
    courtId?: string;
    category: DisputeCategory;
    claim: { amountMinor: number; currency: string };
    /** Where the dispute is handled (used for the foreign-related threshold's province). */
    regionCode: string;
    subjectMatterRegion: string;
    crossBorder: boolean;
  };
  /** Each party's domicile; `regionCode` absent for a party domiciled abroad. */
  partyDomiciles: Array<{ regionCode?: string; country: string }>;
  /** Where the settlement puts the subject matter, when it states one (overrides the dispute's). */
  subjectMatterLocation?: string;
  /** The seat of the mediator's organization. */
  organizationRegion?: string;
  courts: readonly Court[];
}

export interface CompetenceResult {
  /** Which rule applied: the inviting court, basic-level courts, or intermediate courts. */
  basis: 'invited_mediation' | 'basic_level' | 'intermediate';
  /** Why the dispute is (or is not) for an intermediate court. */
  intermediateReason?: string;
  courts: CompetentCourt[];
}

const CNY = 'CNY';

/** Whether the dispute falls within an intermediate court's jurisdiction, and why. */
export function intermediateJurisdiction(
  facts: Pick<CompetenceFacts, 'dispute' | 'partyDomiciles'>,
  rule: IntermediateJurisdictionRule = defaultIntermediateRule,
): string | undefined {
  const { dispute } = facts;
  // Thresholds are in CNY; a claim in another currency is judged by the foreign-related rule only
  // when it is in CNY, so no exchange rate is guessed here.
  const claim = dispute.claim.currency === CNY ? dispute.claim.amountMinor : undefined;
  if (rule.reservedCategories.includes(dispute.category)) {
    return `disputes of category ${dispute.category} are heard by intermediate courts`;
  }
  if (claim !== undefined && claim >= rule.claimThresholdMinor) {
    return `the claim is at or above ${formatCny(rule.claimThresholdMinor)}, the intermediate courts' threshold`;
  }
  const foreignRelated = dispute.crossBorder || facts.partyDomiciles.some((domicile) => domicile.country !== 'CN');
  if (foreignRelated && claim !== undefined) {
    const { higherThresholdProvinces, higherThresholdMinor, thresholdMinor } = rule.foreignRelated;
    const threshold = higherThresholdProvinces.includes(dispute.regionCode.slice(0, 2))
      ? higherThresholdMinor
      : thresholdMinor;
    if (claim >= threshold) {
      return `a foreign-related dispute with a claim at or above ${formatCny(threshold)} is heard by intermediate courts`;
    }
  }
  return undefined;
}

/** Whether a court hears disputes of this category from this division (jurisdiction by prefix). */
export function courtCovers(court: Court, regionCode: string, category: DisputeCategory): boolean {
  const coversRegion = court.jurisdiction.regions.some((prefix) => regionCode.startsWith(prefix));
  const coversCategory = court.jurisdiction.caseTypes.length === 0 || court.jurisdiction.caseTypes.includes(category);
  return coversRegion && coversCategory;
}

/** The competent courts, each with every ground that makes it competent. */
export function competentCourts(
  facts: CompetenceFacts,
  rule: IntermediateJurisdictionRule = defaultIntermediateRule,
): CompetenceResult {
  const { dispute } = facts;
  if (dispute.courtId) {
    const inviting = facts.courts.find((court) => court.id === dispute.courtId);
    return {
      basis: 'invited_mediation',
      courts: inviting
        ? [
            {
              courtId: inviting.id,
              name: inviting.name,
              level: inviting.level,
              grounds: [
                {
                  ground: 'invited_mediation',
                  explanation: 'this court invited the mediation, so the application goes to it alone',
                },
              ],
            },
          ]
        : [],
    };
  }

  const intermediateReason = intermediateJurisdiction(facts, rule);
  const level: Court['level'] = intermediateReason ? 'intermediate' : 'basic';
  const places: Array<{ ground: CompetenceGround; regionCode: string; explanation: string }> = [];
  for (const domicile of facts.partyDomiciles) {
    if (domicile.regionCode) {
      places.push({
        ground: 'party_domicile',
        regionCode: domicile.regionCode,
        explanation: `a party is domiciled in ${domicile.regionCode}`,
      });
    }
  }
  const subjectMatter = facts.subjectMatterLocation ?? dispute.subjectMatterRegion;
  if (subjectMatter) {
    places.push({
      ground: 'subject_matter_location',
      regionCode: subjectMatter,
      explanation: `the subject matter is in ${subjectMatter}`,
    });
  }
  if (facts.organizationRegion) {
    places.push({
      ground: 'mediation_organization_seat',
      regionCode: facts.organizationRegion,
      explanation: `the mediation organization sits in ${facts.organizationRegion}`,
    });
  }

  const byCourt = new Map<string, CompetentCourt>();
  for (const court of facts.courts) {
    if (court.level !== level) continue;
    for (const place of places) {
      if (!courtCovers(court, place.regionCode, dispute.category)) continue;
      const entry = byCourt.get(court.id) ?? { courtId: court.id, name: court.name, level: court.level, grounds: [] };
      if (!entry.grounds.some((known) => known.ground === place.ground && known.regionCode === place.regionCode)) {
        entry.grounds.push(place);
      }
      byCourt.set(court.id, entry);
    }
  }
  const courts = [...byCourt.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.courtId.localeCompare(b.courtId),
  );
  return intermediateReason ? { basis: 'intermediate', intermediateReason, courts } : { basis: 'basic_level', courts };
}

/** The pre-check's rules, each with the code an application is refused with when it fails. */
export const confirmationRuleCodes = {
  settlement_effective: 'settlement_not_effective',
  all_parties_signed: 'settlement_not_effective',
  within_application_window: 'application_window_closed',
  confirmable_matter: 'matter_not_confirmable',
  competent_court: 'court_not_competent',
} as const;
export type ConfirmationRule = keyof typeof confirmationRuleCodes;

export interface RuleVerdict {
  rule: ConfirmationRule;
  passed: boolean;
  /** The code an application is refused with when the rule fails. */
  code: (typeof confirmationRuleCodes)[ConfirmationRule];
  explanation: string;
  details?: Record<string, unknown>;
}

/** The last day to apply: the settlement's own deadline, else 30 days from taking effect. */
export function applicationWindow(
  settlement: Pick<Settlement, 'effectiveAt' | 'applicationDeadline'>,
  calendar: HolidayCalendar,
): PeriodEnd | undefined {
  if (settlement.applicationDeadline) {
    return {
      lastDay: settlement.applicationDeadline.lastDay,
      endsAt: new Date(settlement.applicationDeadline.endsAt),
    };
  }
  return settlement.effectiveAt ? periodEnd(new Date(settlement.effectiveAt), 30, calendar) : undefined;
}

export interface PreCheckInput {
  settlement: Pick<
    Settlement,
    'status' | 'signatures' | 'document' | 'subjectMatter' | 'effectiveAt' | 'applicationDeadline'
  >;
  /** The partyIds of every party of the dispute: each must have signed the current document. */
  partyIds: readonly string[];
  competence: CompetenceResult;
  /** The court applied to, when judging an application (absent for the pre-check page). */
  courtId?: string;
  /**
   * Courts that rejected this document (`rejectingCourtIds`): competent, but not to be asked again.
   * The pre-check counts only the others; an application is refused by its own rule instead
   * (`rejected_by_this_court`, naming the earlier application).
   */
  rejectedBy?: readonly string[];
  now: Date;
  calendar: HolidayCalendar;
}

/**
 * Every rule's verdict, in the order an application is judged: the settlement took effect, every
 * party signed its current document, the 30-day window is open, the matter is confirmable, and a
 * competent court exists (or, for an application, the chosen court is one).
 */
export function preCheck(input: PreCheckInput): RuleVerdict[] {
  const { settlement, now } = input;
  const signed = new Set(
    settlement.signatures
      .filter((signature) => signature.documentSha256 === settlement.document.sha256)
      .map((signature) => signature.partyId),
  );
  const missing = input.partyIds.filter((partyId) => !signed.has(partyId));
  const effective = settlement.status === 'effective';
  const window = effective ? applicationWindow(settlement, input.calendar) : undefined;
  const windowOpen = window !== undefined && now.getTime() < window.endsAt.getTime();
  const { touchesPersonalStatus, confirmsTitle } = settlement.subjectMatter;
  const competentIds = input.competence.courts.map((court) => court.courtId);
  const rejectedIds = competentIds.filter((courtId) => input.rejectedBy?.includes(courtId));
  const openIds = competentIds.filter((courtId) => !rejectedIds.includes(courtId));
  const courtOk = input.courtId ? competentIds.includes(input.courtId) : openIds.length > 0;

  return [
    verdict(
      'settlement_effective',
      effective,
      effective
        ? 'the settlement has taken effect'
        : 'the settlement has not taken effect: every party must sign it first',
    ),
    verdict(
      'all_parties_signed',
      missing.length === 0,
      missing.length === 0
        ? 'every party signed the current document'
        : 'not every party has signed the current document of the settlement',
      missing.length === 0 ? undefined : { missingPartyIds: missing },
    ),
    verdict(
      'within_application_window',
      windowOpen,
      window === undefined
        ? 'the 30-day window opens when the settlement takes effect'
        : windowOpen
          ? `an application may be made until the end of ${window.lastDay} (Asia/Shanghai)`
          : `the 30 days to apply for confirmation ended with ${window.lastDay} (Asia/Shanghai)`,
      window ? { lastDay: window.lastDay, endsAt: window.endsAt.toISOString() } : undefined,
    ),
    verdict(
      'confirmable_matter',
      !touchesPersonalStatus && !confirmsTitle,
      touchesPersonalStatus
        ? 'a settlement touching personal status (identity, marriage, adoption) cannot be judicially confirmed'
        : confirmsTitle
          ? 'a settlement confirming title to property or intellectual property cannot be judicially confirmed'
          : 'the subject matter can be confirmed',
    ),
    verdict(
      'competent_court',
      courtOk,
      input.courtId
        ? courtOk
          ? 'the chosen court is competent'
          : 'the chosen court is not competent to confirm this settlement; choose one of the eligible courts'
        : courtOk
          ? 'at least one court is competent'
          : rejectedIds.length > 0
            ? 'every competent court has rejected this settlement: change the agreement through mediation, make a new one, or bring the claim to court'
            : 'no court on the roster is competent to confirm this settlement',
      {
        ...(input.courtId ? { courtId: input.courtId } : {}),
        competentCourtIds: competentIds,
        ...(rejectedIds.length > 0 ? { rejectedCourtIds: rejectedIds } : {}),
      },
    ),
  ];
}

/** The first failed rule: what an application is refused with. */
export function firstFailure(verdicts: readonly RuleVerdict[]): RuleVerdict | undefined {
  return verdicts.find((candidate) => !candidate.passed);
}

function verdict(
  rule: ConfirmationRule,
  passed: boolean,
  explanation: string,
  details?: Record<string, unknown>,
): RuleVerdict {
  return { rule, passed, code: confirmationRuleCodes[rule], explanation, ...(details ? { details } : {}) };
}

function formatCny(minor: number): string {
  return `CNY ${(minor / 100).toLocaleString('en-US')}`;
}
