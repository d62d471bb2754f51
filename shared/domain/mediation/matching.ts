/**
 * Mediator matching (DESIGN.md flow 1): hard filters, then an explained score, then the offer
 * decision from the parties' picks.
 *
 * Hard filters: a mediator is out when any of these holds (each has a code and a reason):
 * - `conflict_of_interest`: any party or representative of the dispute is among the mediator's conflicts;
 * - `at_capacity`: the mediator holds as many disputes as their capacity;
 * - `on_leave`: today (Asia/Shanghai) falls inside one of their leave periods;
 * - `language`: they do not speak the dispute's language;
 * - `region`: none of their regions covers the dispute's region or the subject matter's, and they
 *   cannot mediate online with parties who accept online mediation;
 * - `cross_border`: the dispute is cross-border and they are not qualified for it;
 * - `specialty`: the dispute's category is not among their specialties.
 *
 * Score, in [0, 1]: a weighted sum of five factors, each in [0, 1] (the weights sum to 1):
 * - specialty fit (0.30): 1 when the category is the mediator's primary (first listed) specialty;
 *   otherwise 0.8, less 0.05 for every specialty beyond three (floor 0.5), so focused mediators rank
 *   above generalists;
 * - outcome record (0.30): the settlement rate on this category, smoothed towards a prior with the
 *   weight of 10 mediations, (settled + 10 × prior) / (closed + 10). The prior is the pooled rate of
 *   the roster passed in on this category (what the platform knows), or 0.5 when that pool has fewer
 *   than 20 closed mediations; a caller may pass its own. So 1 of 1 settled does not beat 45 of 50;
 * - current load (0.15): 1 − activeCases / capacity;
 * - response speed (0.10): 1 / (1 + medianHours / 24), so answering within the day scores above 0.5;
 *   0.5 when unknown (no offers yet);
 * - party preference (0.15): each party's pick counts 1, 2/3, 1/3 for its first three picks (0 after),
 *   averaged over the parties who posted picks.
 * Ties break by mediator id (code-unit order), so a ranking is deterministic.
 *
 * Speed: the filter and score loop over the roster allocates nothing per mediator; reasons and
 * explanations are built only for the returned candidates and for the excluded mediators asked about.
 */
import type { DisputeProfile } from './dispute';
import type { CategoryRecord, Mediator } from './mediator';

/**
 * What ranking reads of a mediator. A whole `Mediator` is one; so is the compact copy the roster's
 * eligibility index keeps (roster port, `eligibleMediators`), whose record holds the dispute's
 * category only: rank such copies with the roster's pooled prior (`outcomePrior`).
 */
export type RankedMediator = Pick<
  Mediator,
  | 'id'
  | 'specialties'
  | 'languages'
  | 'regions'
  | 'online'
  | 'capacity'
  | 'activeCases'
  | 'leave'
  | 'crossBorderQualified'
  | 'conflicts'
  | 'record'
  | 'responseHoursMedian'
>;

export const filterCodes = [
  'conflict_of_interest',
  'at_capacity',
  'on_leave',
  'language',
  'region',
  'cross_border',
  'specialty',
] as const;
export type FilterCode = (typeof filterCodes)[number];

export interface FilterReason {
  code: FilterCode;
  /** A sentence for people; never names the conflicted party. */
  reason: string;
}

export const scoreFactors = [
  'specialty_fit',
  'outcome_record',
  'current_load',
  'response_speed',
  'party_preference',
] as const;
export type ScoreFactorName = (typeof scoreFactors)[number];

export const SCORE_WEIGHTS: Readonly<Record<ScoreFactorName, number>> = {
  specialty_fit: 0.3,
  outcome_record: 0.3,
  current_load: 0.15,
  response_speed: 0.1,
  party_preference: 0.15,
};

/** How many mediations the prior weighs, in the smoothed settlement rate. */
export const OUTCOME_PRIOR_STRENGTH = 10;
/** The prior when the roster has too little history on the category to pool. */
export const NEUTRAL_OUTCOME_PRIOR = 0.5;
/** Closed mediations on a category the roster needs before its pooled rate is used as the prior. */
export const MIN_POOLED_CLOSED = 20;
/** Response speed when a mediator has answered no offer yet: neither rewarded nor punished. */
export const NEUTRAL_RESPONSE_SPEED = 0.5;
/** Picks beyond this depth carry no preference. */
export const PICK_DEPTH = 3;
export const DEFAULT_CANDIDATE_LIMIT = 10;

