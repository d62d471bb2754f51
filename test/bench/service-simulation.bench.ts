import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Random } from '../../infra/local/seed/seeded-random';
import type { Address, AddressChannel, AddressSource, ServiceConsentRecord } from '../../shared/domain/service/address';
import {
  type AddressCandidate,
  addressKey,
  type CandidateInput,
  mergeIntoBook,
  validateBatch,
} from '../../shared/domain/service/address-book';
import { rankAddresses } from '../../shared/domain/service/address-ranking';
import {
  type AttemptOutcome,
  type AttemptTimes,
  completesServiceAt,
  earlierServiceSource,
  recordOutcome,
  serviceTime,
} from '../../shared/domain/service/service-completion';
import { projectRoot } from '../support/project-root';
import {
  CONSENT,
  DELIVERY,
  DESIGNATION,
  HANDLES,
  PLATFORM,
  POPULATION,
  PUBLISHED,
  RESPONSE,
  SOURCES,
  type SourceModel,
} from './service-simulation-parameters';
import { seededRandom } from './synthetic-roster';
import { type Benchmark, type BenchRow, fixed, percentile } from './types';

/**
 * The service simulation (DESIGN.md, "Budgets"; issue 4, "Done when"): a seeded population of
 * recipients drawn from `service-simulation-parameters.ts`, served case after case on a simulated
 * clock by three strategies, with the platform's own normalization, merging, ranking, completion
 * and learning code (no I/O). Every strategy meets the same people, the same handles and the same
 * per-message chance (each message's draws depend only on recipient, case and handle), so the
 * differences come from the strategies alone.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const EPOCH_MS = Date.parse('2026-01-01T00:00:00.000Z');
const GOAL_SHARE_OF_CEILING = 0.98;
const GOAL_MEDIAN_MS = 2 * HOUR_MS;
const CHART_FILE = 'docs/service-simulation.svg';

type HandleState = 'working' | 'silent' | 'dead';

interface Handle {
  channel: 'sms' | 'email';
  value: string;
  state: HandleState;
}

interface Recipient {
  index: number;
  personHash: string;
  consent: ServiceConsentRecord | undefined;
  /** Index 0 is the current mobile. */
  handles: Handle[];
  /** The case from which the current mobile no longer works (churn), or Infinity. */
  churnCase: number;
  neverSigns: boolean;
  responseMedianMs: number;
  book: Address[];
  handleOf: Map<string, number>;
  registeredAddressId: string | undefined;
  otherPartyAddressId: string | undefined;
}

interface Attempt extends AttemptTimes {
  addressId: string;
  outcome: AttemptOutcome;
}

interface CaseResult {
  /** Time from the case's start to service; undefined when not served. */
  servedAfterMs: number | undefined;
  attempts: Attempt[];
  inCeiling: boolean;
}

type Strategy = (recipient: Recipient, caseIndex: number) => CaseResult;

/** A well-mixed 32-bit seed from a few integers, so every message has a stream of its own. */
function mix(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ part, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

function normal(random: Random): number {
  const u1 = Math.max(random(), Number.MIN_VALUE);
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * random());
}

function lognormal(random: Random, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(random));
}

function chance(random: Random, p: number): boolean {
  return random() < p;
}

function uniformIn(random: Random, [low, high]: readonly [number, number]): number {
  return low + random() * (high - low);
}

function weighted<K extends string>(random: Random, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let u = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) {
    u -= w;
    if (u < 0) return key;
  }
  return (entries[entries.length - 1] as [K, number])[0];
}

// ── population ──────────────────────────────────────────────────────────────────────────────────

class PopulationBuilder {
  readonly handles: Handle[] = [];
  readonly candidates: CandidateInput[] = [];
  private currentEmail: number | undefined;
  private oldMobile: number | undefined;
  private oldEmail: number | undefined;

