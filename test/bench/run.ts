/**
 * The generator of BENCHMARKS.md: `npm run bench` runs every benchmark, `npm run bench -- <name...>`
 * only the named ones, and writes the results to BENCHMARKS.md at the repository root.
 *
 * How it is organised:
 * - `benchmarks.ts` holds the registry, a plain array of `Benchmark`s. To add a benchmark, write
 *   `test/bench/<name>.bench.ts` exporting `{ name, title, description, run }` (types in `types.ts`)
 *   and append it to that array; nothing else needs to change.
 * - `run()` returns a `BenchResult`: the measured figures as rows, each with the budget it is held
 *   to (from DESIGN.md, "Budgets") and a verdict (`pass`, `fail`, or `info` when there is no budget).
 *   The runner renders one table per benchmark, with the machine, the command and the date.
 * - A run of some benchmarks only replaces their sections in BENCHMARKS.md and keeps the others
 *   from the earlier run (each section says when it was measured).
 * - Budgets are benchmarks, not timed tests: a `fail` is reported (and summarised on the console)
 *   but does not fail the command; a benchmark that throws does (exit code 1).
 * - Files here are `*.bench.ts` or plain `.ts`, never `*.test.ts`, so `npm test` does not collect them.
 */
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, freemem, loadavg, release, totalmem, type } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '../support/project-root';
import { benchmarks } from './benchmarks';
import type { Benchmark, BenchResult, Verdict } from './types';

const outputFile = join(projectRoot, 'BENCHMARKS.md');

interface Section {
  name: string;
  markdown: string;
}