const W_SPECIALTY = SCORE_WEIGHTS.specialty_fit;
const W_OUTCOME = SCORE_WEIGHTS.outcome_record;
const W_LOAD = SCORE_WEIGHTS.current_load;
const W_RESPONSE = SCORE_WEIGHTS.response_speed;
const W_PREFERENCE = SCORE_WEIGHTS.party_preference;

export interface ScoreFactor {
  factor: ScoreFactorName;
  value: number;
  weight: number;
  /** value × weight; the contributions of a candidate sum to its score. */
  contribution: number;
  explanation: string;
}

export interface Candidate {
  mediatorId: string;
  /** 1-based position in the ranking of all eligible mediators. */
  rank: number;
  score: number;
  /** The five factors, explained; empty when the caller asked for no explanations (`explain: false`). */
  factors: ScoreFactor[];
  /** Whether any party picked this mediator. */
  picked: boolean;
}

export interface ExcludedMediator {
  mediatorId: string;
  reasons: FilterReason[];
}

/** Each party's ranked picks of mediator ids, best first. */
export type PicksByParty = Readonly<Record<string, readonly string[]>>;

export interface RankOptions {
  /** Today in Asia/Shanghai (YYYY-MM-DD): decides leave. */
  today: string;
  picks?: PicksByParty;
  /** Candidates to return (default 10). Eligible picked mediators are returned even below the limit. */
  limit?: number;
  /** Prior settlement rate for the outcome record; default: pooled over the roster passed in. */
  outcomePrior?: number;
  /**
   * Which excluded mediators to explain: `true` for all (slower: every filter is checked for each),
   * or a list of ids. Excluded picked mediators are always explained.
   */
  explainExcluded?: boolean | readonly string[];
  /**
   * Whether to explain each candidate's factors (default true). `false` leaves `factors` empty and
   * changes nothing else (ids, scores, ranks, order): for a caller that reads only ids and scores and
   * ranks thousands of disputes (the batch), where writing the explanations costs most of the time.
   */
  explain?: boolean;
}

export interface Ranking {
  candidates: Candidate[];
  excluded: ExcludedMediator[];
  eligibleCount: number;
  excludedCount: number;
  /** The prior the outcome record was smoothed towards. */
  outcomePrior: number;
}

/** Whether a division code is covered by a region: its prefix, with a full code's trailing `00` pairs as wildcards. */
export function regionCovers(region: string, code: string): boolean {
  let length = region.length;
  if (length === 6) {
    while (length > 2 && region.charCodeAt(length - 1) === 48 && region.charCodeAt(length - 2) === 48) length -= 2;
  }
  if (length === 0 || code.length < length) return false;
  for (let i = 0; i < length; i++) if (region.charCodeAt(i) !== code.charCodeAt(i)) return false;
  return true;
}

function servesRegion(mediator: RankedMediator, dispute: DisputeProfile): boolean {
  const regions = mediator.regions;
  for (let i = 0; i < regions.length; i++) {
    const region = regions[i] as string;
    if (regionCovers(region, dispute.regionCode) || regionCovers(region, dispute.subjectMatterRegion)) return true;
  }
  return false;
}

function isOnLeave(mediator: RankedMediator, today: string): boolean {
  const leave = mediator.leave;
  for (let i = 0; i < leave.length; i++) {
    const period = leave[i];
    if (period !== undefined && period.from <= today && today <= period.to) return true;
  }
  return false;
}

function hasConflict(mediator: RankedMediator, involved: ReadonlySet<string>): boolean {
  const conflicts = mediator.conflicts;
  for (let i = 0; i < conflicts.length; i++) if (involved.has(conflicts[i] as string)) return true;
  return false;
}

/**
 * Whether a mediator can take a dispute today at all: below capacity and not on leave. The two hard
 * filters that depend on no dispute, so a batch can set aside, once, the mediators who fail them.
 */
export function isAvailable(mediator: RankedMediator, today: string): boolean {
  // The negation of firstFailure's test, written as such so that odd figures (NaN) fall the same way.
  return !(mediator.activeCases >= mediator.capacity) && !isOnLeave(mediator, today);
}

/** The first hard filter a mediator fails, or undefined when eligible. Cheap checks first. */
function firstFailure(
  mediator: RankedMediator,
  dispute: DisputeProfile,
  involved: ReadonlySet<string>,
  today: string,
): FilterCode | undefined {
  if (mediator.activeCases >= mediator.capacity) return 'at_capacity';
  if (dispute.crossBorder && !mediator.crossBorderQualified) return 'cross_border';
  if (!mediator.specialties.includes(dispute.category)) return 'specialty';
  if (!mediator.languages.includes(dispute.language)) return 'language';
  if (!(mediator.online && dispute.onlineAccepted) && !servesRegion(mediator, dispute)) return 'region';
  if (isOnLeave(mediator, today)) return 'on_leave';
  if (hasConflict(mediator, involved)) return 'conflict_of_interest';
  return undefined;
}

