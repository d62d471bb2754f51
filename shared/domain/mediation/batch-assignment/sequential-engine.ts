import { type FlowSides, type FlowSolution, at as typedRead } from './graph';
import { IndexedHeap } from './indexed-heap';

/**
 * `at` as a binding of this module: compiled to CommonJS (as tsx runs the benchmarks), an imported
 * function is read through a getter on the exporting module at every call, and these loops call it
 * per pair; a CPU profile showed those getters as their own frames.
 */
const at = typedRead;

/**
 * Written for supply nodes = disputes; searching from the places, read "mediator" (supplying its
 * capacity) for dispute and "dispute" (one place each) for mediator: the code only sees supply nodes
 * with rows and a supply, and room nodes with places (graph.ts, `flowSides`).
 *
 * Nodes: disputes 0..n−1, mediators n..n+m−1. The sink is virtual: reaching a mediator with spare
 * capacity means reaching it (reduced cost π(mediator), the sink's potential being 0). The source is
 * implicit too: a unit of flow enters at the dispute being added.
 *
 * Residual edges, with cost −scaled for "assign" and +scaled for "unassign":
 * - dispute d → mediator of each of its pairs that carries no flow (assign);
 * - mediator → the dispute of each pair it holds (unassign);
 * - mediator with spare capacity → sink.
 * The Dijkstra keys are reduced costs, which are ≥ 0 on every edge between live nodes. Edges into
 * dead nodes may have any reduced cost (searches for spare capacity skip them); edges among dead
 * nodes are ≥ 0 again. Dead nodes only have edges to dead nodes.
 *
 * Potentials start at 0 and only ever decrease, so every mediator's potential is ≤ 0 (and exactly 0
 * while it has spare capacity, since the edge to the sink stays ≥ 0). Hence the reduced cost of
 * dispute u → mediator v is at least π(u) − scaled, which does not depend on v's changing
 * potential. With each dispute's pairs sorted by score descending, that lower bound grows along the
 * list, so a settled dispute's edges are relaxed lazily: the dispute goes back into the heap keyed
 * by the bound of its next unrelaxed edge. Searches stop long before most edges come due (about one
 * edge in twenty is relaxed on the benchmark instance), which is what makes 10,000 disputes fast.
 */
export class SequentialSolver extends IndexedHeap {
  private readonly n: number;
  /** Unit u's row is rowOffsets[u]..rowOffsets[u + 1] in `med`/`scaled`, in score-descending order. */
  private readonly rowOffsets: Int32Array;
  private readonly supply: Int32Array;
  private readonly med: Int32Array;
  private readonly scaled: Int32Array;
  private readonly capacity: Int32Array;
  /** The unit whose row holds each entry. */
  private readonly entryUnit: Int32Array;
  /** Per entry: 1 when it carries flow (the pair is assigned). */
  private readonly carries: Uint8Array;
  /** Places each unit holds. */
  private readonly placed: Int32Array;
  private readonly load: Int32Array;
  /** The entries mediator i holds are slots[slotStart[i] .. slotStart[i] + load[i]). */
  private readonly slotStart: Int32Array;
  private readonly slots: Int32Array;
  /**
   * Beside each slot, its entry's unit and scaled score: relaxing a mediator reads them in sequence
   * instead of looking each entry up in the pair-sized arrays (at 50,000 × 10,000, 6 million
   * entries, those lookups missed the cache).
   */
  private readonly slotUnit: Int32Array;
  private readonly slotScaled: Int32Array;
  private readonly slotOf: Int32Array;
  private readonly potential: Float64Array;
  private readonly dead: Uint8Array;
  private readonly dist: Float64Array;
  /** dist[v] is current iff seen[v] === stamp; v is settled iff settledAt[v] === stamp. */
  private readonly seen: Int32Array;
  private readonly settledAt: Int32Array;
  /** A settled dispute's next unrelaxed pair. */
  private readonly cursor: Int32Array;
  /** The row entry and the unit by which a mediator was reached. */
  private readonly parentPair: Int32Array;
  private readonly parentUnit: Int32Array;
  /** The held entry by which a unit was reached (from the mediator holding it). */
  private readonly unitParentEntry: Int32Array;
  private readonly settled: Int32Array;
  private settledCount = 0;
  /** Dead nodes reached while searching for spare capacity, kept for a possible swap search. */
  private readonly deadReached: Int32Array;
  private deadReachedCount = 0;
  private stamp = 0;
  private pops = 0;
  private augmentations = 0;

