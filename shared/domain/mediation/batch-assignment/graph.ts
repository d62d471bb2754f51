import { type BatchProblem, type EligibleCsr, SCORE_SCALE, type SearchSide } from './problem';

/**
 * The scale as a binding of this module: loops over every pair read it, and an imported binding
 * compiled to CommonJS (as tsx runs the benchmarks) is a getter call per read, which showed as
 * 0.5 s of 10 s sampled at 10,000 × 2,000.
 */
const SCALE = SCORE_SCALE;

/** The problem in typed arrays: pair e belongs to dispute owner[e] and mediator med[e]. */
export interface Graph {
  disputes: number;
  mediators: number;
  offsets: Int32Array;
  owner: Int32Array;
  med: Int32Array;
  score: Float64Array;
  scaled: Int32Array;
  /** Remaining capacity, clamped to the mediator's number of pairs (more could never be used). */
  capacity: Int32Array;
}

export function buildGraph(problem: BatchProblem): Graph {
  const n = problem.disputes.length;
  const m = problem.mediators.length;
  const { offsets, med, score } = toCsr(problem.eligible, n);
  const pairs = med.length;
  const owner = new Int32Array(pairs);
  const scaled = new Int32Array(pairs);
  const degree = new Int32Array(m);
  for (let d = 0; d < n; d++) {
    for (let e = at(offsets, d); e < at(offsets, d + 1); e++) {
      const mediator = at(med, e);
      const s = at(score, e);
      if (!Number.isInteger(mediator) || mediator < 0 || mediator >= m) {
        throw new RangeError(`dispute ${d}: mediatorIndex ${mediator} is not a mediator`);
      }
      if (!(s >= 0 && s <= 1)) throw new RangeError(`dispute ${d}: score ${s} is not in [0, 1]`);
      owner[e] = d;
      scaled[e] = Math.round(s * SCALE);
      degree[mediator] = at(degree, mediator) + 1;
    }
  }
  const capacity = new Int32Array(m);
  problem.mediators.forEach((mediator, i) => {
    const c = mediator.remainingCapacity;
    if (!Number.isInteger(c) || c < 0) throw new RangeError(`mediator ${mediator.id}: remaining capacity ${c}`);
    capacity[i] = Math.min(c, at(degree, i));
  });
  return { disputes: n, mediators: m, offsets, owner, med, score, scaled, capacity };
}

export function toCsr(
  eligible: BatchProblem['eligible'],
  n: number,
): { offsets: Int32Array; med: Int32Array; score: Float64Array } {
  if (isCsr(eligible)) {
    const { offsets } = eligible;
    const pairs = eligible.mediatorIndex.length;
    if (
      offsets.length !== n + 1 ||
      at(offsets, 0) !== 0 ||
      at(offsets, n) !== pairs ||
      eligible.score.length !== pairs
    ) {
      throw new RangeError('eligible: CSR offsets do not match the disputes and pairs');
    }
    for (let d = 0; d < n; d++) {
      if (at(offsets, d + 1) < at(offsets, d)) throw new RangeError('eligible: CSR offsets decrease');
    }
    return { offsets, med: eligible.mediatorIndex, score: eligible.score };
  }
  if (eligible.length !== n) throw new RangeError(`eligible: ${eligible.length} lists for ${n} disputes`);
  const offsets = new Int32Array(n + 1);
  eligible.forEach((list, d) => {
    offsets[d + 1] = at(offsets, d) + list.length;
  });
  const med = new Int32Array(at(offsets, n));
  const score = new Float64Array(at(offsets, n));
  eligible.forEach((list, d) => {
    let e = at(offsets, d);
    for (const pair of list) {
      med[e] = pair.mediatorIndex;
      score[e] = pair.score;
      if (med[e] !== pair.mediatorIndex) throw new RangeError(`dispute ${d}: mediatorIndex ${pair.mediatorIndex}`);
      e++;
    }
  });
  return { offsets, med, score };
}

export function isCsr(eligible: BatchProblem['eligible']): eligible is EligibleCsr {
  return !Array.isArray(eligible);
}

/** Typed-array read for indices the caller has bounds-checked (noUncheckedIndexedAccess). */
export function at(array: Int32Array | Float64Array, index: number): number {
  return array[index] as number;
}

/** Pairs in rows (compressed sparse form): row r's entries are [offsets[r], offsets[r + 1]). */
export interface Csr {
  offsets: Int32Array;
  /** The other side's node of each entry: a dispute's mediator, or a mediator's dispute. */
  target: Int32Array;
  scaled: Int32Array;
  score: Float64Array;
}

/** The entries renumbered so each row lists them by score descending; `original` maps back. */
export interface Rows {
  target: Int32Array;
  scaled: Int32Array;
  original: Int32Array;
}

export const disputeRowsOf = (graph: Graph): Csr => ({
  offsets: graph.offsets,
  target: graph.med,
  scaled: graph.scaled,
  score: graph.score,
});

