import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seededRandom } from '../../infra/local/seed/seeded-random';
import { assignBatch, type BatchProblem } from '../../shared/domain/mediation/batch-assignment';
import { eligiblePairs } from '../../shared/domain/mediation/eligible-pairs';
import { projectRoot } from '../support/project-root';
import { SYNTHETIC_TODAY, syntheticMediators, syntheticOpenDisputes } from './synthetic-roster';
import { type Benchmark, type BenchResult, type BenchRow, fixed, percentile } from './types';

/**
 * Optimal batch assignment (`shared/domain/mediation/batch-assignment.ts`) on 10,000 disputes ×
 * 2,000 mediators, ≤ 200 eligible mediators per dispute: wall time over several runs and peak
 * memory, each measured in a fresh child process so neither the runner nor the other benchmarks
 * (nor one measurement the other) disturb them.
 *
 * Peak memory is the child's `process.resourceUsage().maxRSS`: the kernel's high-water mark of the
 * resident set, which catches short spikes that sampling `process.memoryUsage().rss` on a timer
 * would miss (a timer cannot even fire while the solver's synchronous loop runs). It covers the
 * whole process (Node itself, tsx, the generated instance and the solve), so it is an upper bound
 * on what the solver adds; the RSS before the solve is reported beside it.
 */

const DISPUTES = 10_000;
const MEDIATORS = 2_000;
const REGIONS = 20;
const CATEGORIES = 12;
const MIN_ELIGIBLE = 50;
const MAX_ELIGIBLE = 200;
/** Capacities 3..8 (mean 5.5): 11,000 places for 10,000 disputes, and contested where scores are high. */
const MIN_CAPACITY = 3;
const MAX_CAPACITY = 8;
const SEED = 20_240_601;
const TIMED_RUNS = 10;
const SWEEP_RUNS = 3;
const TIME_BUDGET_MS = 1_500;
/** DESIGN.md's second budget: 50,000 disputes × 10,000 mediators in ≤ 10 s. */
const LARGE: InstanceSize = { disputes: 50_000, mediators: 10_000 };
const LARGE_BUDGET_MS = 10_000;
/**
 * Capacity from half the demand to half again as much: each mediator's remaining capacity is drawn
 * from the range (mean 5 places per mediator is 100% of the disputes, as mediators are a fifth of them).
 */
const CAPACITY_SWEEP: Array<{ share: string; range: [number, number] }> = [
  { share: '50%', range: [1, 4] },
  { share: '80%', range: [2, 6] },
  { share: '90%', range: [2, 7] },
  { share: '99.7%', range: [2, 8] },
  { share: '120%', range: [4, 8] },
  { share: '150%', range: [5, 10] },
];
const LARGE_SWEEP = CAPACITY_SWEEP.filter(({ share }) => ['50%', '80%', '90%', '120%'].includes(share));
const MEMORY_BUDGET_MB = 256;
/** The roster-shaped instance: the batch-ranking bench's seeds, pairs from the use case's ranking step. */
const ROSTER_SEED = 20_260_316;
const ROSTER_DISPUTE_SEED = 20_261_201;
const ROSTER_RUNS = 3;
/** Besides the roster's own capacity, places for these shares of the disputes that have pairs. */
const ROSTER_SHARES = [0.5, 0.9, 1.2, 1.5];
const CHILD_ENV = 'BATCH_ASSIGNMENT_BENCH_CHILD';
/**
 * `BATCH_ASSIGNMENT_ROWS=roster npm run bench -- batch-assignment` measures only the roster-shaped
 * rows (about a minute instead of several): for iterating on the solver, not for the record.
 */
const ROWS_ENV = 'BATCH_ASSIGNMENT_ROWS';

export interface InstanceSize {
  disputes: number;
  mediators: number;
}