  constructor(
    private readonly random: Random,
    private readonly index: number,
  ) {
    this.addHandle('sms', chance(random, HANDLES.currentMobileWorks) ? 'working' : 'silent');
    if (chance(random, HANDLES.hasOldMobile)) {
      this.oldMobile = this.addHandle('sms', chance(random, HANDLES.oldMobileDead) ? 'dead' : 'silent');
    }
    if (chance(random, HANDLES.hasCurrentEmail)) this.currentEmail = this.addHandle('email', 'working');
    if (chance(random, HANDLES.hasOldEmail)) {
      this.oldEmail = this.addHandle('email', chance(random, HANDLES.oldEmailDead) ? 'dead' : 'silent');
    }
  }

  private addHandle(channel: 'sms' | 'email', state: HandleState): number {
    const n = this.handles.length;
    const id = `${String(this.index).padStart(5, '0')}${String(n).padStart(3, '0')}`;
    // Mobile block 139 + 8 digits; a few mailboxes on an IDN domain, to exercise its normalization.
    const value = channel === 'sms' ? `139${id}` : n % 3 === 0 ? `p${id}@例子.中国` : `P${id}@Example.COM`;
    this.handles.push({ channel, value, state });
    return n;
  }

  /** The handle a source names: the current one with probability `current`, else a stale or wrong one. */
  private nameHandle(channel: 'sms' | 'email', current: number): number {
    const isCurrent = chance(this.random, current);
    if (channel === 'sms') {
      if (isCurrent) return 0;
      return this.oldMobile ?? this.wrongHandle('sms');
    }
    if (isCurrent && this.currentEmail !== undefined) return this.currentEmail;
    return this.oldEmail ?? this.wrongHandle('email');
  }

  private wrongHandle(channel: 'sms' | 'email'): number {
    return this.addHandle(channel, chance(this.random, HANDLES.wrongHandleDead) ? 'dead' : 'silent');
  }

  addSource(source: AddressSource, model: Pick<SourceModel, 'sms' | 'current' | 'ageDays'>): void {
    const channel: 'sms' | 'email' = chance(this.random, model.sms) ? 'sms' : 'email';
    const handle = this.handles[this.nameHandle(channel, model.current)] as Handle;
    const observedAt = new Date(EPOCH_MS - uniformIn(this.random, model.ageDays) * DAY_MS).toISOString();
    this.candidates.push({ channel, value: handle.value, source, observedAt, reference: `sim:${source}` });
  }
}

function buildRecipient(index: number): Recipient {
  const random = seededRandom(mix(POPULATION.seed, index));
  const consented = chance(random, CONSENT.share);
  const basis = consented ? weighted(random, CONSENT.basis) : undefined;
  const builder = new PopulationBuilder(random, index);

  for (const [source, model] of Object.entries(SOURCES) as [AddressSource, SourceModel][]) {
    if (chance(random, model.present)) builder.addSource(source, model);
  }
  if (basis === 'platform_declaration') {
    builder.addSource('recipient_designated', { sms: DESIGNATION.sms, ...DESIGNATION.platformDeclaration });
  } else if (basis === 'contract_clause') {
    builder.addSource('recipient_designated', { sms: DESIGNATION.sms, ...DESIGNATION.contractClause });
  } else if (basis === 'earlier_litigation') {
    builder.addSource('earlier_service', { sms: DESIGNATION.sms, ...DESIGNATION.earlierLitigation });
  }

  const personHash = `sim-person-${index}`;
  const validated = validateBatch(builder.candidates, { defaultRegion: 'CN' });
  if (!validated.ok) throw new Error(`population: invalid candidates ${JSON.stringify(validated.errors)}`);
  let nextId = 0;
  const book = mergeIntoBook([], validated.candidates, () => `addr_${index}_${nextId++}`, personHash);
  const handleOf = mapAddressesToHandles(builder, validated.candidates);

  const churnCase = firstChurnCase(random);
  const firstOf = (source: AddressSource, channel?: AddressChannel) =>
    book.find((a) => a.sources.some((s) => s.source === source) && (channel === undefined || a.channel === channel))
      ?.addressId;
  return {
    index,
    personHash,
    consent: basis === undefined ? undefined : { basis, recordedAt: new Date(EPOCH_MS).toISOString() },
    handles: builder.handles,
    churnCase,
    neverSigns: chance(random, RESPONSE.neverSigns),
    responseMedianMs: lognormal(random, RESPONSE.smsMedianHours * HOUR_MS, RESPONSE.personSigma),
    book,
    handleOf,
    registeredAddressId: firstOf('registration_record', 'sms'),
    otherPartyAddressId: firstOf('other_party_provided'),
  };
}