/** Every hard filter a mediator fails, with the reasons (empty when eligible). */
export function exclusionReasons(
  mediator: RankedMediator,
  dispute: DisputeProfile,
  today: string,
  involved: ReadonlySet<string> = new Set(dispute.involvedHashes),
): FilterReason[] {
  const reasons: FilterReason[] = [];
  if (hasConflict(mediator, involved)) {
    reasons.push({
      code: 'conflict_of_interest',
      reason: 'Has a declared conflict of interest with a party or representative of this dispute.',
    });
  }
  if (mediator.activeCases >= mediator.capacity) {
    reasons.push({
      code: 'at_capacity',
      reason: `Holds ${mediator.activeCases} disputes, the full capacity of ${mediator.capacity}.`,
    });
  }
  const leave = mediator.leave.find((period) => period.from <= today && today <= period.to);
  if (leave) {
    reasons.push({ code: 'on_leave', reason: `On leave from ${leave.from} to ${leave.to}.` });
  }
  if (!mediator.languages.includes(dispute.language)) {
    reasons.push({ code: 'language', reason: `Does not mediate in the dispute's language (${dispute.language}).` });
  }
  if (!(mediator.online && dispute.onlineAccepted) && !servesRegion(mediator, dispute)) {
    reasons.push({
      code: 'region',
      reason: mediator.online
        ? `Does not cover region ${dispute.regionCode} or ${dispute.subjectMatterRegion} in person, and not every party accepts online mediation.`
        : `Does not cover region ${dispute.regionCode} or ${dispute.subjectMatterRegion} and does not mediate online.`,
    });
  }
  if (dispute.crossBorder && !mediator.crossBorderQualified) {
    reasons.push({
      code: 'cross_border',
      reason: 'The dispute is cross-border and the mediator is not qualified for it.',
    });
  }
  if (!mediator.specialties.includes(dispute.category)) {
    reasons.push({ code: 'specialty', reason: `Does not list ${label(dispute.category)} among their specialties.` });
  }
  return reasons;
}

function specialtyFit(mediator: RankedMediator, dispute: DisputeProfile): number {
  if (mediator.specialties[0] === dispute.category) return 1;
  return Math.max(0.5, 0.8 - 0.05 * Math.max(0, mediator.specialties.length - 3));
}

function outcomeValue(mediator: RankedMediator, dispute: DisputeProfile, prior: number): number {
  const record = mediator.record[dispute.category];
  const settled = record === undefined ? 0 : record.settled;
  const closed = record === undefined ? 0 : record.closed;
  return (settled + OUTCOME_PRIOR_STRENGTH * prior) / (closed + OUTCOME_PRIOR_STRENGTH);
}

function responseSpeed(mediator: RankedMediator): number {
  const hours = mediator.responseHoursMedian;
  return hours === undefined ? NEUTRAL_RESPONSE_SPEED : 1 / (1 + hours / 24);
}

/** Preference per picked mediator id from the parties' picks (averaged over the parties who picked). */
function preferenceValues(picks: PicksByParty | undefined): Map<string, number> {
  const values = new Map<string, number>();
  if (picks === undefined) return values;
  const parties = Object.values(picks).filter((list) => list.length > 0);
  for (const list of parties) {
    const seen = new Set<string>();
    for (let i = 0; i < list.length; i++) {
      const id = list[i] as string;
      if (seen.has(id)) continue;
      seen.add(id);
      // Deeper picks still mark the mediator as picked (kept among the candidates), with no bonus.
      const bonus = i < PICK_DEPTH ? (PICK_DEPTH - i) / PICK_DEPTH / parties.length : 0;
      values.set(id, (values.get(id) ?? 0) + bonus);
    }
  }
  return values;
}

function pooledPrior(mediators: readonly RankedMediator[], dispute: DisputeProfile): number {
  let settled = 0;
  let closed = 0;
  const category = dispute.category;
  for (let i = 0; i < mediators.length; i++) {
    const record = (mediators[i] as RankedMediator).record[category];
    if (record !== undefined) {
      settled += record.settled;
      closed += record.closed;
    }
  }
  return pooledOutcomePrior({ settled, closed });
}