/**
 * A seeded instance shaped like matching's output. Mediators sit in 20 regions with 2–3 specialties
 * among 12 categories and a quality (their outcome record), skewed so good mediators are few. Each
 * dispute has 50–200 eligible mediators, 60% from its own region and the rest (online mediators)
 * from elsewhere. Score = 0.35·specialty fit + 0.3·quality + 0.15·same region + 0.2·noise, so
 * everyone wants the same good mediators and the capacity constraints bind where it matters.
 * Pairs come in CSR form: a million pair objects would measure the caller's garbage, not the solver.
 */
export function generateInstance(
  seed = SEED,
  capacities: [number, number] = [MIN_CAPACITY, MAX_CAPACITY],
  size: InstanceSize = { disputes: DISPUTES, mediators: MEDIATORS },
): BatchProblem {
  const { disputes: DISPUTES, mediators: MEDIATORS } = size;
  const random = seededRandom(seed);
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const mediatorRegion = Int32Array.from({ length: MEDIATORS }, (_, i) => i % REGIONS);
  const quality = Float64Array.from({ length: MEDIATORS }, () => random() ** 2);
  const specialties = Int32Array.from({ length: MEDIATORS }, () => {
    let mask = 0;
    for (let k = int(2, 3); k > 0; k--) mask |= 1 << int(0, CATEGORIES - 1);
    return mask;
  });
  const mediators = Array.from({ length: MEDIATORS }, (_, i) => ({
    id: `med-${i}`,
    remainingCapacity: int(capacities[0], capacities[1]),
  }));

  const offsets = new Int32Array(DISPUTES + 1);
  const mediatorIndex = new Int32Array(DISPUTES * MAX_ELIGIBLE);
  const score = new Float64Array(DISPUTES * MAX_ELIGIBLE);
  const byRegion = Array.from({ length: REGIONS }, (_, r) =>
    Int32Array.from({ length: MEDIATORS / REGIONS }, (_, k) => k * REGIONS + r),
  );
  const everyone = Int32Array.from({ length: MEDIATORS }, (_, i) => i);
  let e = 0;
  for (let d = 0; d < DISPUTES; d++) {
    const region = int(0, REGIONS - 1);
    const category = 1 << int(0, CATEGORIES - 1);
    const wanted = int(MIN_ELIGIBLE, MAX_ELIGIBLE);
    const local = Math.min(MEDIATORS / REGIONS, Math.round(wanted * 0.6));
    const chosen = [
      ...sample(byRegion[region] as Int32Array, local, random),
      ...sample(everyone, wanted - local, random, (i) => mediatorRegion[i] !== region),
    ];
    for (const i of chosen) {
      const fit = ((specialties[i] as number) & category) !== 0 ? 1 : 0.4;
      const home = mediatorRegion[i] === region ? 1 : 0;
      mediatorIndex[e] = i;
      score[e] = 0.35 * fit + 0.3 * (quality[i] as number) + 0.15 * home + 0.2 * random();
      e++;
    }
    offsets[d + 1] = e;
  }
  return {
    disputes: Array.from({ length: DISPUTES }, (_, d) => `dsp-${d}`),
    mediators,
    eligible: { offsets, mediatorIndex: mediatorIndex.slice(0, e), score: score.slice(0, e) },
  };
}

