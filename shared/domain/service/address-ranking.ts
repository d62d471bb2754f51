/**
 * The service plan (issue 4, item 2): a person's electronic addresses in the order the delivery
 * workflow tries them, each with an explained score; and the addresses left out, with why.
 *
 * Excluded (each with a code; an address may have several):
 * - `no_consent`: the recipient has not consented to electronic service, so no address is tried
 *   (DESIGN.md: "No electronic service without the recipient's consent");
 * - `invalid`: marked invalid (a hard bounce, a number that does not exist);
 * - `hard_bounced`: its last attempt bounced permanently, or it bounced and never delivered;
 * - `not_electronic`: postal and instant-messaging addresses are kept as records, never served to;
 * - `silent`: not designated by the recipient, and delivered to twice or more (attempts or reminders) without the
 *   person ever opening a document there (a reassigned number, an abandoned mailbox): it could
 *   only serve by a signature that has never come, so trying it again costs a message and a wait
 *   (issue 16). A designated address is never left out this way: its delivery serves by law.
 *
 * Score, in [0, 1]: the sum of five factors' contributions, value × weight, each value in [0, 1] and
 * the weights summing to 1 (`RANKING_WEIGHTS`):
 * - source reliability: how likely each source is to name an address that reaches the person
 *   (`SOURCE_RELIABILITY`); the most reliable source counts fully and each further independent
 *   source closes half of the remaining doubt, as sources partly copy one another;
 * - recency: 0.5^(age / 180 days) of the newest observation: people change numbers and mailboxes;
 * - outcome record: the address's own record smoothed by a Beta(1, 1) prior, so one success does not
 *   beat a long record, and a hard bounce weighs as much as five failures;
 * - channel speed: an SMS is read within minutes, an email later;
 * - completes at delivery: only at a recipient-designated address does the delivery receipt complete
 *   service; elsewhere the recipient must still sign in the portal, which takes hours.
 * An address whose last attempt failed (a soft bounce, no receipt) has its source's word and its
 * promise of completing at delivery halved for each failure no delivery has made up since
 * (`FAILURE_DISCOUNT`): a designated number that just failed is still the person's own word, but
 * next time an address that works, or one not yet tried, goes first; one delivery restores it.
 * Ties break by channel (SMS first, for speed), then by address id, so a plan is deterministic.
 *
 * Each planned address also says what earlier services showed of it (`addressReach`, issue 16):
 * whether it is known to reach the person, known to be delivered to without reaching them, or
 * untested. A delivery receipt says the message arrived, not that anyone read it; what the person
 * opened or signed for says who reads where.
 */
import type {
  Address,
  AddressChannel,
  AddressOutcomes,
  AddressSource,
  ServiceChannel,
  ServiceConsentRecord,
} from './address';
import { completesAtDelivery } from './service-completion';

export const rankingFactors = [
  'source_reliability',
  'recency',
  'outcome_record',
  'channel_speed',
  'completes_at_delivery',
] as const;
export type RankingFactorName = (typeof rankingFactors)[number];

/**
 * Weights: who named the address and what happened there say most about whether it reaches the
 * person; completing at delivery saves the hours a portal signature takes; recency and channel speed
 * refine the order among otherwise similar addresses.
 */
export const RANKING_WEIGHTS: Readonly<Record<RankingFactorName, number>> = {
  source_reliability: 0.3,
  outcome_record: 0.25,
  completes_at_delivery: 0.2,
  recency: 0.15,
  channel_speed: 0.1,
};

/**
 * How likely an address from each source reaches the person, on [0, 1]. The recipient's own
 * designation is the best evidence there is; an address that served them before has been shown to
 * work; court and registration records are official but go stale (people rarely update them);
 * addresses seen in civil activity (shopping, contracts) are often old or shared; the other party
 * has an interest in the opposite side not being reached and may simply be wrong.
 */
export const SOURCE_RELIABILITY: Readonly<Record<AddressSource, number>> = {
  recipient_designated: 1,
  earlier_service: 0.85,
  court_record: 0.6,
  registration_record: 0.6,
  civil_activity_record: 0.45,
  other_party_provided: 0.3,
};

/**
 * Confidence decays with the age of the observation, faster for sources that go stale (issue 16):
 * people rarely update registration and court records, shops and the other party see an address
 * once; a designation is the person's own word and lasts. The reliability a source lends an
 * address halves over its half-life.
 */