/**
 * Sorts each row on its own (rows are short and read in sequence, where one global sort would
 * scatter a million writes across memory): a native numeric sort of the packed integer key
 * (SCALE − scaled)·2^b + position, then exact float order inside runs of equal scaled scores, ties
 * kept in list order. Rows shorter than 2^11 pack into 31 bits (Uint32Array sorts faster); longer
 * ones use float64 keys, still exact integers below 2^53.
 */
export function rowsByScore(csr: Csr): Rows {
  const { offsets } = csr;
  const count = offsets.length - 1;
  const entries = csr.target.length;
  const rows: Rows = {
    target: new Int32Array(entries),
    scaled: new Int32Array(entries),
    original: new Int32Array(entries),
  };
  let longest = 0;
  for (let r = 0; r < count; r++) longest = Math.max(longest, at(offsets, r + 1) - at(offsets, r));
  const bits = Math.max(1, Math.ceil(Math.log2(longest + 1)));
  const multiplier = 2 ** bits;
  const keys = bits <= 11 ? new Uint32Array(longest) : new Float64Array(longest);
  for (let r = 0; r < count; r++) {
    const from = at(offsets, r);
    const length = at(offsets, r + 1) - from;
    if (isDescending(csr.score, from, from + length)) {
      copyInOrder(csr, rows, from, from + length);
      continue;
    }
    for (let k = 0; k < length; k++) keys[k] = (SCALE - at(csr.scaled, from + k)) * multiplier + k;
    const row = keys.subarray(0, length).sort();
    for (let k = 0; k < length; k++) {
      const e = from + ((row[k] as number) % multiplier);
      rows.target[from + k] = at(csr.target, e);
      rows.scaled[from + k] = at(csr.scaled, e);
      rows.original[from + k] = e;
    }
    exactOrderWithinTies(rows, from, from + length, csr.score);
  }
  return rows;
}

/**
 * Whether a row's scores never rise: then score order, ties in list order, is the list order itself.
 * Matching's ranking hands over its candidates best first, so on its pairs every row is (and the
 * sort, a sixth of the whole solve there, is skipped); elsewhere the check stops at the first rise.
 */
function isDescending(score: Float64Array, from: number, to: number): boolean {
  for (let e = from + 1; e < to; e++) if (at(score, e) > at(score, e - 1)) return false;
  return true;
}

function copyInOrder(csr: Csr, rows: Rows, from: number, to: number): void {
  for (let e = from; e < to; e++) {
    rows.target[e] = at(csr.target, e);
    rows.scaled[e] = at(csr.scaled, e);
    rows.original[e] = e;
  }
}

/** Insertion sort by exact score descending inside runs of equal scaled score; stable. */
export function exactOrderWithinTies(rows: Rows, from: number, to: number, score: Float64Array): void {
  for (let k = from + 1; k < to; k++) {
    if (at(rows.scaled, k) !== at(rows.scaled, k - 1)) continue;
    const e = at(rows.original, k);
    const s = at(score, e);
    const target = at(rows.target, k);
    let j = k - 1;
    while (j >= from && at(rows.scaled, j) === at(rows.scaled, k) && at(score, at(rows.original, j)) < s) {
      rows.original[j + 1] = at(rows.original, j);
      rows.target[j + 1] = at(rows.target, j);
      j--;
    }
    rows.original[j + 1] = e;
    rows.target[j + 1] = target;
  }
}

export interface Solved {
  /** Per dispute, the pair it is assigned by (original pair numbers, −1: none). */
  assignedPair: Int32Array;
  augmentations: number;
  /** Dijkstra searches that found a path. */
  phases: number;
}

/**
 * The network as an engine that searches from one end sees it: supply nodes, each with a row of
 * entries (its pairs, score descending) and a supply, and room nodes with room. From the disputes:
 * disputes supply 1 each and mediators have their capacity as room. From the places: mediators
 * supply their capacity and each dispute has room for 1. Same network, read from the other end.
 */
export interface FlowSides {
  supplies: number;
  /** Supply node u's row is [rowOffsets[u], rowOffsets[u + 1]) in `rows`; `rows.target` is a room node. */
  rowOffsets: Int32Array;
  rows: Rows;
  supply: Int32Array;
  room: Int32Array;
}

/** The network read from `from`'s end (`disputeRows`: the rows by dispute, as `rowsByScore` gives them). */
export function flowSides(graph: Graph, disputeRows: Rows, from: SearchSide): FlowSides {
  if (from === 'disputes') {
    return {
      supplies: graph.disputes,
      rowOffsets: graph.offsets,
      rows: disputeRows,
      supply: new Int32Array(graph.disputes).fill(1),
      room: graph.capacity,
    };
  }
  // Each mediator is one supply node with its capacity, and each dispute one place: one node per
  // mediator, not one per place, because a mediator's places are interchangeable, and as separate
  // nodes each one settled in a search scanned the mediator's whole row again. (Near balance, where
  // the last searches settle most of the network, that was three quarters of the solve.)
  const { offsets, rows } = mediatorRowsByScore(graph);
  return {
    supplies: graph.mediators,
    rowOffsets: offsets,
    rows,
    supply: graph.capacity,
    room: new Int32Array(graph.disputes).fill(1),
  };
}