/** `count` distinct members of `pool` (partial Fisher–Yates on the pool, which it reorders). */
function sample(pool: Int32Array, count: number, random: () => number, keep?: (i: number) => boolean): number[] {
  const out: number[] = [];
  let size = pool.length;
  while (out.length < count && size > 0) {
    const k = Math.floor(random() * size);
    const pick = pool[k] as number;
    pool[k] = pool[size - 1] as number;
    pool[size - 1] = pick;
    size--;
    if (!keep || keep(pick)) out.push(pick);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Child processes: one measures time, the other memory.

interface Solved {
  assignedCount: number;
  totalScore: number;
}

/** One capacity of the sweep: places for `places` of `disputes`, timed over a few runs. */
interface SweepPoint {
  share: string;
  pairs: number;
  engine: string;
  augmentations: number;
  phases: number;
  disputes: number;
  places: number;
  runsMs: number[];
  searchFrom: string;
  optimal: Solved;
  greedy: Solved;
}

interface TimingReport {
  pairs: number;
  capacity: number;
  runsMs: number[];
  greedyOnlyMs: number;
  augmentations: number;
  method: string;
  optimal: Solved;
  greedy: Solved;
  sweep: SweepPoint[];
}

interface MemoryReport {
  rssBeforeSolveMb: number;
  maxRssMb: number;
}

function timingChild(): TimingReport {
  const problem = generateInstance();
  const gc = (globalThis as { gc?: () => void }).gc;
  // A warm-up run lets V8 optimise the hot loops, as a long-lived Lambda or server would have.
  assignBatch(problem);
  const runsMs: number[] = [];
  let last = assignBatch(problem, { timeBudgetMs: 0 });
  for (let run = 0; run < TIMED_RUNS; run++) {
    gc?.();
    const t0 = performance.now();
    last = assignBatch(problem, { timeBudgetMs: 60_000 });
    runsMs.push(performance.now() - t0);
  }
  gc?.();
  const g0 = performance.now();
  assignBatch(problem, { timeBudgetMs: 0 });
  const greedyOnlyMs = performance.now() - g0;
  const eligible = problem.eligible as { score: Float64Array };
  return {
    sweep: CAPACITY_SWEEP.map(({ share, range }) => sweepPoint(share, generateInstance(SEED, range), SWEEP_RUNS)),
    pairs: eligible.score.length,
    capacity: problem.mediators.reduce((sum, m) => sum + m.remainingCapacity, 0),
    runsMs,
    greedyOnlyMs,
    augmentations: last.stats.augmentations,
    method: last.method,
    optimal: { assignedCount: last.assignedCount, totalScore: last.totalScore },
    greedy: last.greedy,
  };
}

/** The large instance at each capacity, one timed run each (its own child: it holds ~0.5 GB). */
function largeChild(): SweepPoint[] {
  return LARGE_SWEEP.map(({ share, range }) => sweepPoint(share, generateInstance(SEED, range, LARGE), 1));
}

function sweepPoint(share: string, problem: BatchProblem, runs: number): SweepPoint {
  const gc = (globalThis as { gc?: () => void }).gc;
  const runsMs: number[] = [];
  let last: ReturnType<typeof assignBatch> | undefined;
  for (let run = 0; run < runs; run++) {
    gc?.();
    const t0 = performance.now();
    last = assignBatch(problem, { timeBudgetMs: 120_000 });
    runsMs.push(performance.now() - t0);
  }
  if (!last) throw new Error('no run');
  return {
    share,
    pairs: Array.isArray(problem.eligible)
      ? problem.eligible.reduce((sum: number, list: readonly unknown[]) => sum + list.length, 0)
      : (problem.eligible as { score: Float64Array }).score.length,
    engine: last.stats.engine,
    augmentations: last.stats.augmentations,
    phases: last.stats.phases,
    disputes: problem.disputes.length,
    places: problem.mediators.reduce((sum, m) => sum + m.remainingCapacity, 0),
    runsMs,
    searchFrom: last.stats.searchFrom,
    optimal: { assignedCount: last.assignedCount, totalScore: last.totalScore },
    greedy: last.greedy,
  };
}

/**
 * Matching's real output rather than generated scores: the synthetic roster of 2,000 mediators and
 * 10,000 synthetic open disputes, ranked by `eligiblePairs` (the use case's step: eligibility
 * buckets, top 200 candidates, offered mediators left out). Its scores are sums of a few coarse
 * factors, so they tie heavily, and everyone wants the same well-rated mediators: this instance,
 * not the generated one, showed the one-unit-at-a-time solver taking 5–7 s.
 */
function rosterInstance(): BatchProblem {
  const roster = syntheticMediators(MEDIATORS, ROSTER_SEED);
  const disputes = syntheticOpenDisputes(
    DISPUTES,
    ROSTER_DISPUTE_SEED,
    roster.map((mediator) => mediator.id),
  );
  return {
    disputes: disputes.map((dispute) => dispute.id),
    mediators: roster.map((mediator) => ({
      id: mediator.id,
      remainingCapacity: Math.max(0, mediator.capacity - mediator.activeCases),
    })),
    eligible: eligiblePairs(disputes, roster, SYNTHETIC_TODAY),
  };
}

/**
 * The same problem with `places` places in all, shared in proportion to each mediator's capacity
 * (largest remainders get the rounding), so who is scarce stays the roster's.
 */
function withPlaces(problem: BatchProblem, places: number): BatchProblem {
  const total = problem.mediators.reduce((sum, m) => sum + m.remainingCapacity, 0);
  const exact = problem.mediators.map((m) => (m.remainingCapacity * places) / total);
  const capacities = exact.map(Math.floor);
  let left = places - capacities.reduce((sum, c) => sum + c, 0);
  const byRemainder = exact.map((x, i) => ({ i, r: x - Math.floor(x) })).sort((a, b) => b.r - a.r || a.i - b.i);
  for (const { i } of byRemainder) {
    if (left-- <= 0) break;
    capacities[i] = (capacities[i] as number) + 1;
  }
  return {
    ...problem,
    mediators: problem.mediators.map((m, i) => ({ ...m, remainingCapacity: capacities[i] as number })),
  };
}

function rosterChild(): SweepPoint[] {
  const problem = rosterInstance();
  const lists = problem.eligible as readonly (readonly unknown[])[];
  const withPairs = lists.filter((pairs) => pairs.length > 0).length;
  assignBatch(problem);
  const natural = sweepPoint("the roster's own capacity", problem, ROSTER_RUNS);
  const shares = ROSTER_SHARES.map((share) =>
    sweepPoint(`${Math.round(share * 100)}%`, withPlaces(problem, Math.round(share * withPairs)), ROSTER_RUNS),
  );
  return [natural, ...shares];
}

function memoryChild(): MemoryReport {
  const problem = generateInstance();
  const rssBeforeSolveMb = process.memoryUsage().rss / 2 ** 20;
  const result = assignBatch(problem, { timeBudgetMs: 60_000 });
  if (result.method !== 'optimal') throw new Error('the solve fell back to greedy');
  // maxRSS is in kilobytes.
  return { rssBeforeSolveMb, maxRssMb: process.resourceUsage().maxRSS / 1024 };
}

function runChild<T>(mode: 'timing' | 'memory' | 'large' | 'roster'): Promise<T> {
  const script = fileURLToPath(import.meta.url);
  const args = ['--expose-gc', '--import', 'tsx', script];
  return new Promise((resolvePromise, reject) => {
    execFile(
      process.execPath,
      args,
      { cwd: projectRoot, env: { ...process.env, [CHILD_ENV]: mode }, timeout: 300_000, maxBuffer: 1 << 20 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`batch-assignment ${mode} child failed: ${stderr}`, { cause: error }));
        else resolvePromise(JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as T);
      },
    );
  });
}

