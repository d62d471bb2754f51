import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile } from 'esbuild';
import { projectRoot } from '../support/project-root';
import { type Benchmark, type BenchRow, fixed, kb, percentile } from './types';

/**
 * Bundle size and import (cold-start init) time of every Lambda entry point, bundled exactly as the
 * house construct `infra/constructs/platform-function.ts` bundles it for `cdk synth`.
 */

interface Entry {
  path: string;
  kind: 'http' | 'task/event';
}

const entries: Entry[] = [
  { path: 'functions/http/lambda.ts', kind: 'http' },
  { path: 'functions/events/outbox-consumer.ts', kind: 'task/event' },
  { path: 'functions/events/ses-events.ts', kind: 'task/event' },
  { path: 'functions/events/sms-delivery-status.ts', kind: 'task/event' },
  { path: 'functions/workflow/message-delivery.ts', kind: 'task/event' },
];

/** DESIGN.md, "Budgets": HTTP ≤ 600 KB and ≤ 80 ms import p50; task and event ≤ 400 KB and ≤ 60 ms. */
const budgets = {
  http: { kb: 600, importP50Ms: 80 },
  'task/event': { kb: 400, importP50Ms: 60 },
} as const;

/** Fresh `node` processes per bundle; the first one (file cache, JIT of node itself) is discarded. */
const samples = 21;

/**
 * What a deployed function gets from its stack (the union of what `infra/stacks/` sets on the
 * functions, with placeholder values), and dummy credentials so nothing asks IMDS.
 */
