import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { defaultServiceTimeouts } from '../../shared/use-cases/service/deps';
import { portalLinkValidDays } from '../../shared/use-cases/service/service-delivery';
import { projectRoot } from '../support/project-root';
import { synthesizedServiceDefinition } from './service-simulation-driver';
import type { PopulationParameters } from './service-simulation-model';
import { currentPopulation, PUBLISHED } from './service-simulation-parameters';
import { abroadPopulation } from './service-simulation-parameters-abroad';
import { stalePopulation } from './service-simulation-parameters-stale';
import {
  actualNotice,
  leastP90,
  type Measures,
  messagesPerServed,
  mostNotice,
  p50,
  p90,
  runStrategy,
  shareOfCeiling,
} from './service-simulation-run';
import { strategies } from './service-simulation-strategies';
import { type Benchmark, type BenchRow, fixed } from './types';

/**
 * The service simulation (DESIGN.md, "Budgets"; issue 16): each population of
 * `service-simulation-parameters*.ts` served, case after case, through the platform's own
 * ServiceDelivery tasks stepped in the order of the synthesized definition
 * (service-simulation-driver.ts), by four strategies: three baselines and the platform's ranking.
 * The platform's strategy is also run on a held-out seed, never looked at while tuning.
 *
 * `SIM_RECIPIENTS=n` runs n recipients per population instead (a quick look while working; the
 * published figures are from the parameters' size).
 */

export const populations: readonly PopulationParameters[] = [currentPopulation, stalePopulation, abroadPopulation];

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const CHART_FILE = 'docs/service-simulation.svg';

export const GOALS = {
  shareOfCeiling: 0.98,
  /** p90 and messages per served at most this share of the fixed-order strategy's. */
  p90OfFixedOrder: 0.75,
  messagesOfFixedOrder: 0.8,
  actualNotice: 0.99,
} as const;

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return 'n/a';
  if (ms < HOUR_MS) return `${fixed(ms / MINUTE_MS, 1)} min`;
  if (ms < 2 * DAY_MS) return `${fixed(ms / HOUR_MS, 1)} h`;
  return `${fixed(ms / DAY_MS, 1)} d`;
}

const percent = (share: number) => `${fixed(100 * share, 1)}%`;

export interface PopulationResult {
  parameters: PopulationParameters;
  byStrategy: Measures[];
  heldOut: Measures;
}

export async function simulateAll(recipients?: number): Promise<PopulationResult[]> {
  const results: PopulationResult[] = [];
  for (const parameters of populations) {
    const options = recipients === undefined ? {} : { recipients };
    const byStrategy: Measures[] = [];
    for (const strategy of strategies) {
      byStrategy.push(await runStrategy(parameters, strategy, parameters.population.seed, options));
    }
    const platform = strategies.find((s) => s.key === 'platform');
    if (!platform) throw new Error('no platform strategy');
    const heldOut = await runStrategy(parameters, platform, parameters.population.heldOutSeed, options);
    results.push({ parameters, byStrategy, heldOut });
  }
  return results;
}

/** What the platform's strategy misses of issue 16's goals, against the fixed order on the same seed. */
export function missedGoals(platform: Measures, fixedOrder: Measures): string[] {
  const misses: string[] = [];
  if (shareOfCeiling(platform) < GOALS.shareOfCeiling)
    misses.push(`served ${percent(shareOfCeiling(platform))} of ceiling`);
  if (p90(platform) > GOALS.p90OfFixedOrder * p90(fixedOrder)) {
    misses.push(`p90 ${percent(1 - p90(platform) / p90(fixedOrder))} below fixed order`);
  }
  if (messagesPerServed(platform) > GOALS.messagesOfFixedOrder * messagesPerServed(fixedOrder)) {
    misses.push(
      `messages ${percent(1 - messagesPerServed(platform) / messagesPerServed(fixedOrder))} below fixed order`,
    );
  }
  if (actualNotice(platform) < GOALS.actualNotice) misses.push(`actual notice ${percent(actualNotice(platform))}`);
  return misses;
}