export const SOURCE_HALF_LIFE_DAYS: Readonly<Record<AddressSource, number>> = {
  recipient_designated: 5 * 365,
  earlier_service: 3 * 365,
  court_record: 2 * 365,
  registration_record: 2 * 365,
  civil_activity_record: 365,
  other_party_provided: 365,
};

/** A further source closes this share of the remaining doubt (not all: sources copy one another). */
const CORROBORATION_SHARE = 0.5;
export const RECENCY_HALF_LIFE_DAYS = 180;
const DAY_MS = 86_400_000;
/** Beta prior of the outcome record: a never-tried address scores 0.5. */
const PRIOR_SUCCESSES = 1;
const PRIOR_FAILURES = 1;
/** A permanent bounce says the address is gone; a soft bounce or missing receipt may be transient. */
const HARD_BOUNCE_WEIGHT = 5;
/**
 * A delivery nobody signed for counts half a success and half a failure: the message arrived, but
 * the number may have been reassigned or the mailbox abandoned.
 */
const UNACKNOWLEDGED_DELIVERY_CREDIT = 0.5;
/** What a source's word and a delivery's promise keep per failure not made up by a delivery. */
export const FAILURE_DISCOUNT = 0.5;
export const CHANNEL_SPEED: Readonly<Record<ServiceChannel, number>> = { sms: 1, email: 0.6 };
const CHANNEL_ORDER: Readonly<Record<ServiceChannel, number>> = { sms: 0, email: 1 };

export const exclusionCodes = ['no_consent', 'invalid', 'hard_bounced', 'not_electronic', 'silent'] as const;
export type ExclusionCode = (typeof exclusionCodes)[number];

export interface ExclusionReason {
  code: ExclusionCode;
  reason: string;
}

export interface RankingFactor {
  name: RankingFactorName;
  value: number;
  weight: number;
  contribution: number;
  explanation: string;
}

/**
 * What earlier services showed of an address (issue 16):
 * - `reaches`: the person opened or signed for a document through it;
 * - `silent`: messages were delivered there and never opened, while the person did open what
 *   reached them elsewhere, or it was delivered to twice without an opening (a reassigned number,
 *   a mailbox nobody reads);
 * - `untested`: neither (never delivered to, or once, by a person never reached anywhere).
 */
export type AddressReach = 'reaches' | 'silent' | 'untested';

export function addressReach(address: Address, book: readonly Address[]): AddressReach {
  if (reaches(address)) return 'reaches';
  const o = address.outcomes;
  if (o.delivered === 0) return 'untested';
  const respondsElsewhere = book.some((other) => other.addressId !== address.addressId && reaches(other));
  return respondsElsewhere || o.delivered >= 2 ? 'silent' : 'untested';
}

/** Deliveries in this many services without an opening leave a non-designated address out of the plan. */
export const SILENT_AFTER_DELIVERIES = 2;

function knownSilent(address: Address): boolean {
  if (reaches(address) || address.sources.some((s) => s.source === 'recipient_designated')) return false;
  return address.outcomes.delivered >= SILENT_AFTER_DELIVERIES;
}

function reaches(address: Address): boolean {
  return (address.outcomes.reached ?? 0) > 0 || address.outcomes.acknowledged > 0;
}

export interface RankedAddress {
  addressId: string;
  channel: ServiceChannel;
  value: string;
  sources: AddressSource[];
  /** Sum of the factors' contributions, in [0, 1]. */
  score: number;
  /** Whether the delivery receipt alone completes service here. */
  completesAtDelivery: boolean;
  /** What earlier services showed of it: the notice reminder's timing and address follow it. */
  reach: AddressReach;
  factors: RankingFactor[];
}

export interface RankingContext {
  now: Date;
  consent: ServiceConsentRecord | undefined;
}

export interface ServicePlan {
  plan: RankedAddress[];
  excluded: { addressId: string; reasons: ExclusionReason[] }[];
}

export function rankAddresses(book: readonly Address[], context: RankingContext): ServicePlan {
  const plan: RankedAddress[] = [];
  const excluded: ServicePlan['excluded'] = [];
  const staleness = sourceStaleness(book);
  for (const address of book) {
    const reasons = exclusionsOf(address, context);
    if (reasons.length > 0) excluded.push({ addressId: address.addressId, reasons });
    else plan.push(scoreAddress(address as Address & { channel: ServiceChannel }, context.now, staleness, book));
  }
  plan.sort(byRank);
  return { plan, excluded };
}