/** Normalized value → handle: normalization (E.164, punycode) changes how the value is written. */
function mapAddressesToHandles(
  builder: PopulationBuilder,
  candidates: readonly AddressCandidate[],
): Map<string, number> {
  const handleOf = new Map<string, number>();
  builder.candidates.forEach((raw, i) => {
    const normalized = candidates[i] as AddressCandidate;
    const handle = builder.handles.findIndex((h) => h.value === raw.value && h.channel === raw.channel);
    handleOf.set(addressKey(normalized.channel, normalized.value), handle);
  });
  return handleOf;
}

function firstChurnCase(random: Random): number {
  for (let c = 1; c < POPULATION.casesPerRecipient; c++) if (chance(random, HANDLES.churnPerCaseInterval)) return c;
  return Number.POSITIVE_INFINITY;
}

function handleState(recipient: Recipient, handle: number, caseIndex: number): HandleState {
  if (handle === 0 && caseIndex >= recipient.churnCase) return 'dead';
  return (recipient.handles[handle] as Handle).state;
}

function handleOfAddress(recipient: Recipient, address: Address): number {
  const handle = recipient.handleOf.get(addressKey(address.channel, address.value));
  if (handle === undefined) throw new Error(`no handle for ${address.addressId}`);
  return handle;
}

/** The ceiling: consent and at least one known electronic address that reaches the person. */
function inCeiling(recipient: Recipient, caseIndex: number): boolean {
  return (
    recipient.consent !== undefined &&
    recipient.book.some((a) => handleState(recipient, handleOfAddress(recipient, a), caseIndex) === 'working')
  );
}

// ── one case on the simulated clock ─────────────────────────────────────────────────────────────

function caseStartMs(caseIndex: number): number {
  return EPOCH_MS + caseIndex * POPULATION.daysBetweenCases * DAY_MS;
}

const iso = (ms: number) => new Date(ms).toISOString();

/**
 * One message, sent at `sentMs`: its fate drawn from its own stream (recipient, case, handle), so
 * every strategy that sends it sees the same fate. Returns the attempt and when the workflow moves on.
 */
function sendMessage(
  recipient: Recipient,
  caseIndex: number,
  address: Address,
  sentMs: number,
): { attempt: Attempt; moveOnMs: number } {
  const handle = handleOfAddress(recipient, address);
  const random = seededRandom(mix(POPULATION.seed, recipient.index, caseIndex, handle, 0x5e4d));
  const sms = address.channel === 'sms';
  const base = { addressId: address.addressId, addressSources: address.sources.map((s) => s.source) };
  const state = handleState(recipient, handle, caseIndex);
  const transient = chance(random, sms ? DELIVERY.smsTransientFailure : DELIVERY.emailTransientFailure);
  const latencyMs = lognormal(
    random,
    (sms ? DELIVERY.smsReceiptMedianSeconds : DELIVERY.emailDeliveryMedianSeconds) * 1000,
    DELIVERY.latencySigma,
  );
  const responseMs = lognormal(
    random,
    recipient.responseMedianMs * (sms ? 1 : RESPONSE.emailMedianFactor),
    RESPONSE.messageSigma,
  );

  if (state === 'dead') {
    return { attempt: { ...base, outcome: 'hard_bounce' }, moveOnMs: sentMs + DELIVERY.bounceSeconds * 1000 };
  }
  if (transient) {
    const timeout = (sms ? PLATFORM.smsReceiptTimeoutMinutes : PLATFORM.emailDeliveryTimeoutMinutes) * MINUTE_MS;
    return { attempt: { ...base, outcome: sms ? 'no_receipt' : 'soft_bounce' }, moveOnMs: sentMs + timeout };
  }
  const deliveredMs = sentMs + latencyMs;
  const acknowledgedMs = deliveredMs + responseMs;
  const signs =
    state === 'working' && !recipient.neverSigns && acknowledgedMs <= sentMs + PLATFORM.linkValidityDays * DAY_MS;
  const attempt: Attempt = {
    ...base,
    outcome: 'delivered',
    deliveredAt: iso(deliveredMs),
    ...(signs ? { acknowledgedAt: iso(acknowledgedMs) } : {}),
  };
  return { attempt, moveOnMs: deliveredMs + PLATFORM.acknowledgementWaitHours * HOUR_MS };
}

