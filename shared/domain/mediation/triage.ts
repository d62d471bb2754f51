/**
 * Triage of a filed dispute (issue 3, "Intake and triage"; DESIGN.md flow 1): the track (simple or
 * complex), the flags (cross-border, many parties) and the mediation deadline, then the one extension
 * the parties may agree to.
 */
import { type HolidayCalendar, type PeriodEnd, periodEnd, periodEndFromDay } from '../calendar/service-periods';
import { RuleViolation } from '../errors';
import type { DisputeCategory } from './categories';
import type { DisputeStage, DisputeStatus, Track } from './dispute';

/** CNY amounts in fen. */
const yuan = (amount: number) => amount * 100;

/**
 * Categories that go to the complex track at any amount: family disputes touch personal status and
 * children; commercial disputes between companies turn on contracts and accounts; online product
 * liability needs evidence on defect and injury (often expert evidence).
 */
export const ALWAYS_COMPLEX_CATEGORIES: ReadonlySet<DisputeCategory> = new Set([
  'family',
  'commercial',
  'online_product_liability',
]);

/**
 * Online copyright above ¥100,000: below it, statutory-damages disputes over a single work are
 * routine; above it, the damages argument (licence fees, the infringer's profit) needs real evidence.
 */
export const COPYRIGHT_COMPLEX_ABOVE_MINOR = yuan(100_000);

/**
 * Every other category goes complex above ¥500,000: ten times the order of magnitude of the small
 * claims ceiling (Civil Procedure Law art. 165, half the province's average annual wage, about
 * ¥50,000 in most provinces), where courts' intake treats a dispute as more than a routine one.
 */
export const GENERAL_COMPLEX_ABOVE_MINOR = yuan(500_000);

/** More parties than this makes a dispute "many parties": unanimity on picks and signatures gets harder. */
export const MANY_PARTIES_ABOVE = 2;

/**
 * Mediation runs 30 days (DESIGN.md, "Pre-filing mediation"). In-litigation mediation gets the same
 * 30 days: a court that sets another term tells the platform through the case, not through triage.
 */
export const MEDIATION_DAYS = 30;
/** The one extension the parties may agree to (DESIGN.md, "Pre-filing mediation"). */
export const MEDIATION_EXTENSION_DAYS = 30;

/** The currency of mainland China; any other claim currency makes a dispute cross-border. */
export const DOMESTIC_CURRENCY = 'CNY';
/**
 * ISO 3166-1 alpha-2 of mainland China. Hong Kong (HK), Macao (MO) and Taiwan (TW) have their own
 * codes and count as cross-border, as the courts treat them like foreign-related cases (涉港澳台).
 */
export const MAINLAND_CHINA = 'CN';

export interface IntakeParty {
  id: string;
  /** ISO 3166-1 alpha-2 of the party's domicile (a company's place of registration). */
  domicileCountry: string;
  /** ISO 3166-1 alpha-2 of a natural person's nationality, when known. */
  nationality?: string;
}

export interface TriageIntake {
  category: DisputeCategory;
  /** Claim amount in the currency's minor unit. */
  claimMinor: number;
  currency: string;
  stage: DisputeStage;
  parties: readonly IntakeParty[];
  /** The filer's own indication that the dispute is cross-border (e.g. the subject matter is abroad). */
  crossBorder?: boolean;
  /** When the dispute was filed: the day that triggers the mediation period (not counted). */
  filedAt: Date;
}

export type TrackReason =
  | 'category_always_complex'
  | 'amount_above_category_threshold'
  | 'cross_border'
  | 'within_simple_limits';

export interface Triage {
  track: Track;
  /** Why the track was chosen (codes, in the order the rules apply). */
  trackReasons: TrackReason[];
  flags: { crossBorder: boolean; manyParties: boolean };
  mediationDeadline: PeriodEnd;
}

/** The amount above which a dispute of `category` goes to the complex track (Infinity: never by amount). */
export function complexAboveMinor(category: DisputeCategory): number {
  if (ALWAYS_COMPLEX_CATEGORIES.has(category)) return 0;
  if (category === 'online_copyright') return COPYRIGHT_COMPLEX_ABOVE_MINOR;
  return GENERAL_COMPLEX_ABOVE_MINOR;
}

/**
 * Cross-border when the filer says so, when the claim is not in CNY, or when any party is domiciled
 * outside mainland China or holds another nationality. Amounts in other currencies are compared with
 * the thresholds as they are (no exchange rates in the domain); cross-border disputes are complex
 * anyway.
 */
export function isCrossBorder(intake: Pick<TriageIntake, 'currency' | 'parties' | 'crossBorder'>): boolean {
  if (intake.crossBorder === true) return true;
  if (intake.currency.toUpperCase() !== DOMESTIC_CURRENCY) return true;
  return intake.parties.some(
    (party) =>
      party.domicileCountry.toUpperCase() !== MAINLAND_CHINA ||
      (party.nationality !== undefined && party.nationality.toUpperCase() !== MAINLAND_CHINA),
  );
}

