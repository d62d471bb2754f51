/** One eligible mediator of a dispute, with matching's score in [0, 1] (higher is better). */
export interface EligiblePair {
  mediatorIndex: number;
  score: number;
}

/**
 * Eligible pairs in compressed sparse rows, for callers that already hold typed arrays (large
 * batches): dispute d's pairs are the entries [offsets[d], offsets[d + 1]).
 */
export interface EligibleCsr {
  offsets: Int32Array;
  mediatorIndex: Int32Array;
  score: Float64Array;
}

export interface BatchMediator {
  id: string;
  /** Disputes the mediator can still take (capacity minus held); an integer ≥ 0. */
  remainingCapacity: number;
}

export interface BatchProblem {
  /** Dispute ids; a dispute's index here is its `disputeIndex`. */
  disputes: readonly string[];
  /** A mediator's index here is its `mediatorIndex`. */
  mediators: readonly BatchMediator[];
  /** Per dispute (same order as `disputes`), its eligible mediators; or the same in CSR form. */
  eligible: readonly (readonly EligiblePair[])[] | EligibleCsr;
}

export interface BatchAssignmentOptions {
  /** Time allowed to the optimal solver before falling back to greedy; default 5,000 ms. */
  timeBudgetMs?: number;
  /** Milliseconds clock, injectable for tests; default `performance.now`. */
  now?: () => number;
  /**
   * Which side the optimal solver adds one at a time: each dispute, or each mediator's places.
   * Default: the scarce side (see `scarceSide`). Both give the same optimum; tests force each.
   */
  searchFrom?: SearchSide;
  /**
   * How the optimal solver searches (see `defaultEngine`). Both give the same optimum from either
   * side; the choice only changes the time taken. Tests force each.
   */
  engine?: SolverEngine;
}

export type SearchSide = 'disputes' | 'places';
/**
 * 'sequential': one unit at a time, one Dijkstra each; 'phases': many equally short paths per
 * Dijkstra; 'auction': disputes bid for places with ε-scaling (`searchFrom` does not apply).
 */
export type SolverEngine = 'sequential' | 'phases' | 'auction';

export interface BatchAssignment {
  disputeIndex: number;
  mediatorIndex: number;
  score: number;
}

export interface BatchAssignmentResult {
  /** Sorted by dispute index. */
  assignments: BatchAssignment[];
  totalScore: number;
  assignedCount: number;
  /** Which assignment this result carries: the optimal solver's, or the greedy fallback's. */
  method: 'optimal' | 'greedy';
  /** The greedy assignment's totals, always computed, for comparison. */
  greedy: { totalScore: number; assignedCount: number };
  stats: {
    /** Augmenting paths: each assigns one more dispute, possibly moving others along the way (auction: disputes placed). */
    augmentations: number;
    /** Dijkstra searches that found a path (each followed by as many equally short paths as found; auction: ε rounds). */
    phases: number;
    /** Wall time of the whole call. */
    ms: number;
    /** The optimal solver ran out of its time budget, or had none (and the result is greedy). */
    timedOut: boolean;
    /** The side the optimal solver's paths started from. */
    searchFrom: SearchSide;
    engine: SolverEngine;
  };
}

/** Scores are scaled to integers 0..SCALE (see the header). */
export const SCORE_SCALE = 1_000_000;