// ---------------------------------------------------------------------------------------------
// The benchmark

export const batchAssignment: Benchmark = {
  name: 'batch-assignment',
  title:
    'Optimal batch assignment: 10,000 disputes × 2,000 mediators (generated and roster-shaped), and 50,000 × 10,000',
  description:
    'Batch assignment (`shared/domain/mediation/batch-assignment.ts`: successive-shortest-path min-cost ' +
    'flow with Johnson potentials, a sequential engine or, when scores tie heavily, a phase engine; an ε-scaling auction when they tie and places are to spare; greedy computed beside it) of ' +
    '10,000 disputes to 2,000 mediators with capacities 3–8 (11,000 places) and 50–200 eligible mediators ' +
    'per dispute with structured scores (seeded); then the same at places for 50% to 150% of the disputes, ' +
    'and 50,000 disputes × 10,000 mediators. DESIGN.md budgets: ≤ 1.5 s p95 and ≤ 256 MB at 10,000 × 2,000, ' +
    '≤ 10 s at 50,000 × 10,000, at every capacity from 50% to 150% of demand; the optimal and greedy totals are compared. ' +
    "Then roster-shaped pairs (matching's real, heavily tied scores from the synthetic roster via `eligiblePairs`) at " +
    "10,000 × 2,000, at the roster's own capacity and rescaled to 50%, 90%, 120% and 150%, against the same 1.5 s budget.",
  async run() {
    if (process.env[ROWS_ENV] === 'roster') return rosterOnly(await runChild<SweepPoint[]>('roster'));
    const timing = await runChild<TimingReport>('timing');
    const memory = await runChild<MemoryReport>('memory');
    const large = await runChild<SweepPoint[]>('large');
    const roster = await runChild<SweepPoint[]>('roster');
    const p50 = percentile(timing.runsMs, 50);
    const p95 = percentile(timing.runsMs, 95);
    const gain = timing.optimal.totalScore - timing.greedy.totalScore;
    const rows: BenchRow[] = [
      {
        cells: {
          Figure: `time per call, ${timing.runsMs.length} runs`,
          Measured: `${fixed(p50, 0)} ms p50, ${fixed(p95, 0)} ms p95`,
          Detail: `min ${fixed(Math.min(...timing.runsMs), 0)} ms, max ${fixed(Math.max(...timing.runsMs), 0)} ms; greedy alone ${fixed(timing.greedyOnlyMs, 0)} ms; ${timing.augmentations} augmentations`,
        },
        budget: `≤ ${TIME_BUDGET_MS} ms p95`,
        verdict: p95 <= TIME_BUDGET_MS ? 'pass' : 'fail',
        ...(p95 > TIME_BUDGET_MS ? { remark: `p95 ${fixed(p95, 0)} ms` } : {}),
      },
      {
        cells: {
          Figure: 'peak memory (maxRSS of a process that builds the instance and solves it once)',
          Measured: `${fixed(memory.maxRssMb, 0)} MB`,
          Detail: `${fixed(memory.rssBeforeSolveMb, 0)} MB resident before the solve`,
        },
        budget: `≤ ${MEMORY_BUDGET_MB} MB`,
        verdict: memory.maxRssMb <= MEMORY_BUDGET_MB ? 'pass' : 'fail',
      },
      {
        cells: {
          Figure: 'optimal (returned) vs greedy',
          Measured: `optimal ${timing.optimal.assignedCount} assigned, total ${fixed(timing.optimal.totalScore, 2)}`,
          Detail: `greedy ${timing.greedy.assignedCount} assigned, total ${fixed(timing.greedy.totalScore, 2)}; optimal +${timing.optimal.assignedCount - timing.greedy.assignedCount} assigned, +${fixed(gain, 2)} score (method ${timing.method})`,
        },
        budget: '-',
        verdict: 'info',
      },
      ...timing.sweep.map((point) => sweepRow(point, TIME_BUDGET_MS, 'p95')),
      ...large.map((point) => sweepRow(point, LARGE_BUDGET_MS, 'max')),
      ...roster.map(rosterRow),
    ];
    return {
      columns: ['Figure', 'Measured', 'Detail'],
      rows,
      notes: [
        `Instance: ${DISPUTES} disputes, ${MEDIATORS} mediators, ${timing.pairs} eligible pairs, ${timing.capacity} places in total; seed ${SEED}.`,
        'Time: wall time of `assignBatch` (input checks, greedy and the optimal solve), in a child process after one warm-up call, with a GC before each timed call.',
        `Roster-shaped: \`syntheticMediators(${MEDIATORS}, ${ROSTER_SEED})\` and \`syntheticOpenDisputes(${DISPUTES}, ${ROSTER_DISPUTE_SEED}, ids)\` ranked by \`eligiblePairs\` (the use case's step) on ${SYNTHETIC_TODAY}; remaining capacity = capacity − active cases, then rescaled in proportion for the other shares (of the disputes that have any pair); ${ROSTER_RUNS} runs each after one warm-up call, in their own child process.`,
        'Memory: `process.resourceUsage().maxRSS` of a fresh child process (Node, tsx, the instance in typed arrays, one solve): the kernel high-water mark, not a sampled figure.',
      ],
    };
  },
};