/**
 * Tries the addresses in order until one serves: the next address is tried only when the earlier
 * attempts have not served by the time the workflow moves on (a signature through an earlier link
 * still counts, whenever it comes within the link's validity).
 */
function serveInOrder(recipient: Recipient, caseIndex: number, order: readonly Address[]): CaseResult {
  const startMs = caseStartMs(caseIndex);
  const attempts: Attempt[] = [];
  let clock = startMs;
  for (const address of order) {
    const served = serviceTime(attempts);
    if (served !== undefined && Date.parse(served) <= clock) break;
    const { attempt, moveOnMs } = sendMessage(recipient, caseIndex, address, clock);
    attempts.push(attempt);
    clock = moveOnMs;
  }
  const served = serviceTime(attempts);
  return {
    servedAfterMs: served === undefined ? undefined : Date.parse(served) - startMs,
    attempts,
    inCeiling: inCeiling(recipient, caseIndex),
  };
}

function addressById(recipient: Recipient, addressId: string | undefined): Address[] {
  const address = recipient.book.find((a) => a.addressId === addressId);
  return address === undefined ? [] : [address];
}

/** (a) The registered number only, by SMS: what a court without address intelligence does. */
const registeredOnly: Strategy = (recipient, caseIndex) =>
  serveInOrder(recipient, caseIndex, recipient.consent ? addressById(recipient, recipient.registeredAddressId) : []);

/** (b) The first address the other party gave. */
const otherPartyFirst: Strategy = (recipient, caseIndex) =>
  serveInOrder(recipient, caseIndex, recipient.consent ? addressById(recipient, recipient.otherPartyAddressId) : []);

/** (c) The platform: its ranking, fallback across the plan, learning from every outcome. */
const platformRanking: Strategy = (recipient, caseIndex) => {
  const now = new Date(caseStartMs(caseIndex));
  const { plan } = rankAddresses(recipient.book, { now, consent: recipient.consent });
  const order = plan.map((ranked) => recipient.book.find((a) => a.addressId === ranked.addressId) as Address);
  const result = serveInOrder(recipient, caseIndex, order);
  recipient.book = learn(recipient, result.attempts, caseIndex);
  return result;
};

/** Each attempt's outcome into its address; the address that served gains `earlier_service`. */
function learn(recipient: Recipient, attempts: readonly Attempt[], caseIndex: number): Address[] {
  const served = serviceTime(attempts);
  const servedBy = attempts.find((a) => served !== undefined && completesServiceAt(a) === served);
  let book = recipient.book;
  for (const attempt of attempts) {
    const signedHere = attempt === servedBy && attempt.acknowledgedAt === served;
    const outcome: AttemptOutcome = signedHere ? 'acknowledged' : attempt.outcome;
    const at = attempt.acknowledgedAt ?? attempt.deliveredAt ?? iso(caseStartMs(caseIndex));
    book = book.map((a) => (a.addressId === attempt.addressId ? recordOutcome(a, outcome, at) : a));
  }
  const address = book.find((a) => a.addressId === servedBy?.addressId);
  if (address === undefined || served === undefined) return book;
  const observation = earlierServiceSource(served, `sim:case:${caseIndex}`);
  return mergeIntoBook(
    book,
    [{ channel: address.channel, value: address.value, ...observation }],
    () => {
      throw new Error('learning never adds an address');
    },
    recipient.personHash,
  );
}