async function main(): Promise<number> {
  const names = process.argv.slice(2).filter((arg) => arg !== '--');
  if (names.includes('--help') || names.includes('-h')) {
    console.log(`usage: npm run bench [-- <name...>]\nbenchmarks: ${benchmarks.map((b) => b.name).join(', ')}\n`);
    return 0;
  }
  const unknown = names.filter((name) => !benchmarks.some((b) => b.name === name));
  if (unknown.length > 0) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${benchmarks.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const selected =
    names.length === 0 ? benchmarks.filter((b) => !b.onlyWhenNamed) : benchmarks.filter((b) => names.includes(b.name));
  const command = `npm run bench${names.length === 0 ? '' : ` -- ${names.join(' ')}`}`;
  const started = new Date();
  const loadAtStart = loadavg();

  const fresh: Section[] = [];
  let errors = 0;
  const failures: string[] = [];
  for (const benchmark of selected) {
    console.log(`▶ ${benchmark.name}: ${benchmark.title}`);
    const t0 = performance.now();
    try {
      const result = await benchmark.run();
      const seconds = (performance.now() - t0) / 1000;
      console.log(`  done in ${seconds.toFixed(1)} s`);
      for (const row of result.rows) {
        if (row.verdict === 'fail')
          failures.push(`${benchmark.name}: ${firstCell(result, row.cells)} (${row.remark ?? row.budget})`);
      }
      fresh.push({ name: benchmark.name, markdown: renderSection(benchmark, result, { command, seconds }) });
    } catch (error) {
      errors++;
      console.error(`  ${benchmark.name} failed:`, error);
      fresh.push({ name: benchmark.name, markdown: renderError(benchmark, error, command) });
    }
  }

  const earlier = await earlierSections();
  // A plain run measures everything but the benchmarks that run only when named: theirs are kept.
  const kept =
    names.length === 0
      ? earlier.filter((section) => benchmarks.some((b) => b.name === section.name && b.onlyWhenNamed))
      : earlier;
  // Sections no benchmark writes (figures measured by flow tests, written by hand) are kept as they are.
  const byHand = earlier.filter((section) => !benchmarks.some((b) => b.name === section.name));
  const sections = [
    ...benchmarks
      .map((b) => fresh.find((s) => s.name === b.name) ?? kept.find((s) => s.name === b.name))
      .filter((s): s is Section => s !== undefined),
    ...byHand,
  ];
  await writeFile(outputFile, renderDocument(sections, command, started, loadAtStart));
  console.log(`wrote ${outputFile}`);
  if (failures.length > 0) console.log(`over budget:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  return errors > 0 ? 1 : 0;
}

function firstCell(result: BenchResult, cells: Record<string, string | number>): string {
  const first = result.columns[0];
  return first === undefined ? '' : String(cells[first] ?? '');
}

const verdictText: Record<Verdict, string> = { pass: 'pass', fail: '**FAIL**', info: 'informational' };

function renderSection(benchmark: Benchmark, result: BenchResult, run: { command: string; seconds: number }): string {
  const columns = [...result.columns, 'Budget', 'Result'];
  const lines = [
    `## ${benchmark.title}`,
    '',
    `\`${benchmark.name}\` · measured ${new Date().toISOString()} by \`${run.command}\` in ${run.seconds.toFixed(1)} s`,
    '',
    benchmark.description,
    '',
    `| ${columns.map(cell).join(' | ')} |`,
    `| ${columns.map(() => '---').join(' | ')} |`,
    ...result.rows.map((row) => {
      const verdict = `${verdictText[row.verdict]}${row.remark ? `: ${row.remark}` : ''}`;
      return `| ${[...result.columns.map((c) => String(row.cells[c] ?? '')), row.budget, verdict].map(cell).join(' | ')} |`;
    }),
  ];
  if (result.notes && result.notes.length > 0) lines.push('', ...result.notes.map((note) => `- ${note}`));
  return markSection(benchmark.name, lines.join('\n'));
}

function renderError(benchmark: Benchmark, error: unknown, command: string): string {
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return markSection(
    benchmark.name,
    [
      `## ${benchmark.title}`,
      '',
      `\`${benchmark.name}\` · **did not complete** (${new Date().toISOString()}, \`${command}\`):`,
      '',
      '```',
      message,
      '```',
    ].join('\n'),
  );
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function markSection(name: string, markdown: string): string {
  return `<!-- bench:${name} -->\n${markdown}\n<!-- /bench:${name} -->`;
}

/** The sections of the BENCHMARKS.md on disk, to keep those this run did not measure. */
async function earlierSections(): Promise<Section[]> {
  const text = await readFile(outputFile, 'utf8').catch(() => '');
  return [...text.matchAll(/<!-- bench:([\w-]+) -->\n[\s\S]*?\n<!-- \/bench:\1 -->/g)].map((match) => ({
    name: match[1] as string,
    markdown: match[0],
  }));
}

function renderDocument(sections: Section[], command: string, started: Date, loadAtStart: number[]): string {
  const machine = machineDescription(loadAtStart);
  return [
    '# Benchmarks',
    '',
    '<!-- Generated by test/bench/run.ts (`npm run bench`); do not edit by hand. -->',
    '',
    'Budgets are those of `DESIGN.md`, "Budgets (benchmarks, not timed tests)". Regenerate with',
    '`npm run bench` (all) or `npm run bench -- <name...>` (some: the other sections are kept from the',
    'earlier run). Benchmarks live in `test/bench/`; to add one, see the comment at the top of',
    '`test/bench/run.ts` and the registry in `test/bench/benchmarks.ts`.',
    '',
    `Last run: \`${command}\`, started ${started.toISOString()}.`,
    '',
    '| Machine | |',
    '| --- | --- |',
    ...machine.map(([key, value]) => `| ${key} | ${cell(value)} |`),
    '',
    ...sections.flatMap((section) => [section.markdown, '']),
  ].join('\n');
}

function machineDescription(loadAtStart: number[]): [string, string][] {
  const cores = cpus();
  return [
    ['CPU', cpuModel() ?? cores[0]?.model ?? 'unknown'],
    ['Cores', `${cores.length} logical`],
    ['Memory', `${(totalmem() / 2 ** 30).toFixed(1)} GiB (${(freemem() / 2 ** 30).toFixed(1)} GiB free at the end)`],
    ['Node.js', process.version],
    ['OS', `${osName() ?? type()} (${type()} ${release()}, ${process.arch})`],
    // Other work on the machine skews every figure; a load near the core count at start says so.
    ['Load average at start', `${loadAtStart.map((load) => load.toFixed(2)).join(' / ')} (1 / 5 / 15 min)`],
  ];
}

function cpuModel(): string | undefined {
  try {
    const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8');
    return /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim();
  } catch {
    return undefined;
  }
}

function osName(): string | undefined {
  try {
    return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1];
  } catch {
    return undefined;
  }
}

main().then(
  (code) => {
    process.exit(code);
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