/** The prior from a category's outcomes pooled over the roster: their settlement rate, once there are enough. */
export function pooledOutcomePrior(pooled: CategoryRecord | undefined): number {
  if (pooled === undefined || pooled.closed < MIN_POOLED_CLOSED) return NEUTRAL_OUTCOME_PRIOR;
  return pooled.settled / pooled.closed;
}

/**
 * Ranks the mediators for a dispute: hard filters, then the explained score, best first (ties by id).
 * Returns the top `limit` candidates (plus any eligible picked mediator below them, so a unanimous pick
 * can always be honoured) and the excluded mediators that were asked about or picked.
 */
export function rankMediators(
  dispute: DisputeProfile,
  mediators: readonly RankedMediator[],
  options: RankOptions,
): Ranking {
  const limit = Math.max(0, Math.floor(options.limit ?? DEFAULT_CANDIDATE_LIMIT));
  const today = options.today;
  const involved = new Set(dispute.involvedHashes);
  const preference = preferenceValues(options.picks);
  const hasPreference = preference.size > 0;
  const prior = options.outcomePrior ?? pooledPrior(mediators, dispute);
  const explain = options.explain !== false;
  const explainAll = options.explainExcluded === true;
  const explainIds = new Set<string>(Array.isArray(options.explainExcluded) ? options.explainExcluded : []);
  for (const id of preference.keys()) explainIds.add(id);

  const count = mediators.length;
  const scores = new Float64Array(count);
  const eligible = new Int32Array(count);
  let eligibleCount = 0;
  // Top `limit` eligible indices, best first: an insertion-sorted buffer beats sorting thousands.
  const top = new Int32Array(limit);
  let topSize = 0;
  const excludedIndices: number[] = [];

  for (let i = 0; i < count; i++) {
    const mediator = mediators[i] as RankedMediator;
    if (firstFailure(mediator, dispute, involved, today) !== undefined) {
      if (explainAll || (explainIds.size > 0 && explainIds.has(mediator.id))) excludedIndices.push(i);
      continue;
    }
    let score =
      W_SPECIALTY * specialtyFit(mediator, dispute) +
      W_OUTCOME * outcomeValue(mediator, dispute, prior) +
      W_LOAD * (1 - mediator.activeCases / mediator.capacity) +
      W_RESPONSE * responseSpeed(mediator);
    score += W_PREFERENCE * (hasPreference ? (preference.get(mediator.id) ?? 0) : 0);
    scores[i] = score;
    eligible[eligibleCount++] = i;
    if (limit === 0) continue;
    if (topSize === limit && !better(mediators, scores, i, top[topSize - 1] as number)) continue;
    let position = topSize < limit ? topSize++ : topSize - 1;
    while (position > 0 && better(mediators, scores, i, top[position - 1] as number)) {
      top[position] = top[position - 1] as number;
      position--;
    }
    top[position] = i;
  }

  const candidates: Candidate[] = [];
  for (let k = 0; k < topSize; k++) {
    const index = top[k] as number;
    const mediator = mediators[index] as RankedMediator;
    const score = scores[index] as number;
    candidates.push(
      explain
        ? explainCandidate(mediator, dispute, prior, preference, score, k + 1)
        : unexplainedCandidate(mediator, preference, score, k + 1),
    );
  }
  // Eligible picked mediators below the top: their rank among all eligible ones.
  if (hasPreference) {
    const inTop = new Set(candidates.map((candidate) => candidate.mediatorId));
    for (let e = 0; e < eligibleCount; e++) {
      const index = eligible[e] as number;
      const mediator = mediators[index] as RankedMediator;
      if (!preference.has(mediator.id) || inTop.has(mediator.id)) continue;
      let rank = 1;
      for (let f = 0; f < eligibleCount; f++) {
        if (better(mediators, scores, eligible[f] as number, index)) rank++;
      }
      const score = scores[index] as number;
      candidates.push(
        explain
          ? explainCandidate(mediator, dispute, prior, preference, score, rank)
          : unexplainedCandidate(mediator, preference, score, rank),
      );
    }
    candidates.sort((a, b) => a.rank - b.rank);
  }

  const excluded = excludedIndices.map((index) => {
    const mediator = mediators[index] as RankedMediator;
    return { mediatorId: mediator.id, reasons: exclusionReasons(mediator, dispute, today, involved) };
  });
  return { candidates, excluded, eligibleCount, excludedCount: count - eligibleCount, outcomePrior: prior };
}

