import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EdgeRoute, edgeRoutesFromTemplate } from './api-edge';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What the API stack's routes and authorizers are built from. A change to any of them (or to CDK)
 * invalidates the cached routes; anything else leaves them as they are.
 */
const inputs = [
  'functions/http/route-table.ts',
  'infra/stacks/api-stack.ts',
  'infra/app.ts',
  'infra/deploy-regions.ts',
  'infra/local/api-edge.ts',
  'infra/local/api-edge-routes.ts',
];

/**
 * The HTTP API's routes as the synthesized template declares them, for the local edge. Synthesizing
 * the CDK app takes seconds, so the routes are cached under `node_modules/.cache`, keyed by a hash
 * of the files they are built from: `npm start` synthesizes once after a change to the route table
 * or the API stack, and reads the cache otherwise.
 */
export async function synthesizedEdgeRoutes(): Promise<EdgeRoute[]> {
  const cacheFile = join(root, 'node_modules', '.cache', 'platform-api-edge', `${await inputsHash()}.json`);
  const cached = await readFile(cacheFile, 'utf8').catch(() => undefined);
  if (cached !== undefined) return JSON.parse(cached) as EdgeRoute[];
  const routes = await synthesizeEdgeRoutes();
  await mkdir(dirname(cacheFile), { recursive: true });
  // Written aside and renamed: two processes starting at once never read half a file.
  const partial = `${cacheFile}.${process.pid}.partial`;
  await writeFile(partial, JSON.stringify(routes));
  await rename(partial, cacheFile);
  await removeStaleEntries(cacheFile);
  return routes;
}

/**
 * Routes cached for earlier inputs go after a week unused. Not at once: checkouts of other branches
 * sharing this node_modules keep theirs.
 */
async function removeStaleEntries(current: string): Promise<void> {
  const folder = dirname(current);
  const weekAgo = Date.now() - 7 * 24 * 3600_000;
  for (const entry of await readdir(folder)) {
    if (entry === basename(current) || !entry.endsWith('.json')) continue;
    const file = join(folder, entry);
    const modified = await stat(file).then(
      (found) => found.mtimeMs,
      () => Date.now(),
    );
    if (modified < weekAgo) await rm(file, { force: true });
  }
}

/** The API stack's template, synthesized in-process as `cdk synth` would, without bundling any function. */
export async function synthesizeApiTemplate(): Promise<{ Resources: Record<string, { Type: string }> }> {
  // Imported here, not at the top: a start with the routes cached never loads the CDK.
  const [{ App }, { createPlatform }] = await Promise.all([import('aws-cdk-lib'), import('../app')]);
  const app = new App({
    analyticsReporting: false,
    context: {
      'aws:cdk:bundling-stacks': [],
      // The edge needs the routes only: cdk-nag findings are the CI synth's business.
      '@aws-cdk/core:failSynthOnValidationErrors': false,
      publicBaseUrl: 'https://platform.local.invalid',
    },
  });
  const platform = createPlatform(app);
  return app.synth().getStackArtifact(platform.api.artifactId).template as {
    Resources: Record<string, { Type: string }>;
  };
}

async function synthesizeEdgeRoutes(): Promise<EdgeRoute[]> {
  return edgeRoutesFromTemplate(await synthesizeApiTemplate());
}

async function inputsHash(): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`aws-cdk-lib ${cdkVersion()}\n`);
  for (const input of inputs) {
    hash.update(`${input}\n`);
    hash.update(await readFile(join(root, input)));
  }
  return hash.digest('hex').slice(0, 32);
}

function cdkVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('aws-cdk-lib/package.json') as { version: string }).version;
}