  constructor(
    sides: FlowSides,
    private readonly now: () => number,
    private readonly deadline: number,
  ) {
    const n = sides.supplies;
    const m = sides.room.length;
    const nodes = n + m;
    super(nodes);
    this.n = n;
    this.rowOffsets = sides.rowOffsets;
    this.supply = sides.supply;
    this.capacity = sides.room;
    this.med = sides.rows.target;
    this.scaled = sides.rows.scaled;
    const entries = this.med.length;
    this.entryUnit = new Int32Array(entries);
    for (let u = 0; u < n; u++) this.entryUnit.fill(u, at(this.rowOffsets, u), at(this.rowOffsets, u + 1));
    this.carries = new Uint8Array(entries);
    this.placed = new Int32Array(n);
    this.load = new Int32Array(m);
    this.slotStart = new Int32Array(m + 1);
    for (let i = 0; i < m; i++) this.slotStart[i + 1] = at(this.slotStart, i) + at(sides.room, i);
    this.slots = new Int32Array(at(this.slotStart, m));
    this.slotUnit = new Int32Array(at(this.slotStart, m));
    this.slotScaled = new Int32Array(at(this.slotStart, m));
    this.slotOf = new Int32Array(entries);
    this.potential = new Float64Array(nodes);
    this.dead = new Uint8Array(nodes);
    this.dist = new Float64Array(nodes);
    this.seen = new Int32Array(nodes);
    this.settledAt = new Int32Array(nodes);
    this.cursor = new Int32Array(n);
    this.parentPair = new Int32Array(m);
    this.parentUnit = new Int32Array(m);
    this.unitParentEntry = new Int32Array(n);
    this.settled = new Int32Array(nodes);
    this.deadReached = new Int32Array(nodes);
  }

  /** Which entries carry flow in the optimum, or undefined when the deadline passed first. */
  solve(): FlowSolution | undefined {
    let added = 0;
    for (let d = 0; d < this.n; d++) {
      for (let k = at(this.supply, d); k > 0; k--) {
        if ((added++ & 63) === 0 && this.now() > this.deadline) return undefined;
        if (!this.addUnit(d)) return undefined;
      }
    }
    // Each unit is one search, so the searches that found a path are the augmentations.
    return { carries: this.carries, augmentations: this.augmentations, phases: this.augmentations };
  }

  /** Brings one more unit of flow in at dispute d; false when the deadline passed mid-search. */
  private addUnit(d: number): boolean {
    this.stamp++;
    this.settledCount = 0;
    this.deadReachedCount = 0;
    // A dispute holding nothing has no edges in, so its potential can be set afresh; one holding
    // places keeps the potential the searches have kept consistent.
    if (at(this.placed, d) === 0) this.potential[d] = this.entryPotential(d);
    this.improve(d, 0, true);
    const end = this.search(true);
    if (end === undefined) return false;
    if (end.mediator >= 0) {
      this.lowerPotentials(end.distance);
      this.augmentInto(end.mediator, d);
      this.augmentations++;
      return true;
    }
    return this.searchSwap(d);
  }

  /**
   * The smallest potential that keeps d's edges to live mediators at reduced cost ≥ 0: a new node
   * needs no Bellman-Ford, its potential is set directly.
   */
  private entryPotential(d: number): number {
    let p = Number.NEGATIVE_INFINITY;
    for (let e = at(this.rowOffsets, d); e < at(this.rowOffsets, d + 1); e++) {
      const v = this.n + at(this.med, e);
      if (this.dead[v] === 1) continue;
      const candidate = at(this.potential, v) + at(this.scaled, e);
      if (candidate > p) p = candidate;
    }
    return p === Number.NEGATIVE_INFINITY ? 0 : p;
  }