/** What a flow engine (phases, sequential) finds: which entries of its rows carry flow, and how many searches it took. */
export interface FlowSolution {
  carries: Uint8Array;
  augmentations: number;
  /** Searches that found a path. */
  phases: number;
}

/** Per dispute, the pair it is assigned by (−1: none), from the entries of `rows` an engine carries flow on. */
export function assignedPairs(graph: Graph, rows: Rows, carries: Uint8Array): Int32Array {
  const assignedPair = new Int32Array(graph.disputes).fill(-1);
  for (let entry = 0; entry < carries.length; entry++) {
    if (carries[entry] !== 1) continue;
    const pair = at(rows.original, entry);
    assignedPair[at(graph.owner, pair)] = pair;
  }
  return assignedPair;
}

/**
 * The pairs in rows by mediator, each row by score descending: the order `rowsByScore` gives (scaled
 * score descending, exact score inside runs of equal scaled score, then pair order), with
 * `original` the pair itself.
 *
 * A stable radix sort rather than a sort of each row: two passes on the scaled score (10 bits each,
 * highest score first) and one on the mediator, each reading its input in order and dealing it out
 * to a few thousand output streams, carrying what the rows need (pair, mediator, dispute, score).
 * Mediator rows are long (hundreds to thousands of pairs, where dispute rows have at most 200), and
 * gathering them then sorting each took 110–600 ms of CPU per solve at 10,000 × 2,000 (the most on
 * the roster-shaped pairs, whose popular mediators' rows need float keys); a counting sort over all
 * million score values, tried first, was slower still (its writes land anywhere in memory).
 */
export function mediatorRowsByScore(graph: Graph): { offsets: Int32Array; rows: Rows } {
  const pairs = graph.med.length;
  // Digit 0 is the low 10 bits of SCALE − scaled (so higher scores come first), digit 1 the rest.
  const low = newRadixColumns(pairs);
  radixPass({ ...graph, pair: undefined }, low, 0);
  const high = newRadixColumns(pairs);
  radixPass(low, high, RADIX_BITS);
  const offsets = new Int32Array(graph.mediators + 1);
  for (let k = 0; k < pairs; k++) {
    const i = (high.med[k] as number) + 1;
    offsets[i] = (offsets[i] as number) + 1;
  }
  for (let i = 0; i < graph.mediators; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
  const next = offsets.slice(0, graph.mediators);
  // The first pass's columns are free again: they take the rows (fewer large allocations, which on
  // the roster-shaped pairs, beside a million pair objects, each cost a garbage collection).
  const rows: Rows = { target: low.owner, scaled: low.scaled, original: low.pair };
  for (let k = 0; k < pairs; k++) {
    const i = high.med[k] as number;
    const slot = next[i] as number;
    next[i] = slot + 1;
    rows.target[slot] = high.owner[k] as number;
    rows.scaled[slot] = high.scaled[k] as number;
    rows.original[slot] = high.pair[k] as number;
  }
  for (let i = 0; i < graph.mediators; i++) exactOrderWithinTies(rows, at(offsets, i), at(offsets, i + 1), graph.score);
  return { offsets, rows };
}

/** What the radix passes carry for each pair: its number, mediator, dispute and scaled score. */
interface RadixColumns {
  pair: Int32Array;
  med: Int32Array;
  owner: Int32Array;
  scaled: Int32Array;
}

function newRadixColumns(pairs: number): RadixColumns {
  return {
    pair: new Int32Array(pairs),
    med: new Int32Array(pairs),
    owner: new Int32Array(pairs),
    scaled: new Int32Array(pairs),
  };
}

/** One stable counting pass on a 10-bit digit of SCALE − scaled; without `pair`, input k is pair k. */
function radixPass(
  from: Omit<RadixColumns, 'pair'> & { pair: Int32Array | undefined },
  to: RadixColumns,
  shift: number,
): void {
  const pairs = from.scaled.length;
  const next = new Int32Array(RADIX + 1);
  for (let k = 0; k < pairs; k++) {
    const b = (((SCALE - (from.scaled[k] as number)) >> shift) & RADIX_MASK) + 1;
    next[b] = (next[b] as number) + 1;
  }
  for (let b = 1; b <= RADIX; b++) next[b] = (next[b] as number) + (next[b - 1] as number);
  const { pair, med, owner, scaled } = from;
  for (let k = 0; k < pairs; k++) {
    const s = scaled[k] as number;
    const digit = ((SCALE - s) >> shift) & RADIX_MASK;
    const slot = next[digit] as number;
    next[digit] = slot + 1;
    to.pair[slot] = pair === undefined ? k : (pair[k] as number);
    to.med[slot] = med[k] as number;
    to.owner[slot] = owner[k] as number;
    to.scaled[slot] = s;
  }
}

/** Two 10-bit digits cover every scaled score (SCORE_SCALE < 2^20). */
const RADIX_BITS = 10;
const RADIX = 1 << RADIX_BITS;
const RADIX_MASK = RADIX - 1;
