import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));

/**
 * What the local stack reads from the synthesized CDK app (the API's routes, the workflows'
 * definitions), cached under `node_modules/.cache/<name>/<hash>.json`. Synthesizing takes seconds, a
 * read milliseconds. The hash covers aws-cdk-lib's version and every project file the entry modules
 * import, transitively (static and dynamic relative imports), so a change to anything the result is
 * built from synthesizes again, and nothing else does.
 */
export async function cachedSynthesis<T>(name: string, entries: string[], synthesize: () => Promise<T>): Promise<T> {
  const cacheFile = join(root, 'node_modules', '.cache', name, `${await sourcesHash(entries)}.json`);
  const cached = await readFile(cacheFile, 'utf8').catch(() => undefined);
  if (cached !== undefined) return JSON.parse(cached) as T;
  const result = await synthesize();
  await mkdir(dirname(cacheFile), { recursive: true });
  // Written aside and renamed: two processes starting at once never read half a file.
  const partial = `${cacheFile}.${process.pid}.partial`;
  await writeFile(partial, JSON.stringify(result));
  await rename(partial, cacheFile);
  await removeStaleEntries(cacheFile);
  return result;
}

/** The hash of aws-cdk-lib's version and of the entries' project sources, in a stable order. */
export async function sourcesHash(entries: string[]): Promise<string> {
  const hash = createHash('sha256');
  hash.update(`aws-cdk-lib ${cdkVersion()}\n`);
  for (const [file, text] of [...(await projectSources(entries))].sort(([a], [b]) => a.localeCompare(b))) {
    hash.update(`${file}\n`);
    hash.update(text);
  }
  return hash.digest('hex').slice(0, 32);
}

/** Relative imports: `from './x'`, `import './x'`, `import('./x')`. Packages are covered by their versions. */
const relativeImport = /(?:from\s+|import\s*\(\s*|import\s+)['"](\.{1,2}\/[^'"]+)['"]/g;

/** Every project file reachable from the entries through relative imports, with its text. */
async function projectSources(entries: string[]): Promise<Map<string, string>> {
  const sources = new Map<string, string>();
  const pending = entries.map((entry) => join(root, entry));
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    if (sources.has(file)) continue;
    const text = await readFile(file, 'utf8');
    sources.set(file, text);
    for (const [, specifier] of text.matchAll(relativeImport)) {
      const target = resolveModule(dirname(file), specifier as string);
      if (target && !sources.has(target)) pending.push(target);
    }
  }
  return sources;
}

function resolveModule(folder: string, specifier: string): string | undefined {
  const base = resolve(folder, specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base.replace(/\.js$/, '.ts')];
  return candidates.find(
    (candidate) => candidate.startsWith(root) && /\.(ts|tsx|json)$/.test(candidate) && existsSync(candidate),
  );
}

function cdkVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('aws-cdk-lib/package.json') as { version: string }).version;
}

/**
 * Results cached for earlier sources go after a week unused. Not at once: checkouts of other
 * branches sharing this node_modules keep theirs.
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