  /**
   * Dijkstra from what is queued. Searching for spare capacity (liveOnly), it skips dead nodes and
   * stops once the cheapest mediator with spare capacity is settled, returning it (or −1 when none
   * is reachable) with the reduced distance to the sink. Otherwise it settles everything reachable.
   * Undefined when the deadline passed.
   */
  private search(liveOnly: boolean): { mediator: number; distance: number } | undefined {
    const n = this.n;
    let bestEnd = Number.POSITIVE_INFINITY;
    let endMediator = -1;
    while (this.heapSize > 0) {
      const u = this.heap[0] as number;
      if ((this.key[u] as number) >= bestEnd) break;
      this.heapPop();
      if ((++this.pops & 4095) === 0 && this.now() > this.deadline) return undefined;
      if (u < n) {
        if (this.settledAt[u] !== this.stamp) this.settle(u);
        this.relaxDueEdges(u, bestEnd, liveOnly);
        continue;
      }
      this.settle(u);
      const du = this.dist[u] as number;
      const i = u - n;
      if (liveOnly && (this.load[i] as number) < (this.capacity[i] as number)) {
        const sinkDistance = du + (this.potential[u] as number);
        if (sinkDistance < bestEnd) {
          bestEnd = sinkDistance;
          endMediator = i;
        }
      }
      this.relaxMediator(u, du, liveOnly);
    }
    this.clearHeap();
    return { mediator: endMediator, distance: bestEnd };
  }

  private settle(v: number): void {
    this.settledAt[v] = this.stamp;
    this.settled[this.settledCount++] = v;
    if (v < this.n) this.cursor[v] = this.rowOffsets[v] as number;
  }

  /**
   * Relaxes settled dispute u's edges in score order while their lower bound is no later than the
   * heap's next key (relaxing early is harmless, late would be wrong), then requeues u keyed by the
   * bound of its next edge. Edges whose bound reaches the best sink distance found are never due.
   */
  private relaxDueEdges(u: number, bestEnd: number, liveOnly: boolean): void {
    const { med, scaled, potential, dist, seen, settledAt, carries } = this;
    const n = this.n;
    const stamp = this.stamp;
    const du = dist[u] as number;
    const base = du + (potential[u] as number);
    const end = this.rowOffsets[u + 1] as number;
    let e = this.cursor[u] as number;
    for (; e < end; e++) {
      const bound = base - (scaled[e] as number);
      if (bound >= bestEnd) {
        e = end;
        break;
      }
      if (bound > du && this.heapSize > 0 && bound > (this.key[this.heap[0] as number] as number)) break;
      if (carries[e] === 1) continue;
      const v = n + (med[e] as number);
      if (settledAt[v] === stamp) continue;
      const nd = bound - (potential[v] as number);
      if (seen[v] === stamp && nd >= (dist[v] as number)) continue;
      this.parentPair[v - n] = e;
      this.parentUnit[v - n] = u;
      this.improve(v, nd, liveOnly);
    }
    this.cursor[u] = e;
    if (e < end) this.requeue(u, Math.max(du, base - (scaled[e] as number)));
  }

  private relaxMediator(u: number, du: number, liveOnly: boolean): void {
    const i = u - this.n;
    const pu = this.potential[u] as number;
    const from = this.slotStart[i] as number;
    const to = from + (this.load[i] as number);
    for (let s = from; s < to; s++) {
      const v = this.slotUnit[s] as number;
      if (this.settledAt[v] === this.stamp) continue;
      const nd = du + (this.slotScaled[s] as number) + pu - (this.potential[v] as number);
      if (this.seen[v] === this.stamp && nd >= (this.dist[v] as number)) continue;
      this.unitParentEntry[v] = this.slots[s] as number;
      this.improve(v, nd, liveOnly);
    }
  }

  /** Records a shorter tentative distance; dead nodes wait (unqueued) while searching live ones. */
  private improve(v: number, nd: number, liveOnly: boolean): void {
    const first = this.seen[v] !== this.stamp;
    this.seen[v] = this.stamp;
    this.dist[v] = nd;
    if (liveOnly && this.dead[v] === 1) {
      if (first) this.deadReached[this.deadReachedCount++] = v;
      return;
    }
    this.requeue(v, nd);
  }

