import { execFile } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { esbuildAliasArgs } from '../../infra/bundling/aliases';
import { constructBundlingOptions, functionEnvironment, lambdaEntries } from '../support/lambda-bundles';
import { projectRoot } from '../support/project-root';
import { type Benchmark, type BenchRow, fixed, kb, percentile } from './types';

/**
 * Bundle size and import (cold-start init) time of every Lambda entry point, bundled exactly as the
 * house construct `infra/constructs/platform-function.ts` bundles it for `cdk synth`.
 */

/** DESIGN.md, "Budgets": HTTP ≤ 600 KB and ≤ 80 ms import p50; task and event ≤ 400 KB and ≤ 60 ms. */
const budgets = {
  http: { kb: 600, importP50Ms: 80 },
  'task/event': { kb: 400, importP50Ms: 60 },
} as const;

/** Fresh `node` processes per bundle; the first one (file cache, JIT of node itself) is discarded. */
const samples = 21;

/**
 * Runs in each sample process: times the dynamic import of the bundle (its module-level code: config
 * loading, client construction), checks a handler came out, prints the figures and exits at once.
 * Besides the wall-clock time the budget is about, the CPU time the process spent meanwhile (all its
 * threads: V8 compiles and collects garbage on helper threads too), which a loaded machine inflates
 * far less, so runs at different loads can be compared.
 */
const importProbe = `
const cpu = process.cpuUsage();
const started = performance.now();
const module = await import(process.argv[1]);
const ms = performance.now() - started;
const used = process.cpuUsage(cpu);
if (typeof module.handler !== 'function') throw new Error('the bundle exports no handler');
process.stdout.write(JSON.stringify({ ms, cpuMs: (used.user + used.system) / 1000 }));
process.exit(0);
`;

export const bundles: Benchmark = {
  name: 'bundles',
  title: 'Lambda bundles: size and import time',
  description:
    'Each Lambda entry point (every file under `functions/` that exports a `handler`) bundled as `PlatformFunction` bundles it (esbuild options read from ' +
    '`infra/constructs/platform-function.ts`), then imported in a fresh `node` process per sample with ' +
    'the environment its stack gives it. Budgets from DESIGN.md: HTTP functions ≤ 600 KB minified and ≤ 80 ms import p50; task and event functions ≤ 400 KB and ≤ 60 ms. ' +
    'The `floor` rows are reference bundles, not deployed (`test/bench/bundle-floors/`): the parts every function starts with, measured the same way in the same run.',
  async run() {
    const options = await constructBundlingOptions();
    const outDir = await mkdtemp(join(tmpdir(), 'bench-bundles-'));
    try {
      const rows: BenchRow[] = [];
      for (const entry of await lambdaEntries()) {
        const measured = await measure(entry.path, options, outDir);
        const budget = budgets[entry.kind];
        const over = [
          ...(measured.bytes > budget.kb * 1024 ? [`size ${kb(measured.bytes, 0)} > ${budget.kb} KB`] : []),
          ...(measured.p50 > budget.importP50Ms
            ? [`import p50 ${fixed(measured.p50)} > ${budget.importP50Ms} ms`]
            : []),
        ];
        rows.push({
          cells: { Function: `\`${entry.path}\``, Kind: entry.kind, ...measured.cells },
          budget: `≤ ${budget.kb} KB, ≤ ${budget.importP50Ms} ms p50`,
          verdict: over.length === 0 ? 'pass' : 'fail',
          ...(over.length === 0 ? {} : { remark: over.join('; ') }),
        });
      }
      for (const floor of floors) {
        const measured = await measure(floor.path, options, outDir);
        rows.push({
          cells: { Function: `\`${floor.path}\``, Kind: 'floor', ...measured.cells },
          budget: '-',
          verdict: 'info',
          remark: floor.what,
        });
      }
      return {
        columns: [
          'Function',
          'Kind',
          'Size (KB)',
          'Import p50 (ms)',
          'Import p95 (ms)',
          'Import CPU p50 (ms)',
          'AWS SDK share',
          'Largest packages (KB in bundle)',
        ],
        rows,
        notes: [
          `esbuild ${await esbuildVersion()}, options as in the construct: \`${describe(options)}\`; no externals (the AWS SDK is bundled). The aliases (infra/bundling/) give the SDK clients environment credentials instead of the Node default chain, and zod's classic API without its locales.`,
          `Import time: \`await import(bundle)\` timed inside the process (module evaluation incl. config loading and client construction, no network), ${samples - 1} samples per function in fresh \`node ${process.version}\` processes after one discarded warm-up; Lambda runs Node 24 on arm64, so absolute figures there differ.`,
          "Import CPU: the CPU time (user + system, all threads) the process spent on the same import. Wall-clock import time grows with the machine's load (see the load average above) several times over; CPU time far less, so it is the figure to compare between runs, and the floor rows of the same run show what this machine allows at all.",
          'Package sizes are the bytes each package contributes to the minified output (esbuild metafile `bytesInOutput`); "AWS SDK share" counts `@aws-sdk/*`, `@smithy/*`, `@aws-crypto/*` and `@aws/*`.',
          '1 KB = 1024 bytes.',
        ],
      };
    } finally {
      await rm(outDir, { recursive: true, force: true });
    }
  },
};