const functionEnvironment = {
  PLATFORM_STAGE: 'aws',
  TABLE_NAME: 'platform',
  AWS_REGION: 'ap-east-1',
  STATE_MACHINE_ARNS: JSON.stringify({ MessageDelivery: 'arn:aws:states:ap-east-1:000000000000:stateMachine:x' }),
  MAIL_FROM: 'no-reply@platform.example',
  SES_CONFIGURATION_SET: 'platform',
  PUBLIC_BASE_URL: 'https://platform.example',
  PII_KMS_KEY_ID: 'arn:aws:kms:ap-east-1:000000000000:key/00000000-0000-0000-0000-000000000001',
  PII_HMAC_KEY_ID: 'arn:aws:kms:ap-east-1:000000000000:key/00000000-0000-0000-0000-000000000002',
  DOCUMENTS_BUCKET: 'platform-documents',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
  AWS_SECRET_ACCESS_KEY: 'benchmark',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/**
 * Runs in each sample process: times the dynamic import of the bundle (its module-level code: config
 * loading, client construction), checks a handler came out, prints the figure and exits at once.
 */
const importProbe = `
const started = performance.now();
const module = await import(process.argv[1]);
const ms = performance.now() - started;
if (typeof module.handler !== 'function') throw new Error('the bundle exports no handler');
process.stdout.write(JSON.stringify({ ms }));
process.exit(0);
`;

export const bundles: Benchmark = {
  name: 'bundles',
  title: 'Lambda bundles: size and import time',
  description:
    'Each Lambda entry point bundled as `PlatformFunction` bundles it (esbuild options read from ' +
    '`infra/constructs/platform-function.ts`), then imported in a fresh `node` process per sample with ' +
    'the environment its stack gives it. Budgets from DESIGN.md: HTTP functions ≤ 600 KB minified and ≤ 80 ms import p50; task and event functions ≤ 400 KB and ≤ 60 ms.',
  async run() {
    const options = await constructBundlingOptions();
    const outDir = await mkdtemp(join(tmpdir(), 'bench-bundles-'));
    try {
      const rows: BenchRow[] = [];
      for (const entry of entries) {
        const outfile = join(outDir, entry.path.replace(/[/.]/g, '_'), 'index.mjs');
        const { metafile } = await build({
          ...options,
          entryPoints: [join(projectRoot, entry.path)],
          outfile,
          absWorkingDir: projectRoot,
          metafile: true,
          logLevel: 'warning',
        });
        const bytes = (await stat(outfile)).size;
        const times = await importTimes(outfile);
        const p50 = percentile(times, 50);
        const p95 = percentile(times, 95);
        const budget = budgets[entry.kind];
        const over = [
          ...(bytes > budget.kb * 1024 ? [`size ${kb(bytes, 0)} > ${budget.kb} KB`] : []),
          ...(p50 > budget.importP50Ms ? [`import p50 ${fixed(p50)} > ${budget.importP50Ms} ms`] : []),
        ];
        rows.push({
          cells: {
            Function: `\`${entry.path}\``,
            Kind: entry.kind,
            'Size (KB)': kb(bytes),
            'Import p50 (ms)': fixed(p50),
            'Import p95 (ms)': fixed(p95),
            'AWS SDK share': `${fixed((100 * sdkBytes(metafile, outfile)) / bytes, 0)}%`,
            'Largest packages (KB in bundle)': largestPackages(metafile, outfile, 3)
              .map(([name, size]) => `${name} ${kb(size, 0)}`)
              .join(', '),
          },
          budget: `≤ ${budget.kb} KB, ≤ ${budget.importP50Ms} ms p50`,
          verdict: over.length === 0 ? 'pass' : 'fail',
          ...(over.length === 0 ? {} : { remark: over.join('; ') }),
        });
      }
      return {
        columns: [
          'Function',
          'Kind',
          'Size (KB)',
          'Import p50 (ms)',
          'Import p95 (ms)',
          'AWS SDK share',
          'Largest packages (KB in bundle)',
        ],
        rows,
        notes: [
          `esbuild ${await esbuildVersion()}, options as in the construct: \`${describe(options)}\`; no externals (the AWS SDK is bundled).`,
          `Import time: \`await import(bundle)\` timed inside the process (module evaluation incl. config loading and client construction, no network), ${samples - 1} samples per function in fresh \`node ${process.version}\` processes after one discarded warm-up; Lambda runs Node 24 on arm64, so absolute figures there differ.`,
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
 * The esbuild options of `PlatformFunction`, read from its source so this benchmark cannot drift
 * from what `cdk synth` builds. CDK's NodejsFunction turns them into
 * `esbuild --bundle <entry> --target=… --platform=node --format=esm --minify --banner:js=… --main-fields=…`.
 */
async function constructBundlingOptions(): Promise<BuildOptions> {
  const file = 'infra/constructs/platform-function.ts';
  const source = await readFile(join(projectRoot, file), 'utf8');
  const bundling = /bundling:\s*\{([\s\S]*?)\n\s*\},/.exec(source)?.[1];
  const target = bundling && /target:\s*'([^']+)'/.exec(bundling)?.[1];
  const banner = bundling && /banner:\s*"([^"]+)"/.exec(bundling)?.[1];
  const mainFields = bundling && /mainFields:\s*\[([^\]]*)\]/.exec(bundling)?.[1];
  const expected = [/format:\s*OutputFormat\.ESM/, /minify:\s*true/, /sourceMap:\s*false/, /externalModules:\s*\[\]/];
  if (!bundling || !target || !banner || !mainFields || expected.some((pattern) => !pattern.test(bundling))) {
    throw new Error(
      `${file}: its bundling options no longer have the shape this benchmark reads (ESM, minify, no source map, ` +
        'no externals, target, banner, mainFields); update test/bench/bundles.bench.ts to match',
    );
  }
  return {
    bundle: true,
    format: 'esm',
    minify: true,
    platform: 'node',
    target,
    mainFields: [...mainFields.matchAll(/'([^']+)'/g)].map((match) => match[1] as string),
    banner: { js: banner },
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
  ].join(' ');
}

async function importTimes(bundle: string): Promise<number[]> {
  const url = pathToFileURL(bundle).href;
  const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', ...functionEnvironment };
  const times: number[] = [];
  for (let sample = 0; sample < samples; sample++) {
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(
        process.execPath,
        ['--input-type=module', '--eval', importProbe, url],
        { env, cwd: tmpdir(), timeout: 30_000 },
        (error, out, err) => (error ? reject(new Error(`importing ${bundle} failed:\n${tail(err)}`)) : resolve(out)),
      );
    });
    const { ms } = JSON.parse(stdout) as { ms: number };
    if (sample > 0) times.push(ms);
  }
  return times;
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