// ── the run ─────────────────────────────────────────────────────────────────────────────────────

interface Tally {
  label: string;
  documents: number;
  served: number;
  ceiling: number;
  attempts: number;
  times: number[];
}

function tally(label: string): Tally {
  return { label, documents: 0, served: 0, ceiling: 0, attempts: 0, times: [] };
}

function count(into: Tally, result: CaseResult): void {
  into.documents++;
  into.attempts += result.attempts.length;
  if (result.inCeiling) into.ceiling++;
  if (result.servedAfterMs !== undefined) {
    into.served++;
    into.times.push(result.servedAfterMs);
  }
}

export interface SimulationResult {
  strategies: Tally[];
  /** Breakdowns of (c): informational. */
  platformRows: Tally[];
  seconds: number;
}

export function simulate(): SimulationResult {
  const started = performance.now();
  const a = tally('(a) registered number only, SMS');
  const b = tally('(b) first address the other party gave');
  const c = tally('(c) platform: ranking, fallback, learning');
  const platformFirst = tally('(c) first case of each recipient');
  const platformLater = tally('(c) later cases (after learning)');
  const undesignated = tally('(c) recipients with no designated address');
  for (let r = 0; r < POPULATION.recipients; r++) {
    const recipient = buildRecipient(r);
    const hasDesignated = recipient.book.some((a) => a.sources.some((s) => s.source === 'recipient_designated'));
    for (let caseIndex = 0; caseIndex < POPULATION.casesPerRecipient; caseIndex++) {
      count(a, registeredOnly(recipient, caseIndex));
      count(b, otherPartyFirst(recipient, caseIndex));
      const platform = platformRanking(recipient, caseIndex);
      count(c, platform);
      count(caseIndex === 0 ? platformFirst : platformLater, platform);
      if (!hasDesignated) count(undesignated, platform);
    }
  }
  return {
    strategies: [a, b, c],
    platformRows: [platformFirst, platformLater, undesignated],
    seconds: (performance.now() - started) / 1000,
  };
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < HOUR_MS) return `${fixed(ms / MINUTE_MS, 1)} min`;
  if (ms < 2 * DAY_MS) return `${fixed(ms / HOUR_MS, 1)} h`;
  return `${fixed(ms / DAY_MS, 1)} d`;
}

const percent = (part: number, whole: number) => `${fixed((100 * part) / whole, 1)}%`;

function row(t: Tally, goal: boolean): BenchRow {
  const median = percentile(t.times, 50);
  const shareOfCeiling = t.served / t.ceiling;
  const meetsShare = shareOfCeiling >= GOAL_SHARE_OF_CEILING;
  const meetsMedian = median <= GOAL_MEDIAN_MS;
  const misses = [
    ...(meetsShare ? [] : [`served ${percent(t.served, t.ceiling)} of the ceiling`]),
    ...(meetsMedian ? [] : [`median ${duration(median)}`]),
  ];
  return {
    cells: {
      Strategy: t.label,
      Documents: t.documents,
      Served: percent(t.served, t.documents),
      Ceiling: percent(t.ceiling, t.documents),
      'Served / ceiling': percent(t.served, t.ceiling),
      Median: duration(median),
      p90: duration(percentile(t.times, 90)),
      'Attempts / served': fixed(t.attempts / t.served, 2),
    },
    budget: goal ? `≥ ${GOAL_SHARE_OF_CEILING * 100}% of ceiling, median ≤ 2 h` : '-',
    verdict: goal ? (misses.length === 0 ? 'pass' : 'fail') : 'info',
    ...(misses.length > 0 && goal ? { remark: misses.join('; ') } : {}),
  };
}