function isElectronic(channel: AddressChannel): channel is ServiceChannel {
  return channel === 'sms' || channel === 'email';
}

function exclusionsOf(address: Address, context: RankingContext): ExclusionReason[] {
  const reasons: ExclusionReason[] = [];
  if (context.consent === undefined) {
    reasons.push({ code: 'no_consent', reason: 'the recipient has not consented to electronic service' });
  }
  if (!isElectronic(address.channel)) {
    reasons.push({ code: 'not_electronic', reason: `${address.channel} addresses are kept as records only` });
  }
  if (address.invalid === true) reasons.push({ code: 'invalid', reason: 'marked invalid' });
  const { hardBounces, delivered, lastOutcome } = address.outcomes;
  if (lastOutcome === 'hard_bounce' || (hardBounces > 0 && delivered === 0)) {
    reasons.push({ code: 'hard_bounced', reason: `bounced permanently (${hardBounces}×)` });
  }
  if (knownSilent(address)) {
    reasons.push({
      code: 'silent',
      reason: `delivered ${delivered}× and never opened; not designated by the recipient`,
    });
  }
  return reasons;
}

function scoreAddress(
  address: Address & { channel: ServiceChannel },
  now: Date,
  staleness: ReadonlyMap<AddressSource, number>,
  book: readonly Address[],
): RankedAddress {
  const sources = address.sources.map((s) => s.source);
  const designated = completesAtDelivery(sources);
  const reach = addressReach(address, book);
  const failing = failuresNotMadeUp(address.outcomes);
  const kept = FAILURE_DISCOUNT ** failing;
  const failed = failing > 0 ? `; last attempt failed (${failing}× since it last delivered): ×${kept.toFixed(2)}` : '';
  const factors = [
    factor(
      'source_reliability',
      sourceConfidence(address, now, staleness) * kept,
      `${explainSources(sources)}${failed}`,
    ),
    recencyFactor(address, now),
    outcomeFactor(address, reach),
    factor(
      'channel_speed',
      CHANNEL_SPEED[address.channel],
      `${address.channel} (${address.channel === 'sms' ? 'read within minutes' : 'read later'})`,
    ),
    factor(
      'completes_at_delivery',
      designated ? kept : 0,
      designated
        ? `designated by the recipient: delivery completes service${failed}`
        : 'needs the recipient to sign in the portal',
    ),
  ];
  return {
    addressId: address.addressId,
    channel: address.channel,
    value: address.value,
    sources,
    score: factors.reduce((sum, f) => sum + f.contribution, 0),
    completesAtDelivery: designated,
    reach,
    factors,
  };
}

/**
 * Failed attempts (soft bounces, sends without a receipt) not made up by a delivery, when the last
 * attempt failed; none once the last attempt delivered. The book keeps counts, not the sequence:
 * the failures beyond the deliveries, at least the last one.
 */
export function failuresNotMadeUp(o: AddressOutcomes): number {
  if (o.lastOutcome !== 'soft_bounce' && o.lastOutcome !== 'no_receipt') return 0;
  const failures = o.softBounces + Math.max(0, o.attempts - o.delivered - o.hardBounces - o.softBounces);
  return Math.max(1, failures - o.delivered);
}

function factor(name: RankingFactorName, value: number, explanation: string): RankingFactor {
  const weight = RANKING_WEIGHTS[name];
  return { name, value, weight, contribution: value * weight, explanation };
}

/** The most reliable source fully, each further one closing part of the remaining doubt. */
export function sourceReliability(sources: readonly AddressSource[]): number {
  const reliabilities = [...new Set(sources)].map((s) => SOURCE_RELIABILITY[s]).sort((a, b) => b - a);
  const [best = 0, ...others] = reliabilities;
  const doubt = others.reduce((remaining, r) => remaining * (1 - CORROBORATION_SHARE * r), 1 - best);
  return 1 - doubt;
}

/**
 * Each source's reliability, decayed with the age of its observation and scaled by what this
 * person's book has taught about the source, corroborated as in `sourceReliability`.
 */
