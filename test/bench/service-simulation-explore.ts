/**
 * A look inside the service simulation while working on the strategy (not part of `npm run bench`):
 * `npx tsx test/bench/service-simulation-explore.ts [recipients] [population...]` serves each
 * population by the fixed order and the platform's strategy (tuned and held-out seeds) and prints
 * the goal measures with breakdowns: how the served were served (rule, attempt, channel, source),
 * where the slowest tenth's time goes, which messages were sent (service attempts, reminders), and
 * why the legally served without actual notice did not get it.
 */
import { defaultServiceTimeouts, serviceSettings } from '../../shared/use-cases/service/deps';
import { populations } from './service-simulation.bench';
import { type CaseOutcome, servePerson } from './service-simulation-driver';
import type { PopulationParameters } from './service-simulation-model';
import { strategies } from './service-simulation-strategies';
import {
  buildPerson,
  caseStartMs,
  handleState,
  hasOtherWorkingAddress,
  messageFate,
  type SimPerson,
  servable,
} from './service-simulation-world';
import { percentile } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

interface Doc {
  person: SimPerson;
  outcome: CaseOutcome;
  servable: boolean;
  base: boolean;
  noticed: boolean;
}

function tally<T>(items: T[], key: (item: T) => string): string {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k}=${n}`)
    .join(' ');
}

function sourceOf(person: SimPerson, key: string): string {
  return person.candidates
    .filter((c) => `${c.channel}:${c.value}` === key)
    .map((c) => c.source.replace('_record', '').replace('_provided', '').replace('recipient_', ''))
    .join('+');
}

function stateOf(person: SimPerson, key: string, caseIndex: number): string {
  const handle = person.handleOf.get(key);
  return handle === undefined ? '?' : handleState(person, handle, caseIndex);
}

let currentParameters: PopulationParameters;
let seedNow = 0;
async function run(parameters: PopulationParameters, key: string, seed: number, recipients: number) {
  const strategy = strategies.find((s) => s.key === key);
  if (!strategy) throw new Error(key);
  currentParameters = parameters;
  seedNow = seed;
  const docs: Doc[] = [];
  for (let index = 0; index < recipients; index++) {
    const person = buildPerson(parameters, seed, index);
    const outcomes = await servePerson(person, {
      parameters,
      seed,
      ...(strategy.ranking ? { ranking: strategy.ranking } : {}),
      ...(process.env.TIMEOUTS
        ? {
            settings: serviceSettings({
              publicBaseUrl: 'https://platform.example',
              timeouts: { ...defaultServiceTimeouts, ...JSON.parse(process.env.TIMEOUTS) },
            }),
          }
        : {}),
    });
    for (const outcome of outcomes) {
      const served = outcome.servedBy !== undefined && outcome.servedAfterMs !== undefined;
      const noticed =
        served &&
        outcome.firstNoticeAfterMs !== undefined &&
        outcome.firstNoticeAfterMs <= (outcome.servedAfterMs as number) + 7 * DAY;
      docs.push({
        person,
        outcome,
        servable: servable(parameters, seed, person, outcome.caseIndex),
        base: served && hasOtherWorkingAddress(person, outcome.caseIndex, outcome.servedBy?.key ?? ''),
        noticed,
      });
    }
  }
  return docs;
}

function report(label: string, docs: Doc[], fixed?: { p90: number; mps: number }) {
  const served = docs.filter((d) => d.servable && d.outcome.servedAfterMs !== undefined);
  const times = served.map((d) => d.outcome.servedAfterMs as number);
  const p90 = percentile(times, 90);
  const messages = docs.reduce((n, d) => n + d.outcome.messages.length, 0);
  const mps = messages / served.length;
  const base = docs.filter((d) => d.base);
  const noticed = base.filter((d) => d.noticed).length;
  const vs = fixed
    ? ` (p90 ${(100 * (1 - p90 / fixed.p90)).toFixed(1)}% below, msgs ${(100 * (1 - mps / fixed.mps)).toFixed(1)}% below)`
    : '';
  console.log(
    `\n== ${label}: served ${served.length}/${docs.filter((d) => d.servable).length}, p50 ${(percentile(times, 50) / HOUR).toFixed(2)} h, p90 ${(p90 / HOUR).toFixed(2)} h, msgs/served ${mps.toFixed(3)}${vs}, notice ${((100 * noticed) / base.length).toFixed(2)}% of ${base.length}`,
  );
  // Messages: service attempts vs reminders, by case.
  const startOf = (d: Doc) => caseStartMs(currentParameters, d.outcome.caseIndex);
  let before = 0,
    reminders = 0,
    unservedMsgs = 0,
    notServableServedMsgs = 0;
  for (const d of docs) {
    const at = d.outcome.servedAfterMs;
    if (at === undefined) {
      unservedMsgs += d.outcome.messages.length;
      continue;
    }
    const served = startOf(d) + at;
    const pre = d.outcome.messages.filter((m) => m.sentAt <= served).length;
    if (!d.servable) {
      notServableServedMsgs += d.outcome.messages.length;
      continue;
    }
    before += pre;
    reminders += d.outcome.messages.length - pre;
  }
  console.log(
    `  messages/served: before service ${(before / served.length).toFixed(3)}, reminders ${(reminders / served.length).toFixed(3)}, unserved docs ${(unservedMsgs / served.length).toFixed(3)}, served-not-servable ${(notServableServedMsgs / served.length).toFixed(3)}`,
  );
  const wasted = (d: Doc) =>
    d.outcome.messages.filter((m) => stateOf(d.person, `${m.channel}:${m.to}`, d.outcome.caseIndex) !== 'working')
      .length;
  console.log(
    `  messages to non-working handles per served: ${(docs.reduce((n, d) => n + wasted(d), 0) / served.length).toFixed(3)}`,
  );
  console.log(
    `  messages per doc by case: ${[0, 1, 2, 3]
      .map((c) => {
        const ds = docs.filter((d) => d.outcome.caseIndex === c);
        return (ds.reduce((n, d) => n + d.outcome.messages.length, 0) / ds.length).toFixed(2);
      })
      .join(' / ')}`,
  );
  console.log(
    `  p90 by case: ${[0, 1, 2, 3]
      .map((c) =>
        (
          percentile(
            served.filter((d) => d.outcome.caseIndex === c).map((d) => d.outcome.servedAfterMs as number),
            90,
          ) / HOUR
        ).toFixed(1),
      )
      .join(' / ')} h`,
  );
  console.log(`  served rule: ${tally(served, (d) => d.outcome.servedBy?.rule ?? '?')}`);
  const slow = served.filter((d) => (d.outcome.servedAfterMs as number) >= p90);
  console.log(`  slowest tenth (${slow.length}): case ${tally(slow, (d) => String(d.outcome.caseIndex))}`);
  console.log(
    `    rule/src/state: ${tally(slow, (d) => `${d.outcome.servedBy?.rule}/${sourceOf(d.person, d.outcome.servedBy?.key ?? '')}/${d.outcome.servedBy?.key.slice(0, 3)}`)}`,
  );
  console.log(
    `    serving message index: ${tally(slow, (d) => String(d.outcome.messages.findIndex((m) => `${m.channel}:${m.to}` === d.outcome.servedBy?.key)))}`,
  );
  console.log(
    `    person median response h (p25/50/75): ${[25, 50, 75]
      .map((q) =>
        (
          percentile(
            slow.map((d) => d.person.responseMedianMs),
            q,
          ) / HOUR
        ).toFixed(1),
      )
      .join('/')}`,
  );
  // Unnoticed in the base: why.
  // The most notice any reminder policy could give, with this service time: every handle messaged at the request.
  const possible = base.filter((d) =>
    d.person.candidates.some((c) => {
      const hi = d.person.handleOf.get(`${c.channel}:${c.value}`) as number;
      if (handleState(d.person, hi, d.outcome.caseIndex) !== 'working') return false;
      const f = messageFate(currentParameters, seedNow, d.person, d.outcome.caseIndex, hi);
      return (
        f.receipt?.kind === 'delivered' &&
        f.opensAfterMs !== undefined &&
        f.receipt.afterMs + f.opensAfterMs <= (d.outcome.servedAfterMs as number) + 7 * DAY
      );
    }),
  ).length;
  console.log(
    `  notice bound (every handle at the request): ${((100 * possible) / base.length).toFixed(2)}% of ${base.length}`,
  );
  const missed = base.filter((d) => !d.noticed);
  console.log(`  unnoticed in base (${missed.length}): opens=${tally(missed, (d) => String(d.person.opens))}`);
  console.log(
    `    served src/state: ${tally(missed, (d) => `${sourceOf(d.person, d.outcome.servedBy?.key ?? '')}:${stateOf(d.person, d.outcome.servedBy?.key ?? '', d.outcome.caseIndex)}`)}`,
  );
  console.log(
    `    messages: ${tally(missed, (d) => String(d.outcome.messages.length))}; to working: ${tally(missed, (d) => String(d.outcome.messages.filter((m) => stateOf(d.person, `${m.channel}:${m.to}`, d.outcome.caseIndex) === 'working').length))}`,
  );
  console.log(
    `    first msg to a working handle after service (h): ${tally(missed, (d) => {
      const m = d.outcome.messages.find(
        (x) => stateOf(d.person, `${x.channel}:${x.to}`, d.outcome.caseIndex) === 'working',
      );
      return m ? String(Math.round((m.sentAt - (d.outcome.messages[0]?.sentAt ?? 0)) / HOUR)) : 'none';
    })}`,
  );
  if (process.env.TRACE)
    for (const d of missed) {
      const start = caseStartMs(currentParameters, d.outcome.caseIndex);
      const h = (ms: number | undefined) => (ms === undefined ? '-' : ((ms - start) / HOUR).toFixed(1));
      console.log(
        `    person ${d.person.index} case ${d.outcome.caseIndex} opens=${d.person.opens} median ${(d.person.responseMedianMs / HOUR).toFixed(1)}h served ${((d.outcome.servedAfterMs ?? 0) / HOUR).toFixed(1)}h at ${d.outcome.servedBy?.key}; handles ${d.person.handles.map((x, i) => `${x.channel}${i}:${handleState(d.person, i, d.outcome.caseIndex)}`).join(',')}; cands ${d.person.candidates.map((c) => `${c.source.slice(0, 5)}->${d.person.handleOf.get(`${c.channel}:${c.value}`)}`).join(',')}`,
      );
      for (const m of d.outcome.messages) {
        const hi = d.person.handleOf.get(`${m.channel}:${m.to}`) as number;
        const f = messageFate(currentParameters, seedNow, d.person, d.outcome.caseIndex, hi);
        console.log(
          `      -> ${m.channel}${hi} ${handleState(d.person, hi, d.outcome.caseIndex)} sent ${h(m.sentAt)} opened ${h(m.openedAt)} fate ${f.receipt?.kind ?? 'none'} opensAfter ${f.opensAfterMs === undefined ? '-' : (f.opensAfterMs / HOUR).toFixed(1)}`,
        );
      }
    }
  console.log(
    `    response median h: ${tally(missed, (d) => String(Math.round(d.person.responseMedianMs / HOUR / 12) * 12))}`,
  );
  return { p90, mps };
}

async function main() {
  const args = process.argv.slice(2);
  const recipients = Number(args[0] ?? 300);
  const names = args.slice(1);
  for (const parameters of populations.filter((p) => names.length === 0 || names.includes(p.name))) {
    for (const seed of [parameters.population.seed, parameters.population.heldOutSeed]) {
      const times: number[] = [];
      for (let index = 0; index < recipients; index++) {
        const person = buildPerson(parameters, seed, index);
        for (let c = 0; c < parameters.population.casesPerRecipient; c++) {
          if (servable(parameters, seed, person, c)) times.push(oracleMs(parameters, seed, person, c));
        }
      }
      console.log(
        `${parameters.name} seed ${seed}: oracle p50 ${(percentile(times, 50) / HOUR).toFixed(2)} h, p90 ${(percentile(times, 90) / HOUR).toFixed(2)} h`,
      );
    }
    if (process.env.ORACLE_ONLY) continue;
    const fixedDocs = await run(parameters, 'fixed_order', parameters.population.seed, recipients);
    const fixed = report(`${parameters.name} fixed order`, fixedDocs);
    report(
      `${parameters.name} platform tuned`,
      await run(parameters, 'platform', parameters.population.seed, recipients),
      fixed,
    );
    report(
      `${parameters.name} platform held-out`,
      await run(parameters, 'platform', parameters.population.heldOutSeed, recipients),
      fixed,
    );
  }
}

await main();

/** The soonest any order could serve (every address at once at the start): a bound no strategy beats. */
export function oracleMs(parameters: PopulationParameters, seed: number, person: SimPerson, caseIndex: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const candidate of person.candidates) {
    const handle = person.handleOf.get(`${candidate.channel}:${candidate.value}`) as number;
    const fate = messageFate(parameters, seed, person, caseIndex, handle);
    if (fate.receipt?.kind !== 'delivered') continue;
    if (candidate.source === 'recipient_designated') best = Math.min(best, fate.receipt.afterMs);
    else if (fate.signs && fate.opensAfterMs !== undefined)
      best = Math.min(best, fate.receipt.afterMs + fate.opensAfterMs);
  }
  return best;
}
