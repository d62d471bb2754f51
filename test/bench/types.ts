/**
 * What a benchmark module is and what it returns. A module exports one `Benchmark`; the runner
 * (`run.ts`) renders its `BenchResult` as one table in BENCHMARKS.md.
 */

/** A row's standing against its budget; `info` for figures that have no budget (yet). */
export type Verdict = 'pass' | 'fail' | 'info';

export interface BenchRow {
  /** The measured figures, keyed by the result's `columns`. */
  cells: Record<string, string | number>;
  /** The budget this row is held to, in words (e.g. `≤ 400 KB, ≤ 60 ms p50`), or `-`. */
  budget: string;
  verdict: Verdict;
  /** Why a row failed (or a remark on an informational one); shown beside the verdict. */
  remark?: string;
}

export interface BenchResult {
  /** Column names of the measured figures, in order; the runner appends Budget and Result. */
  columns: string[];
  rows: BenchRow[];
  /** Method, caveats, and anything a reader needs to trust the figures; rendered as a list. */
  notes?: string[];
}

export interface Benchmark {
  /** Short, unique, used on the command line: `npm run bench -- <name>`. */
  name: string;
  /** Heading of the benchmark's section in BENCHMARKS.md. */
  title: string;
  /** One paragraph: what is measured, and which DESIGN.md budget it checks. */
  description: string;
  run(): Promise<BenchResult>;
  /** Runs only when named (`npm run bench -- <name>`), never in a plain `npm run bench` (hours long). */
  onlyWhenNamed?: boolean;
}

/** The p-th percentile (0–100) of samples, nearest-rank. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** `12.3` with the given number of decimals, as text for a table cell. */
export function fixed(value: number, decimals = 1): string {
  return Number.isFinite(value) ? value.toFixed(decimals) : 'n/a';
}

/** Bytes as KB (1 KB = 1024 bytes, as in DynamoDB's and AWS Lambda's limits). */
export function kb(bytes: number, decimals = 1): string {
  return fixed(bytes / 1024, decimals);
}