export const serviceSimulation: Benchmark = {
  name: 'service-simulation',
  title: 'Electronic service: simulated population of 10,000 recipients',
  description:
    'A seeded population of 10,000 recipients (addresses from six sources, their validity, consent and response ' +
    'times drawn from test/bench/service-simulation-parameters.ts, which names the source of every figure), each ' +
    `served in ${POPULATION.casesPerRecipient} cases ${POPULATION.daysBetweenCases} days apart on a simulated clock ` +
    'with the platform’s own code (address-book, address-ranking, service-completion; no I/O). Strategies: (a) the ' +
    'registered number only, by SMS; (b) the first address the other party gave; (c) the platform’s ranking with ' +
    'fallback across addresses and learning between cases. Ceiling: documents whose recipient consented and has at ' +
    'least one known address that reaches them. Times are from the service request to the legal completion of ' +
    'service (delivery at a designated address, else the portal signature), over served documents. Goal from ' +
    'DESIGN.md for (c): served ≥ 98% of the ceiling and median ≤ 2 hours.',
  async run() {
    const { strategies, platformRows, seconds } = simulate();
    const rows = [...strategies.map((t) => row(t, t === strategies[2])), ...platformRows.map((t) => row(t, false))];
    await writeChart(strategies);
    return {
      columns: ['Strategy', 'Documents', 'Served', 'Ceiling', 'Served / ceiling', 'Median', 'p90', 'Attempts / served'],
      rows,
      notes: [
        `![Time to service, cumulative share of documents per strategy](${CHART_FILE})`,
        `Published inputs (issue 4 / court reports): e-service success ${PUBLISHED.courtElectronicSuccessLow * 100}%–${PUBLISHED.courtElectronicSuccessHigh * 100}% (its midpoint is the chance a registered number reaches the person), about ${PUBLISHED.courtElectronicServiceHours} h to serve electronically (anchors the response-time assumption), ${PUBLISHED.postalServiceDays}+ days by post (the chart's reference line). Every other input is an assumption, marked as such in the parameters file, fixed before the first run and not tuned toward these results.`,
        `Platform settings: SMS receipt timeout ${PLATFORM.smsReceiptTimeoutMinutes} min, email ${PLATFORM.emailDeliveryTimeoutMinutes} min; after a delivery that does not complete service the next address is tried ${PLATFORM.acknowledgementWaitHours} h later; portal links valid ${PLATFORM.linkValidityDays} days (a late signature through an earlier link counts).`,
        'The same message (recipient, case, handle) has the same fate under every strategy; no strategy sends without consent. Attempts / served counts every message sent, including those to recipients never served.',
        'The 2 h median rests on designated addresses, where delivery completes service: the row for recipients with no designated address shows what portal signatures alone give (their response time is an assumption anchored on the published "about a day").',
        'A delivery to a designated address completes service even if the number was since reassigned (the rule of DESIGN.md); such documents count as served and can put a strategy above the ceiling.',
        `Simulated ${POPULATION.recipients * POPULATION.casesPerRecipient * 3} services in ${fixed(seconds, 1)} s, seed ${POPULATION.seed}.`,
      ],
    };
  },
};

// ── chart ───────────────────────────────────────────────────────────────────────────────────────

const CHART = { width: 720, height: 400, left: 60, right: 20, top: 30, bottom: 50 } as const;
const CHART_MIN_MS = MINUTE_MS;
const CHART_MAX_MS = 30 * DAY_MS;
const CHART_COLOURS = ['#d62728', '#ff7f0e', '#1f77b4'] as const;
const CHART_TICKS: readonly [number, string][] = [
  [MINUTE_MS, '1 min'],
  [10 * MINUTE_MS, '10 min'],
  [HOUR_MS, '1 h'],
  [2 * HOUR_MS, '2 h'],
  [6 * HOUR_MS, '6 h'],
  [DAY_MS, '1 d'],
  [PUBLISHED.postalServiceDays * DAY_MS, '4 d'],
  [CHART_MAX_MS, '30 d'],
];

function xOf(ms: number): number {
  const span = Math.log(CHART_MAX_MS / CHART_MIN_MS);
  const share = Math.log(Math.min(CHART_MAX_MS, Math.max(CHART_MIN_MS, ms)) / CHART_MIN_MS) / span;
  return CHART.left + share * (CHART.width - CHART.left - CHART.right);
}

