import type { Random } from '../../infra/local/seed/seeded-random';
import type { ConsentBasis } from '../../shared/domain/mediation/case-party';
import type { AddressSource } from '../../shared/domain/service/address';
import { type AddressCandidate, type CandidateInput, validateBatch } from '../../shared/domain/service/address-book';
import type { PopulationParameters, SourceModel } from './service-simulation-model';
import { seededRandom } from './synthetic-roster';

/**
 * The simulated people (issue 16): who they are, which handles (numbers, mailboxes) they really
 * have and what became of each, which addresses the platform's sources know of them, and how each
 * message sent to a handle fares. Every message's fate depends only on (seed, person, case,
 * handle), so every strategy meets the same people and the same luck: differences come from the
 * strategies alone. Nothing here knows how the platform serves.
 */

export const simulationEpochMs = Date.parse('2026-01-01T00:00:00.000Z');
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** The portal link's validity, for the ceiling: a signature after it cannot serve (DESIGN.md). */
export const linkValidityMs = 30 * DAY_MS;

export type HandleState = 'working' | 'silent' | 'dead';

export interface Handle {
  channel: 'sms' | 'email';
  value: string;
  state: HandleState;
}

export interface SimPerson {
  index: number;
  personHash: string;
  consent: ConsentBasis | undefined;
  /** Index 0 is the current mobile. */
  handles: Handle[];
  /** The addresses the sources know, normalized as the platform normalizes them. */
  candidates: AddressCandidate[];
  /** Normalized value (channel:value) → handle index. */
  handleOf: Map<string, number>;
  /** From this case on the current mobile no longer reaches the person (number given up, reassigned). */
  churnCase: number;
  opens: boolean;
  neverSigns: boolean;
  responseMedianMs: number;
}

/** What happens to one message sent to a handle. */
export interface MessageFate {
  /** The provider's report: delivered, failed (with the reason the provider gives), or none at all. */
  receipt: { kind: 'delivered'; afterMs: number } | { kind: 'failed'; afterMs: number; reason: string } | undefined;
  /** When the person opens the link, after the delivery (undefined: never). */
  opensAfterMs: number | undefined;
  /** Whether the person signs when opening. */
  signs: boolean;
}

/** A well-mixed 32-bit seed from a few integers, so every message has a stream of its own. */
export function mix(...parts: number[]): number {
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

function weighted<K extends string>(random: Random, weights: Readonly<Partial<Record<K, number>>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let u = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, w] of entries) {
    u -= w;
    if (u < 0) return key;
  }
  return (entries[entries.length - 1] as [K, number])[0];
}

export function caseStartMs(parameters: PopulationParameters, caseIndex: number): number {
  return simulationEpochMs + caseIndex * parameters.population.daysBetweenCases * DAY_MS;
}

class PersonBuilder {
  readonly handles: Handle[] = [];
  readonly candidates: Array<CandidateInput & { handle: number }> = [];
  private readonly currentEmail: number | undefined;
  private readonly oldMobile: number | undefined;
  private readonly oldEmail: number | undefined;

  constructor(
    private readonly random: Random,
    private readonly index: number,
    private readonly parameters: PopulationParameters,
  ) {
    const h = parameters.handles;
    this.addHandle('sms', chance(random, h.currentMobileWorks) ? 'working' : 'silent');
    if (chance(random, h.hasOldMobile)) {
      this.oldMobile = this.addHandle('sms', chance(random, h.oldMobileDead) ? 'dead' : 'silent');
    }
    if (chance(random, h.hasCurrentEmail)) {
      this.currentEmail = this.addHandle('email', chance(random, h.currentEmailWorks) ? 'working' : 'silent');
    }
    if (chance(random, h.hasOldEmail)) {
      this.oldEmail = this.addHandle('email', chance(random, h.oldEmailDead) ? 'dead' : 'silent');
    }
  }