function sourceConfidence(address: Address, now: Date, staleness: ReadonlyMap<AddressSource, number>): number {
  const confidences = address.sources
    .map((observation) => {
      const observed = Date.parse(observation.observedAt);
      const ageDays = Number.isNaN(observed) ? 0 : Math.max(0, (now.getTime() - observed) / DAY_MS);
      const decay = 0.5 ** (ageDays / SOURCE_HALF_LIFE_DAYS[observation.source]);
      return SOURCE_RELIABILITY[observation.source] * decay * (staleness.get(observation.source) ?? 1);
    })
    .sort((a, b) => b - a);
  const [best = 0, ...others] = confidences;
  const doubt = others.reduce((remaining, r) => remaining * (1 - CORROBORATION_SHARE * r), 1 - best);
  return 1 - doubt;
}

/**
 * Learning which sources go stale for this person: an address a source named that bounced, or was
 * delivered to without the person ever signing there, counts against the source; one the person
 * signed for counts for it. The share (with one success as a prior) scales the source's
 * reliability for the person's other addresses. A designation is the person's own word and is not
 * learned against.
 */
function sourceStaleness(book: readonly Address[]): Map<AddressSource, number> {
  const tally = new Map<AddressSource, { good: number; bad: number }>();
  for (const address of book) {
    const o = address.outcomes;
    const good = reaches(address);
    const bad = !good && (o.hardBounces > 0 || o.delivered > 0 || o.lastOutcome === 'no_receipt');
    if (!good && !bad) continue;
    for (const { source } of address.sources) {
      if (source === 'recipient_designated') continue;
      const entry = tally.get(source) ?? { good: 0, bad: 0 };
      if (good) entry.good += 1;
      else entry.bad += 1;
      tally.set(source, entry);
    }
  }
  return new Map([...tally].map(([source, { good, bad }]) => [source, (good + 1) / (good + bad + 1)]));
}

function explainSources(sources: readonly AddressSource[]): string {
  const list = sources.length === 0 ? 'no source' : sources.join(', ');
  return sources.length > 1 ? `named by ${sources.length} sources: ${list}` : `named by ${list}`;
}

function recencyFactor(address: Address, now: Date): RankingFactor {
  const newest = Math.max(...address.sources.map((s) => Date.parse(s.observedAt)).filter((ms) => !Number.isNaN(ms)));
  if (!Number.isFinite(newest)) return factor('recency', 0, 'never observed');
  const ageDays = Math.max(0, (now.getTime() - newest) / DAY_MS);
  return factor('recency', 0.5 ** (ageDays / RECENCY_HALF_LIFE_DAYS), `last observed ${Math.round(ageDays)} days ago`);
}

/**
 * The outcome record: openings and signatures count as successes; a delivery nobody opened counts
 * half, or nothing once the address is known to be silent.
 */
function outcomeFactor(address: Address, reach: AddressReach): RankingFactor {
  const o = address.outcomes;
  const reachedCount = Math.max(o.acknowledged, o.reached ?? 0);
  const unacknowledged = Math.max(0, o.delivered - reachedCount);
  const unreached = Math.max(0, o.attempts - o.delivered - o.hardBounces - o.softBounces);
  const credit = reach === 'silent' ? 0 : UNACKNOWLEDGED_DELIVERY_CREDIT;
  const successes = reachedCount + credit * unacknowledged;
  const failures = HARD_BOUNCE_WEIGHT * o.hardBounces + o.softBounces + unreached + (1 - credit) * unacknowledged;
  const value = (successes + PRIOR_SUCCESSES) / (successes + failures + PRIOR_SUCCESSES + PRIOR_FAILURES);
  const explanation =
    o.attempts === 0
      ? 'never tried (prior 0.5)'
      : `${o.attempts} attempts: ${o.delivered} delivered, ${o.reached ?? 0} opened, ${o.acknowledged} signed for, ${o.hardBounces} hard and ${o.softBounces} soft bounces${reach === 'silent' ? ' (silent: delivered, never opened)' : ''}`;
  return factor('outcome_record', value, explanation);
}

function byRank(a: RankedAddress, b: RankedAddress): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.channel !== b.channel) return CHANNEL_ORDER[a.channel] - CHANNEL_ORDER[b.channel];
  return a.addressId < b.addressId ? -1 : a.addressId > b.addressId ? 1 : 0;
}