  /**
   * No spare capacity is reachable from d, so everything reachable is dead. Settles the rest of it
   * (the dead nodes reached so far, then onwards), and moves the assignment along the residual path
   * to the assigned dispute whose release costs least, if that raises the total score.
   */
  private searchSwap(d: number): boolean {
    for (let k = 0; k < this.deadReachedCount; k++) {
      const v = at(this.deadReached, k);
      this.requeue(v, at(this.dist, v));
    }
    if (this.search(false) === undefined) return false;
    // Real path cost to v = dist[v] − π(d) + π(v). Releasing the place v was reached by completes a
    // swap; leaving d's unit out costs 0, so only a negative cost (a higher total score) is worth
    // the change.
    const base = at(this.potential, d);
    let bestCost = 0;
    let release = -1;
    let maxDist = Number.NEGATIVE_INFINITY;
    for (let k = 0; k < this.settledCount; k++) {
      const v = at(this.settled, k);
      const dv = at(this.dist, v);
      if (dv > maxDist) maxDist = dv;
      if (v >= this.n || v === d) continue;
      const cost = dv - base + at(this.potential, v);
      if (cost < bestCost) {
        bestCost = cost;
        release = v;
      }
    }
    // π += dist − max(dist) over the whole (closed) reachable set keeps reduced costs among dead
    // nodes ≥ 0 and makes the path's edges tight, so the reversed path is ≥ 0 too.
    for (let k = 0; k < this.settledCount; k++) {
      const v = at(this.settled, k);
      this.potential[v] = at(this.potential, v) + at(this.dist, v) - maxDist;
      this.dead[v] = 1;
    }
    if (release >= 0) {
      const entry = at(this.unitParentEntry, release);
      const from = at(this.med, entry);
      this.unassign(entry, from);
      this.placed[release] = at(this.placed, release) - 1;
      this.augmentInto(from, d);
      this.augmentations++;
    }
    return true;
  }

  /**
   * π(v) += dist(v) − D for every node settled before the sink (at reduced distance D); unsettled
   * nodes keep theirs. Standard for Dijkstra stopped early: reduced costs stay ≥ 0 and the shortest
   * path's edges become 0, so the reversed path is ≥ 0 too.
   */
  private lowerPotentials(sinkDistance: number): void {
    for (let k = 0; k < this.settledCount; k++) {
      const v = at(this.settled, k);
      this.potential[v] = at(this.potential, v) + at(this.dist, v) - sinkDistance;
    }
  }

  /**
   * Walks the shortest-path tree back from a mediator that gains one dispute: each dispute on the
   * path moves one of its places to the mediator after it, until the start (which gains a place).
   */
  private augmentInto(mediator: number, start: number): void {
    let i = mediator;
    for (;;) {
      const e = at(this.parentPair, i);
      const d = at(this.parentUnit, i);
      this.assign(e, i);
      if (d === start) {
        this.placed[d] = at(this.placed, d) + 1;
        return;
      }
      const previous = at(this.unitParentEntry, d);
      i = at(this.med, previous);
      this.unassign(previous, i);
    }
  }

  private assign(entry: number, i: number): void {
    const s = at(this.slotStart, i) + at(this.load, i);
    this.slots[s] = entry;
    this.slotUnit[s] = at(this.entryUnit, entry);
    this.slotScaled[s] = at(this.scaled, entry);
    this.slotOf[entry] = s;
    this.load[i] = at(this.load, i) + 1;
    this.carries[entry] = 1;
  }

  private unassign(entry: number, i: number): void {
    const last = at(this.slotStart, i) + at(this.load, i) - 1;
    const moved = at(this.slots, last);
    const s = at(this.slotOf, entry);
    this.slots[s] = moved;
    this.slotUnit[s] = at(this.slotUnit, last);
    this.slotScaled[s] = at(this.slotScaled, last);
    this.slotOf[moved] = s;
    this.load[i] = at(this.load, i) - 1;
    this.carries[entry] = 0;
  }
}