/** The roster-shaped rows alone (see ROWS_ENV). */
function rosterOnly(roster: SweepPoint[]): BenchResult {
  return {
    columns: ['Figure', 'Measured', 'Detail'],
    rows: roster.map(rosterRow),
    notes: [`Roster-shaped rows only (${ROWS_ENV}=roster): a partial run, not the record.`],
  };
}

/** A sweep point against its budget: p95 over its runs (one run: that run). */
function sweepRow(point: SweepPoint, budgetMs: number, statistic: 'p95' | 'max'): BenchRow {
  const measured = statistic === 'p95' ? percentile(point.runsMs, 95) : Math.max(...point.runsMs);
  const size = `${point.disputes.toLocaleString('en')} × ${(point.disputes / 5).toLocaleString('en')}`;
  return {
    cells: {
      Figure: `${size}, places for ${point.share} of the disputes (${point.places}), ${point.runsMs.length} run${point.runsMs.length > 1 ? 's' : ''}`,
      Measured: `${fixed(measured, 0)} ms ${statistic === 'p95' ? 'p95' : ''}`.trim(),
      Detail: `from the ${point.searchFrom}; optimal ${point.optimal.assignedCount} assigned, total ${fixed(point.optimal.totalScore, 2)}; greedy ${point.greedy.assignedCount}, ${fixed(point.greedy.totalScore, 2)}`,
    },
    budget: `≤ ${budgetMs} ms`,
    verdict: measured <= budgetMs ? 'pass' : 'fail',
  };
}