function row(m: Measures, fixedOrder: Measures | undefined, seedLabel: string): BenchRow {
  const goal = m.strategy === 'platform' && fixedOrder !== undefined;
  const misses = goal ? missedGoals(m, fixedOrder) : [];
  return {
    cells: {
      Population: m.population,
      Strategy: m.label,
      Seed: seedLabel,
      Documents: m.documents,
      Servable: percent(m.servable / m.documents),
      'Served / ceiling': percent(shareOfCeiling(m)),
      p50: duration(p50(m)),
      p90: duration(p90(m)),
      'Messages / served': fixed(messagesPerServed(m), 2),
      'Actual notice': `${percent(actualNotice(m))} of ${m.noticeBase}`,
      'Served, unreached': m.servedUnreached,
    },
    budget: goal
      ? `≥ ${GOALS.shareOfCeiling * 100}% of ceiling; p90 and messages ≥ 25% / 20% below fixed order; notice ≥ 99%`
      : '-',
    verdict: goal ? (misses.length === 0 ? 'pass' : 'fail') : 'info',
    ...(misses.length > 0 ? { remark: misses.join('; ') } : {}),
  };
}

export function rowsOf(results: readonly PopulationResult[]): BenchRow[] {
  return results.flatMap(({ byStrategy, heldOut }) => {
    const fixedOrder = byStrategy.find((m) => m.strategy === 'fixed_order');
    return [
      ...byStrategy.map((m) => row(m, fixedOrder, 'tuned')),
      // The held-out seed's fixed order is not run: the goal compares with the tuned seed's baseline.
      row(heldOut, fixedOrder, 'held-out'),
    ];
  });
}

export const serviceSimulation: Benchmark = {
  name: 'service-simulation',
  title: 'Electronic service: simulated populations through the real delivery',
  description:
    'Three seeded populations (test/bench/service-simulation-parameters.ts "current", -stale.ts, -abroad.ts; every ' +
    'input marked as published, derived or an assumption), each of 1,000 recipients served in 4 cases 90 days apart ' +
    'through the platform’s own ServiceDelivery tasks (dispatchServiceDeliveryTask, recordDeliveryEvent, the portal’s ' +
    'viewServedDocument and acknowledgeService, the outbox consumers) with in-memory ports, stepped in the order of ' +
    'the synthesized state machine definition with the waits it states, on a simulated clock. Strategies: the ' +
    'registered number only; the first address the other party gave; every address in a fixed order (no ranking, no ' +
    'learning); the platform’s ranking with learning, also on a held-out seed. Served / ceiling: served and servable ' +
    '÷ servable (servable: a working, consented designated address, or a working consented address and a recipient ' +
    'who signs within the link’s 30 days). p50/p90: time from the request to legal service. Messages / served: every ' +
    'message sent ÷ served and servable documents. Actual notice: of the legally served who have a working, consented ' +
    'address other than the one served, the share who opened or signed within 7 days. Goals (DESIGN.md, issue 16) ' +
    'for the platform on every population: ≥ 98% of the ceiling; p90 ≥ 25% and messages per served ≥ 20% below ' +
    'the fixed order’s; actual notice ≥ 99%.',
  async run() {
    const started = performance.now();
    const quick = process.env.SIM_RECIPIENTS === undefined ? undefined : Number(process.env.SIM_RECIPIENTS);
    const results = await simulateAll(quick);
    await writeChart(results);
    const timeouts = defaultServiceTimeouts;
    const waits = waitStates();
    return {
      columns: [
        'Population',
        'Strategy',
        'Seed',
        'Documents',
        'Servable',
        'Served / ceiling',
        'p50',
        'p90',
        'Messages / served',
        'Actual notice',
        'Served, unreached',
      ],
      rows: rowsOf(results),
      notes: [
        `![Time to service, cumulative share of servable documents, per population and strategy](${CHART_FILE})`,
        'Command: `npm run bench -- service-simulation` (about 7 minutes on two cores). Parameters: ' +
          populations
            .map(
              (p) =>
                `${p.name} (seed ${p.population.seed}, held-out ${p.population.heldOutSeed}; ${p.population.recipients} recipients × ${p.population.casesPerRecipient} cases): ${p.description}`,
            )
            .join('; ') +
          '.',
        `Published inputs (issue 4 / court reports): e-service success ${PUBLISHED.courtElectronicSuccessLow * 100}%–${PUBLISHED.courtElectronicSuccessHigh * 100}% (the midpoint is the chance a registered number reaches the person in "current"), about ${PUBLISHED.courtElectronicServiceHours} h to serve electronically (anchors the response-time assumption). Every other input is an assumption, marked in its parameters file, committed before the strategy was changed.`,
        `The waits are the definition's: ${waits}; the values they read are the platform's service settings: receipt ${timeouts.receipt.sms / 60} min (SMS) / ${timeouts.receipt.email / 60} min (email), signature ${timeouts.acknowledgement.sms / 3600} h (SMS) / ${timeouts.acknowledgement.email / 3600} h (email), reminder after legal service ${(timeouts.noticeReminder ?? 0) / 3600} h, ${(timeouts.noticeReminderSilent ?? 0) / 60} min when earlier services showed the serving address delivered to and never opened, ${(timeouts.noticeReminderReaches ?? 0) / 3600} h when the person has opened documents there (then ${(timeouts.noticeReminder ?? 0) / 3600} h per further reminder, through each other address that may reach the person, at most five); portal links valid ${portalLinkValidDays} days (a late signature through an earlier link counts).`,
        `What no strategy can beat (bounds from the populations' own fates: every consented address messaged at the request, each (case, handle) having one fate): ${results.map(boundsOf).join('; ')}.`,
        'Every strategy runs the same delivery, reminders after legal service included; strategies differ only in the order addresses are tried and in what the plan knows of each address (the baselines rank nothing and learn nothing: they see no outcomes and no bounce marks, so every address is untested to them and their reminders wait the base time).',
        '"Served, unreached": legally served at a designated address, with nobody opening or signing within 7 days (a reassigned number, a mailbox nobody reads): counted as legally served, never toward the ceiling share unless the recipient was servable anyway.',
        'The same message (person, case, handle) has the same fate under every strategy; no strategy sends without consent. The held-out row is the platform’s strategy on a seed never run while tuning; its goals are judged against the tuned seed’s fixed order.',
        `Simulated ${results.reduce((n, r) => n + r.byStrategy.reduce((k, m) => k + m.documents, r.heldOut.documents), 0)} services in ${fixed((performance.now() - started) / 1000, 0)} s.`,
      ],
    };
  },
};