/**
 * Reference bundles, not deployed (test/bench/bundle-floors/): what the parts every function starts
 * with weigh and take on the same machine in the same run, so a function's figures can be read
 * against the least it could be (and a budget against what this machine allows at all).
 */
const floors = [
  { path: 'test/bench/bundle-floors/empty.ts', what: 'a handler alone: the cost of the measurement itself' },
  {
    path: 'test/bench/bundle-floors/node-https.ts',
    what: "node's HTTPS client alone, which every AWS SDK client loads",
  },
  { path: 'test/bench/bundle-floors/config-zod.ts', what: 'the settings checked with zod, as every function does' },
  { path: 'test/bench/bundle-floors/dynamodb-client.ts', what: 'the DynamoDB document client alone' },
  {
    path: 'test/bench/bundle-floors/dynamodb-and-config.ts',
    what: 'settings (zod) and the DynamoDB document client: what every function here starts from',
  },
] as const;

interface Measured {
  bytes: number;
  p50: number;
  cells: Record<string, string>;
}

/** Bundles one entry as the construct does and imports it in fresh processes. */
async function measure(path: string, options: BuildOptions, outDir: string): Promise<Measured> {
  const outfile = join(outDir, path.replace(/[/.]/g, '_'), 'index.mjs');
  const { metafile } = await build({
    ...options,
    entryPoints: [join(projectRoot, path)],
    outfile,
    absWorkingDir: projectRoot,
    metafile: true,
    logLevel: 'warning',
  });
  const bytes = (await stat(outfile)).size;
  const { times, cpuTimes } = await importTimes(outfile);
  const p50 = percentile(times, 50);
  return {
    bytes,
    p50,
    cells: {
      'Size (KB)': kb(bytes),
      'Import p50 (ms)': fixed(p50),
      'Import p95 (ms)': fixed(percentile(times, 95)),
      'Import CPU p50 (ms)': fixed(percentile(cpuTimes, 50)),
      'AWS SDK share': `${fixed((100 * sdkBytes(metafile, outfile)) / bytes, 0)}%`,
      'Largest packages (KB in bundle)': largestPackages(metafile, outfile, 3)
        .map(([name, size]) => `${name} ${kb(size, 0)}`)
        .join(', '),
    },
  };
}

function describe(options: BuildOptions): string {
  return [
    '--bundle',
    `--format=${options.format}`,
    '--minify',
    `--platform=${options.platform}`,
    `--target=${String(options.target)}`,
    `--main-fields=${options.mainFields?.join(',')}`,
    '--banner:js=…createRequire…',
    ...esbuildAliasArgs().map((alias) => `--alias:${alias}`),
  ].join(' ');
}

async function importTimes(bundle: string): Promise<{ times: number[]; cpuTimes: number[] }> {
  const url = pathToFileURL(bundle).href;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...functionEnvironment };
  const times: number[] = [];
  const cpuTimes: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '--eval', importProbe, url],
        { env, cwd: tmpdir(), timeout: 30_000 },
        (error, out, err) => (error ? reject(new Error(`importing ${bundle} failed:\n${tail(err)}`)) : resolve(out)),
      );
    });
    const { ms, cpuMs } = JSON.parse(stdout) as { ms: number; cpuMs: number };
    if (sample > 0) {
      times.push(ms);
      cpuTimes.push(cpuMs);
    }
  }
  return { times, cpuTimes };
}

/** The last lines of a child's stderr, each cut short: a minified bundle's source line is one huge line. */
function tail(stderr: string): string {
  return stderr
    .split('\n')
    .slice(-12)
    .map((line) => (line.length > 300 ? `${line.slice(0, 300)}…` : line))
    .join('\n');
}

/** `node_modules/@smithy/core/dist-es/x.js` → `@smithy/core`; project files → undefined. */
function packageOf(input: string): string | undefined {
  const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*\/node_modules\/)/.exec(input);
  return match?.[1];
}

function bytesByPackage(metafile: Metafile, outfile: string): Map<string, number> {
  const output = Object.entries(metafile.outputs).find(([path]) => join(projectRoot, path) === outfile)?.[1];
  if (!output) throw new Error(`no metafile output for ${outfile}`);
  const sizes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output.inputs)) {
    const name = packageOf(input);
    if (name !== undefined) sizes.set(name, (sizes.get(name) ?? 0) + bytesInOutput);
  }
  return sizes;
}

function largestPackages(metafile: Metafile, outfile: string, count: number): [string, number][] {
  return [...bytesByPackage(metafile, outfile)].sort((a, b) => b[1] - a[1]).slice(0, count);
}

function sdkBytes(metafile: Metafile, outfile: string): number {
  let total = 0;
  for (const [name, size] of bytesByPackage(metafile, outfile)) {
    if (/^@(aws-sdk|smithy|aws-crypto|aws)\//.test(name)) total += size;
  }
  return total;
}

async function esbuildVersion(): Promise<string> {
  const { version } = await import('esbuild');
  return version;
}