/**
 * Track by category and amount: complex for the always-complex categories, for amounts above the
 * category's threshold, and for cross-border disputes (foreign-related cases are outside the small
 * claims procedure, Civil Procedure Law art. 166); simple otherwise.
 */
export function triageDispute(intake: TriageIntake, calendar: HolidayCalendar): Triage {
  if (!Number.isSafeInteger(intake.claimMinor) || intake.claimMinor < 0) {
    throw new RuleViolation(
      'invalid_claim_amount',
      'The claim amount must be a whole, non-negative number of minor units',
    );
  }
  if (intake.parties.length < 2) {
    throw new RuleViolation('too_few_parties', 'A dispute needs an applicant and at least one respondent');
  }
  const crossBorder = isCrossBorder(intake);
  const trackReasons: TrackReason[] = [];
  if (ALWAYS_COMPLEX_CATEGORIES.has(intake.category)) trackReasons.push('category_always_complex');
  else if (intake.claimMinor > complexAboveMinor(intake.category)) trackReasons.push('amount_above_category_threshold');
  if (crossBorder) trackReasons.push('cross_border');
  const track: Track = trackReasons.length > 0 ? 'complex' : 'simple';
  if (track === 'simple') trackReasons.push('within_simple_limits');
  return {
    track,
    trackReasons,
    flags: { crossBorder, manyParties: intake.parties.length > MANY_PARTIES_ABOVE },
    mediationDeadline: periodEnd(intake.filedAt, MEDIATION_DAYS, calendar),
  };
}

/** What the extension rule needs to know about a dispute. */
export interface MediationTerm {
  status: DisputeStatus;
  partyIds: readonly string[];
  mediationDeadline: PeriodEnd;
  extensionUsed: boolean;
  /** Parties that have agreed to the pending extension so far. */
  extensionAgreedBy: readonly string[];
}

export type ExtensionOutcome =
  | { applied: false; extensionAgreedBy: string[]; waitingFor: string[] }
  | { applied: true; extensionAgreedBy: string[]; mediationDeadline: PeriodEnd };

/** Statuses in which the mediation period runs (it starts at triage). */
const RUNNING_STATUSES: ReadonlySet<DisputeStatus> = new Set([
  'triaged',
  'offered',
  'awaiting_assignment',
  'in_mediation',
]);

/**
 * Extension of mediation (DESIGN.md, "Pre-filing mediation"): once only, by 30 days counted from the
 * current deadline's last day, and only when every party agrees. Each party posts its agreement; the
 * agreements gather on the dispute and the extension applies when the last party agrees. A repeated
 * agreement changes nothing.
 *
 * `agreeingPartyIds` are the parties agreeing now (usually the one caller); earlier agreements are in
 * `dispute.extensionAgreedBy`.
 */
export function extendMediation(
  dispute: MediationTerm,
  agreeingPartyIds: readonly string[],
  options: { now: Date; calendar: HolidayCalendar },
): ExtensionOutcome {
  if (!RUNNING_STATUSES.has(dispute.status)) {
    throw new RuleViolation('mediation_not_running', `Mediation is not running (status ${dispute.status})`, {
      details: { status: dispute.status },
    });
  }
  if (dispute.extensionUsed) {
    throw new RuleViolation('extension_already_used', 'Mediation has already been extended once');
  }
  if (options.now.getTime() >= dispute.mediationDeadline.endsAt.getTime()) {
    throw new RuleViolation('mediation_period_ended', 'The mediation period has already ended', {
      details: { lastDay: dispute.mediationDeadline.lastDay },
    });
  }
  if (agreeingPartyIds.length === 0) {
    throw new RuleViolation('no_agreement', 'An extension needs at least one agreeing party');
  }
  const strangers = agreeingPartyIds.filter((id) => !dispute.partyIds.includes(id));
  if (strangers.length > 0) {
    throw new RuleViolation('not_a_party', 'Only the parties of the dispute can agree to extend its mediation');
  }
  const agreed = new Set([...dispute.extensionAgreedBy, ...agreeingPartyIds]);
  const extensionAgreedBy = dispute.partyIds.filter((id) => agreed.has(id));
  const waitingFor = dispute.partyIds.filter((id) => !agreed.has(id));
  if (waitingFor.length > 0) return { applied: false, extensionAgreedBy, waitingFor };
  return {
    applied: true,
    extensionAgreedBy,
    mediationDeadline: periodEndFromDay(dispute.mediationDeadline.lastDay, MEDIATION_EXTENSION_DAYS, options.calendar),
  };
}