/** A population's bounds beside its goals: the least p90 any order could reach, the most notice any reminder could give. */
function boundsOf({ parameters, byStrategy, heldOut }: PopulationResult): string {
  const fixedOrder = byStrategy.find((m) => m.strategy === 'fixed_order');
  const platform = byStrategy.find((m) => m.strategy === 'platform');
  if (!fixedOrder || !platform) return parameters.name;
  const goalP90 = GOALS.p90OfFixedOrder * p90(fixedOrder);
  return (
    `${parameters.name}: least p90 ${duration(leastP90(platform))} (held-out ${duration(leastP90(heldOut))}) against the goal's ≤ ${duration(goalP90)}; ` +
    `most actual notice at the platform's service times ${percent(mostNotice(platform))} (held-out ${percent(mostNotice(heldOut))}) against ≥ ${percent(GOALS.actualNotice)}`
  );
}

/** The wait states of the synthesized definition and where each takes its timeout from. */
function waitStates(): string {
  const asl = synthesizedServiceDefinition();
  return Object.entries(asl.States)
    .filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken') || state.Type === 'Wait')
    .map(
      ([name, state]) =>
        `${name} (${state.TimeoutSecondsPath ?? state.SecondsPath ?? `${state.TimeoutSeconds ?? state.Seconds} s`})`,
    )
    .join(', ');
}

// ── chart ───────────────────────────────────────────────────────────────────────────────────────