  private addHandle(channel: 'sms' | 'email', state: HandleState): number {
    const n = this.handles.length;
    const id = `${String(this.index).padStart(5, '0')}${String(n).padStart(3, '0')}`;
    // Mobile block 139 + 8 digits; some mailboxes on an IDN domain, to exercise its normalization.
    const value = channel === 'sms' ? `139${id}` : n % 3 === 0 ? `p${id}@例子.中国` : `P${id}@Example.COM`;
    this.handles.push({ channel, value, state });
    return n;
  }

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
    return this.addHandle(channel, chance(this.random, this.parameters.handles.wrongHandleDead) ? 'dead' : 'silent');
  }

  addSource(source: AddressSource, model: Pick<SourceModel, 'sms' | 'current' | 'ageDays'>): void {
    const channel: 'sms' | 'email' = chance(this.random, model.sms) ? 'sms' : 'email';
    const handle = this.nameHandle(channel, model.current);
    const observedAt = new Date(simulationEpochMs - uniformIn(this.random, model.ageDays) * DAY_MS).toISOString();
    const value = (this.handles[handle] as Handle).value;
    this.candidates.push({ channel, value, source, observedAt, reference: `sim:${source}`, handle });
  }
}

export function buildPerson(parameters: PopulationParameters, seed: number, index: number): SimPerson {
  const random = seededRandom(mix(seed, index));
  const consented = chance(random, parameters.consent.share);
  const basis = consented ? weighted(random, parameters.consent.basis) : undefined;
  const builder = new PersonBuilder(random, index, parameters);
  for (const [source, model] of Object.entries(parameters.sources) as [AddressSource, SourceModel][]) {
    if (chance(random, model.present)) builder.addSource(source, model);
  }
  const d = parameters.designation;
  if (basis === 'platform_declaration') {
    builder.addSource('recipient_designated', { sms: d.sms, ...d.platformDeclaration });
  } else if (basis === 'contract_clause') {
    builder.addSource('recipient_designated', { sms: d.sms, ...d.contractClause });
  } else if (basis === 'earlier_litigation') {
    builder.addSource('earlier_service', { sms: d.sms, ...d.earlierLitigation });
  }
  const validated = validateBatch(builder.candidates, { defaultRegion: 'CN' });
  if (!validated.ok) throw new Error(`population: invalid candidates ${JSON.stringify(validated.errors)}`);
  const handleOf = new Map<string, number>();
  validated.candidates.forEach((candidate, i) => {
    handleOf.set(`${candidate.channel}:${candidate.value}`, (builder.candidates[i] as { handle: number }).handle);
  });
  let churnCase = Number.POSITIVE_INFINITY;
  for (let c = 1; c < parameters.population.casesPerRecipient; c++) {
    if (chance(random, parameters.handles.churnPerCaseInterval)) {
      churnCase = c;
      break;
    }
  }
  return {
    index,
    personHash: `sim${String(seed)}person${String(index).padStart(6, '0')}`.padEnd(64, '0'),
    consent: basis,
    handles: builder.handles,
    candidates: validated.candidates,
    handleOf,
    churnCase,
    opens: chance(random, parameters.response.opens),
    neverSigns: chance(random, parameters.response.neverSigns),
    responseMedianMs: lognormal(random, parameters.response.smsMedianHours * HOUR_MS, parameters.response.personSigma),
  };
}

/** The handle's state in a case: the current mobile stops reaching the person from its churn case on. */
export function handleState(person: SimPerson, handle: number, caseIndex: number): HandleState {
  const state = (person.handles[handle] as Handle).state;
  if (handle === 0 && caseIndex >= person.churnCase && state === 'working') return 'silent';
  return state;
}

/** The fate of the one message a case may send to a handle: drawn from its own stream. */
export function messageFate(
  parameters: PopulationParameters,
  seed: number,
  person: SimPerson,
  caseIndex: number,
  handle: number,
): MessageFate {
  const random = seededRandom(mix(seed, person.index, caseIndex, handle, 0x5e9d));
  const { channel } = person.handles[handle] as Handle;
  const state = handleState(person, handle, caseIndex);
  const d = parameters.delivery;
  const r = parameters.response;
  // Draw everything, whatever the state, so a state change moves no other draw.
  const transient = chance(random, channel === 'sms' ? d.smsTransientFailure : d.emailTransientFailure);
  const latencyMs =
    1000 *
    lognormal(random, channel === 'sms' ? d.smsReceiptMedianSeconds : d.emailDeliveryMedianSeconds, d.latencySigma);
  const factor = channel === 'email' ? r.emailMedianFactor : 1;
  const responseMs = lognormal(random, person.responseMedianMs * factor, r.messageSigma);
  if (state === 'dead') {
    const reason = channel === 'sms' ? 'invalid destination: the number does not exist' : 'bounce: Permanent/General';
    return {
      receipt: { kind: 'failed', afterMs: d.bounceSeconds * 1000, reason },
      opensAfterMs: undefined,
      signs: false,
    };
  }
  if (transient) {
    // An SMS whose receipt never comes; an email the receiving server deferred and gave up on.
    const receipt =
      channel === 'sms'
        ? undefined
        : ({ kind: 'failed', afterMs: d.bounceSeconds * 1000, reason: 'bounce: Transient/General' } as const);
    return { receipt, opensAfterMs: undefined, signs: false };
  }
  const receipt = { kind: 'delivered', afterMs: latencyMs } as const;
  if (state === 'silent' || !person.opens) return { receipt, opensAfterMs: undefined, signs: false };
  return { receipt, opensAfterMs: responseMs, signs: !person.neverSigns };
}