/** What the engine did: its searches and paths, or for the auction its ε rounds. */
function engineWork(point: SweepPoint): string {
  if (point.engine === 'auction')
    return `auction engine, ${point.phases} ε rounds, ${point.augmentations} disputes placed`;
  return `${point.engine} engine from the ${point.searchFrom}, ${point.phases} searches for ${point.augmentations} paths`;
}

/** A roster-shaped point against the 10,000 × 2,000 budget, with the engine and its searches. */
function rosterRow(point: SweepPoint): BenchRow {
  const p95 = percentile(point.runsMs, 95);
  return {
    cells: {
      Figure: `roster-shaped 10,000 × 2,000 (${point.pairs} pairs), ${point.share}: ${point.places} places, ${point.runsMs.length} runs`,
      Measured: `${fixed(p95, 0)} ms p95`,
      Detail: `${engineWork(point)}; optimal ${point.optimal.assignedCount} assigned, total ${fixed(point.optimal.totalScore, 2)}; greedy ${point.greedy.assignedCount}, ${fixed(point.greedy.totalScore, 2)}`,
    },
    budget: `≤ ${TIME_BUDGET_MS} ms p95`,
    verdict: p95 <= TIME_BUDGET_MS ? 'pass' : 'fail',
    ...(p95 > TIME_BUDGET_MS ? { remark: `p95 ${fixed(p95, 0)} ms` } : {}),
  };
}

// Child mode (spawned by run() above), or run directly: `npx tsx test/bench/batch-assignment.bench.ts`.
const mode = process.env[CHILD_ENV];
if (mode === 'timing' || mode === 'memory' || mode === 'large' || mode === 'roster') {
  const report = { timing: timingChild, memory: memoryChild, large: largeChild, roster: rosterChild }[mode]();
  console.log(JSON.stringify(report));
} else if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  batchAssignment.run().then(
    (result) => console.log(JSON.stringify(result, null, 2)),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
