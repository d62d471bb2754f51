import { readdir, readFile } from 'node:fs/promises';
import { join, sep } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { lambdaBundleAliases } from '../../infra/bundling/aliases';
import { projectRoot } from './project-root';

/**
 * The Lambda bundles as `cdk synth` builds them, for the bundle benchmark (test/bench/bundles.bench.ts)
 * and the bundle tests (test/infra/lambda-bundles.test.ts): which entry points there are, the esbuild
 * options of the house construct, and the environment a deployed function runs with.
 */

export interface LambdaEntry {
  /** Relative to the project root, with forward slashes. */
  path: string;
  kind: 'http' | 'task/event';
}

/**
 * Every Lambda entry point: the files under functions/ that export a `handler` (the same rule as
 * test/infra/functions.test.ts, which checks that each is deployed as one house function). Those
 * under functions/http/ serve the HTTP API; the others handle events and workflow tasks.
 */
export async function lambdaEntries(): Promise<LambdaEntry[]> {
  const files = await readdir(join(projectRoot, 'functions'), { recursive: true, encoding: 'utf8' });
  const entries: LambdaEntry[] = [];
  for (const file of files.filter((name) => name.endsWith('.ts')).sort()) {
    const path = `functions/${file.split(sep).join('/')}`;
    if (!/export const handler\b/.test(await readFile(join(projectRoot, path), 'utf8'))) continue;
    entries.push({ path, kind: path.startsWith('functions/http/') ? 'http' : 'task/event' });
  }
  if (entries.length === 0) throw new Error('no Lambda entry point found under functions/');
  // The HTTP function first, as the largest and the one with its own budget.
  return entries.sort((a, b) => Number(a.kind !== 'http') - Number(b.kind !== 'http'));
}

/**
 * What a deployed function gets from its stack (the union of what `infra/stacks/` sets on the
 * functions, with placeholder values), and dummy credentials so nothing asks IMDS.
 */
export const functionEnvironment: Readonly<Record<string, string>> = {
  PLATFORM_STAGE: 'aws',
  TABLE_NAME: 'platform',
  AWS_REGION: 'ap-east-1',
  STATE_MACHINE_ARNS: JSON.stringify({ MessageDelivery: 'arn:aws:states:ap-east-1:000000000000:stateMachine:x' }),
  MAIL_FROM: 'no-reply@platform.example',
  SES_CONFIGURATION_SET: 'platform',
  PUBLIC_BASE_URL: 'https://platform.example',
  PII_KMS_KEY_ID: 'arn:aws:kms:ap-east-1:000000000000:key/00000000-0000-0000-0000-000000000001',
  PII_HMAC_KEY_ID: 'arn:aws:kms:ap-east-1:000000000000:key/00000000-0000-0000-0000-000000000002',
  CURSOR_HMAC_KEY_ID: 'arn:aws:kms:ap-east-1:000000000000:key/00000000-0000-0000-0000-000000000003',
  DOCUMENTS_BUCKET: 'platform-documents',
  PROOF_KEY_ID: 'arn:aws:kms:ap-east-1:000000000000:key/00000000-0000-0000-0000-000000000003',
  CHECKPOINT_BUCKET: 'platform-checkpoints',
  PARTY_USER_POOL_ID: 'ap-east-1_Parties1',
  STAFF_USER_POOL_ID: 'ap-east-1_Staff1',
  COURT_USER_POOL_ID: 'ap-east-1_Courts1',
  PARTY_CLIENT_ID: 'partyclient0000000000000000',
  STAFF_CLIENT_ID: 'staffclient0000000000000000',
  AWS_ACCESS_KEY_ID: 'AKIDBENCHMARK',
  AWS_SECRET_ACCESS_KEY: 'benchmark',
  AWS_EC2_METADATA_DISABLED: 'true',
};

/**
 * The esbuild options of `PlatformFunction`, read from its source so the benchmark and the tests
 * cannot drift from what `cdk synth` builds. CDK's NodejsFunction turns them into
 * `esbuild --bundle <entry> --target=… --platform=node --format=esm --minify --banner:js=… --main-fields=…
 * --alias:…` (the aliases from infra/bundling/aliases.ts, which the construct passes as `esbuildArgs`).
 */
export async function constructBundlingOptions(): Promise<BuildOptions> {
  const file = 'infra/constructs/platform-function.ts';
  const source = await readFile(join(projectRoot, file), 'utf8');
  const bundling = /bundling:\s*\{([\s\S]*?)\n\s*\},/.exec(source)?.[1];
  const target = bundling && /target:\s*'([^']+)'/.exec(bundling)?.[1];
  const banner = bundling && /banner:\s*"([^"]+)"/.exec(bundling)?.[1];
  const mainFields = bundling && /mainFields:\s*\[([^\]]*)\]/.exec(bundling)?.[1];
  const expected = [
    /format:\s*OutputFormat\.ESM/,
    /minify:\s*true/,
    /sourceMap:\s*false/,
    /externalModules:\s*\[\]/,
    /esbuildArgs:\s*\{\s*'--alias':\s*esbuildAliasArgs\(\)\s*\}/,
  ];
  if (!bundling || !target || !banner || !mainFields || expected.some((pattern) => !pattern.test(bundling))) {
    throw new Error(
      `${file}: its bundling options no longer have the shape test/support/lambda-bundles.ts reads (ESM, minify, no source map, ` +
        'no externals, the aliases of infra/bundling/aliases.ts, target, banner, mainFields); update it to match',
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
    alias: { ...lambdaBundleAliases },
  };
}