const PANEL = { width: 340, height: 300, left: 46, right: 10, top: 40, bottom: 44 } as const;
const CHART_MIN_MS = MINUTE_MS;
const CHART_MAX_MS = 30 * DAY_MS;
const COLOURS: Record<string, string> = {
  registered: '#d62728',
  other_party: '#ff7f0e',
  fixed_order: '#7f7f7f',
  platform: '#1f77b4',
};
const TICKS: readonly [number, string][] = [
  [MINUTE_MS, '1m'],
  [HOUR_MS, '1h'],
  [DAY_MS, '1d'],
  [PUBLISHED.postalServiceDays * DAY_MS, '4d'],
  [CHART_MAX_MS, '30d'],
];

function xOf(ms: number): number {
  const share =
    Math.log(Math.min(CHART_MAX_MS, Math.max(CHART_MIN_MS, ms)) / CHART_MIN_MS) / Math.log(CHART_MAX_MS / CHART_MIN_MS);
  return PANEL.left + share * (PANEL.width - PANEL.left - PANEL.right);
}

function yOf(share: number): number {
  return PANEL.top + (1 - share) * (PANEL.height - PANEL.top - PANEL.bottom);
}

/** Share of servable documents served within each time, on a log time axis. */
function cdf(m: Measures): string {
  const sorted = [...m.times].sort((a, b) => a - b);
  const points: string[] = [];
  let served = 0;
  for (let i = 0; i <= 160; i++) {
    const ms = CHART_MIN_MS * (CHART_MAX_MS / CHART_MIN_MS) ** (i / 160);
    while (served < sorted.length && (sorted[served] as number) <= ms) served++;
    points.push(`${xOf(ms).toFixed(1)},${yOf(served / m.servable).toFixed(1)}`);
  }
  return points.join(' ');
}

function panel(result: PopulationResult, offset: number): string {
  const bottom = PANEL.height - PANEL.bottom;
  const parts = [
    `<g transform="translate(${offset},0)">`,
    `<text x="${PANEL.width / 2}" y="24" text-anchor="middle" font-size="12">${result.parameters.name}</text>`,
    ...[0, 0.5, 1].map(
      (s) =>
        `<line x1="${PANEL.left}" x2="${PANEL.width - PANEL.right}" y1="${yOf(s)}" y2="${yOf(s)}" stroke="#ddd"/><text x="${PANEL.left - 4}" y="${yOf(s) + 4}" text-anchor="end">${s * 100}%</text>`,
    ),
    ...TICKS.map(
      ([ms, label]) =>
        `<line x1="${xOf(ms)}" x2="${xOf(ms)}" y1="${PANEL.top}" y2="${bottom}" stroke="#eee"/><text x="${xOf(ms)}" y="${bottom + 14}" text-anchor="middle">${label}</text>`,
    ),
    ...result.byStrategy.map(
      (m) => `<polyline fill="none" stroke="${COLOURS[m.strategy]}" stroke-width="2" points="${cdf(m)}"/>`,
    ),
    `<line x1="${PANEL.left}" x2="${PANEL.width - PANEL.right}" y1="${bottom}" y2="${bottom}" stroke="#333"/>`,
    '</g>',
  ];
  return parts.join('\n');
}

export function renderChart(results: readonly PopulationResult[]): string {
  const width = PANEL.width * results.length;
  const height = PANEL.height + 40;
  const legend = (results[0]?.byStrategy ?? []).map(
    (m, i) =>
      `<rect x="${20 + i * 220}" y="${PANEL.height + 14}" width="14" height="3" fill="${COLOURS[m.strategy]}"/><text x="${40 + i * 220}" y="${PANEL.height + 19}">${m.label}</text>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="10">`,
    '<title>Time to service by population and strategy (simulated through the real delivery)</title>',
    '<rect width="100%" height="100%" fill="white"/>',
    `<text x="${width / 2}" y="12" text-anchor="middle" font-size="12">Share of servable documents served within t (log time; real ServiceDelivery tasks, simulated clock)</text>`,
    ...results.map((r, i) => panel(r, i * PANEL.width)),
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}

async function writeChart(results: readonly PopulationResult[]): Promise<void> {
  await mkdir(join(projectRoot, 'docs'), { recursive: true });
  await writeFile(join(projectRoot, CHART_FILE), renderChart(results));
}