/**
 * The honest ceiling (issue 16, item 2): some order of attempts could complete service. The person
 * consented, and has a designated address that reaches them, or an address that reaches them and
 * would sign for the document through it within the link's 30 days.
 */
export function servable(
  parameters: PopulationParameters,
  seed: number,
  person: SimPerson,
  caseIndex: number,
): boolean {
  if (!person.consent) return false;
  for (const candidate of person.candidates) {
    const handle = person.handleOf.get(`${candidate.channel}:${candidate.value}`) as number;
    if (handleState(person, handle, caseIndex) !== 'working') continue;
    const fate = messageFate(parameters, seed, person, caseIndex, handle);
    if (fate.receipt?.kind !== 'delivered') continue;
    if (candidate.source === 'recipient_designated') return true;
    if (fate.signs && fate.opensAfterMs !== undefined && fate.receipt.afterMs + fate.opensAfterMs < linkValidityMs) {
      return true;
    }
  }
  return false;
}

/** Whether the person has a working, consented address other than `servedValue` (channel:value): the actual-notice target's base. */
export function hasOtherWorkingAddress(person: SimPerson, caseIndex: number, servedKey: string): boolean {
  if (!person.consent) return false;
  return person.candidates.some((candidate) => {
    const key = `${candidate.channel}:${candidate.value}`;
    if (key === servedKey) return false;
    return handleState(person, person.handleOf.get(key) as number, caseIndex) === 'working';
  });
}

/**
 * The soonest any order of attempts could serve this case (a bound no strategy beats): every
 * consented address messaged at the request, service at the first designated delivery or the first
 * signature. Each (case, handle) has one fate, so a later or repeated message never does better.
 */
export function soonestService(
  parameters: PopulationParameters,
  seed: number,
  person: SimPerson,
  caseIndex: number,
): number {
  let soonest = Number.POSITIVE_INFINITY;
  if (!person.consent) return soonest;
  for (const candidate of person.candidates) {
    const handle = person.handleOf.get(`${candidate.channel}:${candidate.value}`) as number;
    const fate = messageFate(parameters, seed, person, caseIndex, handle);
    if (fate.receipt?.kind !== 'delivered') continue;
    if (candidate.source === 'recipient_designated') soonest = Math.min(soonest, fate.receipt.afterMs);
    else if (fate.signs && fate.opensAfterMs !== undefined) {
      soonest = Math.min(soonest, fate.receipt.afterMs + fate.opensAfterMs);
    }
  }
  return soonest;
}

/**
 * Whether any reminder policy could give actual notice by `byMs` after the request (a bound): some
 * consented address reaches the person and a message sent to it at the request would be opened by then.
 */
export function noticePossibleBy(
  parameters: PopulationParameters,
  seed: number,
  person: SimPerson,
  caseIndex: number,
  byMs: number,
): boolean {
  if (!person.consent) return false;
  return person.candidates.some((candidate) => {
    const handle = person.handleOf.get(`${candidate.channel}:${candidate.value}`) as number;
    if (handleState(person, handle, caseIndex) !== 'working') return false;
    const fate = messageFate(parameters, seed, person, caseIndex, handle);
    return (
      fate.receipt?.kind === 'delivered' &&
      fate.opensAfterMs !== undefined &&
      fate.receipt.afterMs + fate.opensAfterMs <= byMs
    );
  });
}