function yOf(share: number): number {
  return CHART.top + (1 - share) * (CHART.height - CHART.top - CHART.bottom);
}

/** Share of all documents served within each time, on a log time axis. */
function cdfPath(t: Tally): string {
  const sorted = [...t.times].sort((p, q) => p - q);
  const points: string[] = [];
  let served = 0;
  const steps = 240;
  for (let i = 0; i <= steps; i++) {
    const ms = CHART_MIN_MS * (CHART_MAX_MS / CHART_MIN_MS) ** (i / steps);
    while (served < sorted.length && (sorted[served] as number) <= ms) served++;
    points.push(`${xOf(ms).toFixed(1)},${yOf(served / t.documents).toFixed(1)}`);
  }
  return points.join(' ');
}

export function renderChart(strategies: readonly Tally[]): string {
  const bottom = CHART.height - CHART.bottom;
  const ceiling = (strategies[2]?.ceiling ?? 0) / (strategies[2]?.documents ?? 1);
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (s) =>
      `<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${yOf(s)}" y2="${yOf(s)}" stroke="#ddd"/>` +
      `<text x="${CHART.left - 6}" y="${yOf(s) + 4}" text-anchor="end">${s * 100}%</text>`,
  );
  const ticks = CHART_TICKS.map(
    ([ms, label]) =>
      `<line x1="${xOf(ms)}" x2="${xOf(ms)}" y1="${CHART.top}" y2="${bottom}" stroke="#eee"/>` +
      `<text x="${xOf(ms)}" y="${bottom + 16}" text-anchor="middle">${label}</text>`,
  );
  const curves = strategies.map(
    (t, i) => `<polyline fill="none" stroke="${CHART_COLOURS[i]}" stroke-width="2" points="${cdfPath(t)}"/>`,
  );
  const legend = strategies.map(
    (t, i) =>
      `<rect x="${CHART.left + 10}" y="${CHART.top + 8 + i * 18}" width="12" height="3" fill="${CHART_COLOURS[i]}"/>` +
      `<text x="${CHART.left + 28}" y="${CHART.top + 13 + i * 18}">${t.label}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${CHART.width}" height="${CHART.height}" font-family="sans-serif" font-size="11">`,
    '<title>Time to service by strategy (simulated)</title>',
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${CHART.width / 2}" y="18" text-anchor="middle" font-size="13">Time to service: share of all documents served within t (simulated, ${POPULATION.recipients.toLocaleString('en')} recipients × ${POPULATION.casesPerRecipient} cases)</text>`,
    ...grid,
    ...ticks,
    `<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${yOf(ceiling)}" y2="${yOf(ceiling)}" stroke="#555" stroke-dasharray="4 3"/>`,
    `<text x="${CHART.width - CHART.right - 4}" y="${yOf(ceiling) - 4}" text-anchor="end">ceiling ${fixed(ceiling * 100, 1)}%</text>`,
    `<line x1="${xOf(GOAL_MEDIAN_MS)}" x2="${xOf(GOAL_MEDIAN_MS)}" y1="${CHART.top}" y2="${bottom}" stroke="#2ca02c" stroke-dasharray="4 3"/>`,
    `<text x="${xOf(PUBLISHED.postalServiceDays * DAY_MS) + 4}" y="${bottom - 6}">post: ${PUBLISHED.postalServiceDays}+ d</text>`,
    ...curves,
    ...legend,
    `<line x1="${CHART.left}" x2="${CHART.width - CHART.right}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`,
    `<text x="${CHART.width / 2}" y="${CHART.height - 10}" text-anchor="middle">time from the service request (log scale; dashed green: the 2 h goal)</text>`,
    '</svg>',
    '',
  ].join('\n');
}

async function writeChart(strategies: readonly Tally[]): Promise<void> {
  const file = join(projectRoot, CHART_FILE);
  await mkdir(join(projectRoot, 'docs'), { recursive: true });
  await writeFile(file, renderChart(strategies));
}