/** Whether mediator `a` ranks above mediator `b`: higher score, then lower id. */
function better(mediators: readonly RankedMediator[], scores: Float64Array, a: number, b: number): boolean {
  const scoreA = scores[a] as number;
  const scoreB = scores[b] as number;
  if (scoreA !== scoreB) return scoreA > scoreB;
  return (mediators[a] as RankedMediator).id < (mediators[b] as RankedMediator).id;
}

/** A candidate without the explanation of its factors (`explain: false`). */
function unexplainedCandidate(
  mediator: RankedMediator,
  preference: ReadonlyMap<string, number>,
  score: number,
  rank: number,
): Candidate {
  return { mediatorId: mediator.id, rank, score, picked: preference.has(mediator.id), factors: [] };
}

function explainCandidate(
  mediator: RankedMediator,
  dispute: DisputeProfile,
  prior: number,
  preference: ReadonlyMap<string, number>,
  score: number,
  rank: number,
): Candidate {
  const category = label(dispute.category);
  const fit = specialtyFit(mediator, dispute);
  const record = mediator.record[dispute.category];
  const outcome = outcomeValue(mediator, dispute, prior);
  const load = 1 - mediator.activeCases / mediator.capacity;
  const speed = responseSpeed(mediator);
  const preferred = preference.get(mediator.id) ?? 0;
  const factor = (name: ScoreFactorName, value: number, explanation: string): ScoreFactor => ({
    factor: name,
    value,
    weight: SCORE_WEIGHTS[name],
    contribution: SCORE_WEIGHTS[name] * value,
    explanation,
  });
  return {
    mediatorId: mediator.id,
    rank,
    score,
    picked: preference.has(mediator.id),
    factors: [
      factor(
        'specialty_fit',
        fit,
        fit === 1
          ? `${capitalize(category)} is their primary specialty.`
          : `Lists ${category} among ${mediator.specialties.length} specialties, not as the primary one.`,
      ),
      factor(
        'outcome_record',
        outcome,
        record === undefined || record.closed === 0
          ? `No closed ${category} mediations yet; rated at the prior settlement rate of ${percent(prior)}.`
          : `Settled ${record.settled} of ${record.closed} closed ${category} mediations; smoothed towards the prior of ${percent(prior)}, ${percent(outcome)}.`,
      ),
      factor('current_load', load, `Holds ${mediator.activeCases} of a capacity of ${mediator.capacity} disputes.`),
      factor(
        'response_speed',
        speed,
        mediator.responseHoursMedian === undefined
          ? 'Has answered no offer yet; response speed counted as neutral.'
          : `Answers offers in a median of ${formatHours(mediator.responseHoursMedian)}.`,
      ),
      factor(
        'party_preference',
        preferred,
        preferred === 0
          ? 'No party picked this mediator.'
          : `Picked by the parties with a preference of ${percent(preferred)} (first picks count most).`,
      ),
    ],
  };
}

export type OfferBasis = 'unanimous_pick' | 'best_candidate';

export interface OfferDecision {
  mediatorId: string;
  basis: OfferBasis;
}

/**
 * The mediator to offer (DESIGN.md flow 1): when every party's first pick is the same mediator, that
 * mediator; otherwise the best candidate. Only candidates can be chosen, so a mediator a hard filter
 * excluded (a conflicted one above all) never is, even when picked. A pick of a mediator who is not a
 * candidate is ignored, so a party's first pick is its first pick among the candidates. A party who
 * posted no picks means there is no unanimous pick. Undefined when there is no candidate.
 */
export function decideOffer(
  candidates: readonly Candidate[],
  picksByParty: PicksByParty,
  partyIds: readonly string[],
): OfferDecision | undefined {
  if (candidates.length === 0) return undefined;
  const eligible = new Set(candidates.map((candidate) => candidate.mediatorId));
  let unanimous: string | undefined;
  for (const partyId of partyIds) {
    const first = (picksByParty[partyId] ?? []).find((id) => eligible.has(id));
    if (first === undefined || (unanimous !== undefined && first !== unanimous)) {
      unanimous = undefined;
      break;
    }
    unanimous = first;
  }
  if (unanimous !== undefined) return { mediatorId: unanimous, basis: 'unanimous_pick' };
  const best = candidates.reduce((a, b) => (a.rank <= b.rank ? a : b));
  return { mediatorId: best.mediatorId, basis: 'best_candidate' };
}

function label(category: string): string {
  return category.replaceAll('_', ' ');
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`;
}

function formatHours(hours: number): string {
  return hours < 1 ? `${Math.round(hours * 60)} minutes` : `${Math.round(hours * 10) / 10} hours`;
}
