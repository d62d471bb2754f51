import { serviceRules } from '../../shared/domain/service/recipient';
import { type CaseOutcome, type DriverOptions, servePerson } from './service-simulation-driver';
import type { PopulationParameters } from './service-simulation-model';
import type { Strategy } from './service-simulation-strategies';
import {
  buildPerson,
  hasOtherWorkingAddress,
  noticePossibleBy,
  servable,
  soonestService,
} from './service-simulation-world';
import { percentile } from './types';

/**
 * One population served by one strategy on one seed, through the real delivery, and the measures
 * issue 16 asks for, reported together:
 * - served ÷ ceiling: documents served AND servable ÷ servable (servable: some order of attempts
 *   could complete service; service at a designated address that reaches nobody is not counted);
 * - p50 and p90 of the time to service, over the served and servable documents;
 * - messages per served document: every message sent (to anyone) ÷ served and servable documents;
 * - actual notice: of the legally served whose person has a working, consented address other than
 *   the one served, the share who opened or signed for the document within 7 days of service.
 */

const DAY_MS = 86_400_000;
const noticeWindowMs = 7 * DAY_MS;

export interface Measures {
  population: string;
  strategy: Strategy['key'];
  label: string;
  seed: number;
  documents: number;
  servable: number;
  servedAndServable: number;
  /** Legally served, servable or not. */
  legallyServed: number;
  messages: number;
  times: number[];
  noticeBase: number;
  noticed: number;
  /** Legally served, at a designated address that reaches nobody. */
  servedUnreached: number;
  /** Bounds (issue 16): per servable document the soonest any order could serve it (every address at the request). */
  soonest: number[];
  /** Of the notice base, those any reminder policy could have given notice, at this strategy's service times. */
  noticeReachable: number;
  seconds: number;
}

export async function runStrategy(
  parameters: PopulationParameters,
  strategy: Strategy,
  seed: number,
  options: { recipients?: number; driver?: Partial<DriverOptions> } = {},
): Promise<Measures> {
  const started = performance.now();
  const m: Measures = {
    population: parameters.name,
    strategy: strategy.key,
    label: strategy.label,
    seed,
    documents: 0,
    servable: 0,
    servedAndServable: 0,
    legallyServed: 0,
    messages: 0,
    times: [],
    noticeBase: 0,
    noticed: 0,
    servedUnreached: 0,
    soonest: [],
    noticeReachable: 0,
    seconds: 0,
  };
  const recipients = options.recipients ?? parameters.population.recipients;
  for (let index = 0; index < recipients; index++) {
    const person = buildPerson(parameters, seed, index);
    const outcomes = await servePerson(person, {
      parameters,
      seed,
      ...(strategy.ranking ? { ranking: strategy.ranking } : {}),
      ...options.driver,
    });
    for (const outcome of outcomes) count(m, parameters, seed, person, outcome);
  }
  m.seconds = (performance.now() - started) / 1000;
  return m;
}

function count(
  m: Measures,
  parameters: PopulationParameters,
  seed: number,
  person: ReturnType<typeof buildPerson>,
  outcome: CaseOutcome,
): void {
  const isServable = servable(parameters, seed, person, outcome.caseIndex);
  m.documents += 1;
  m.messages += outcome.messages.length;
  if (isServable) {
    m.servable += 1;
    m.soonest.push(soonestService(parameters, seed, person, outcome.caseIndex));
  }
  if (outcome.servedAfterMs === undefined || !outcome.servedBy) return;
  m.legallyServed += 1;
  if (isServable) {
    m.servedAndServable += 1;
    m.times.push(outcome.servedAfterMs);
  }
  const noticed =
    outcome.firstNoticeAfterMs !== undefined && outcome.firstNoticeAfterMs <= outcome.servedAfterMs + noticeWindowMs;
  if (!noticed && outcome.servedBy.rule !== serviceRules.acknowledgement) m.servedUnreached += 1;
  if (hasOtherWorkingAddress(person, outcome.caseIndex, outcome.servedBy.key)) {
    m.noticeBase += 1;
    if (noticed) m.noticed += 1;
    if (noticePossibleBy(parameters, seed, person, outcome.caseIndex, outcome.servedAfterMs + noticeWindowMs)) {
      m.noticeReachable += 1;
    }
  }
}

export const shareOfCeiling = (m: Measures) => m.servedAndServable / m.servable;
export const messagesPerServed = (m: Measures) => m.messages / m.servedAndServable;
export const actualNotice = (m: Measures) => (m.noticeBase === 0 ? 1 : m.noticed / m.noticeBase);
export const p50 = (m: Measures) => percentile(m.times, 50);
export const p90 = (m: Measures) => percentile(m.times, 90);
/** The least p90 any order of attempts could reach on these documents (every address at the request). */
export const leastP90 = (m: Measures) => percentile(m.soonest, 90);
/** The most actual notice any reminder policy could give at this strategy's service times. */
export const mostNotice = (m: Measures) => (m.noticeBase === 0 ? 1 : m.noticeReachable / m.noticeBase);
