import { type FlowSides, type FlowSolution, at as typedRead } from './graph';
import { siftDown as heapSiftDown, siftUp as heapSiftUp, IndexedHeap } from './indexed-heap';

/**
 * `at` and the sifts as bindings of this module: compiled to CommonJS (as tsx runs the benchmarks), an imported
 * function is read through a getter on the exporting module at every call, and these loops call it
 * per pair; a CPU profile showed those getters as their own frames.
 */
const at = typedRead;
const siftUp = heapSiftUp;
const siftDown = heapSiftDown;

/**
 * Written for supply = disputes; from the places, read "mediator" for dispute and "dispute" for
 * mediator: the code only sees supply nodes with rows and room nodes with room.
 *
 * Nodes: a virtual source s, supply nodes 0..n−1, room nodes n..n+m−1, a virtual sink t. Residual
 * edges, with cost −scaled for "assign" and +scaled for "unassign":
 * - s → each supply node with supply left (cost 0);
 * - supply node u → the room node of each of its entries that carries no flow (assign);
 * - room node → the supply node of each entry it holds (unassign);
 * - room node with room left → t (cost 0).
 * Every s–t path assigns one more than it unassigns, so with the BIG of the header every path
 * carries exactly one BIG and paths compare by their remaining cost alone.
 *
 * Successive shortest paths from s (not from one dispute at a time) keep the flow a cheapest one
 * for its size at every step, and stop when no path is left: that is the maximum number assigned,
 * at the highest score. No path is ever taken that a later one must undo by a "swap", so a
 * dispute that cannot be placed costs one search at the very end, not one search each.
 *
 * Each phase: a Dijkstra over reduced costs c + π(u) − π(v) ≥ 0 (Johnson potentials) from s, stopped
 * at the cheapest room node with room left (reduced distance D); the potentials of the settled
 * nodes move by dist − D, which makes every shortest s–t path consist of edges of reduced cost
 * exactly 0 ("tight"), and any path of tight edges a shortest one. The Dijkstra's own path is
 * augmented, then a depth-first search augments further tight paths while it finds any (as in
 * Hopcroft–Karp or Dinic): with matching's scores, many pairs score the same (a few thousand
 * distinct values over a million pairs), so a phase often places hundreds of disputes, where one
 * Dijkstra per dispute searched far and wide each time (7 s on roster-shaped pairs at
 * 10,000 × 2,000, against well under a second now). Augmenting along tight edges keeps every
 * reduced cost ≥ 0 (a reversed tight edge is tight), so the next phase's Dijkstra is valid.
 *
 * Potentials start with π(room) = 0 and π(u) = u's best scaled score (so every edge is ≥ 0 with no
 * flow), and only ever decrease; a room node with room left keeps π = 0 (its edge to t, of reduced
 * cost π, is ≥ 0, and it is only ever settled at distance D). Hence every room node has π ≤ 0 and the
 * reduced cost of u → v is at least π(u) − scaled, which does not depend on v. With rows sorted by
 * score descending that bound grows along the row, so a settled node's edges are relaxed lazily
 * (it goes back into the heap keyed by the bound of its next unrelaxed edge), and the tight-path
 * search tries only the edges the Dijkstra relaxed at no more than their target's distance.
 *
 * Integer costs (header) make every comparison, including "reduced cost is exactly 0", exact.
 */
export class PhaseSolver extends IndexedHeap {
  /** Supply nodes are 0..n−1; room node i is n + i. */
  private readonly n: number;
  private readonly rowOffsets: Int32Array;
  /** Per entry (row position): its room node index (0..m−1), scaled score and supply node. */
  private readonly target: Int32Array;
  private readonly scaled: Int32Array;
  private readonly owner: Int32Array;
  private readonly supply: Int32Array;
  private readonly used: Int32Array;
  private readonly room: Int32Array;
  private readonly load: Int32Array;
  /** Per entry: 1 while it carries flow (the pair is assigned). */
  private readonly carries: Uint8Array;
  /** Entries held by room node i are slots[slotStart[i] .. slotStart[i] + load[i]); slotOf is per entry. */
  private readonly slotStart: Int32Array;
  private readonly slots: Int32Array;
  private readonly slotOf: Int32Array;
  private readonly potential: Float64Array;
  private sourcePotential = 0;
  /**
   * Supply nodes with supply left, in a binary heap by π descending, i.e. by the reduced cost of
   * their edge from s (π(s) − π(u)) ascending. Unsettled nodes' potentials do not change, and π(s)
   * moves for all alike, so the heap stays ordered across phases, and a Dijkstra takes these starts
   * from it lazily (a node's heap children when the node is settled) instead of queueing thousands
   * of them each phase. Its key is −π (the shared sift routines keep a min-heap), rewritten
   * wherever a free node's π changes.
   */
  private readonly free: Int32Array;
  private readonly freePos: Int32Array;
  private readonly freeKey: Float64Array;
  private freeCount = 0;

  // Dijkstra
  private readonly dist: Float64Array;
  /** dist[v] is current iff seen[v] === stamp; v is settled iff settledAt[v] === stamp. */
  private readonly seen: Int32Array;
  private readonly settledAt: Int32Array;
  private readonly settled: Int32Array;
  private settledCount = 0;
  /** A settled supply node's next unrelaxed entry. */
  private readonly cursor: Int32Array;
  /**
   * Per supply node, the entries this search relaxed at no more than their target's distance: the
   * only ones that can be tight after it (but for the room nodes at exactly D never relaxed), listed
   * from candidateHead[u] (valid iff candidateAt[u] === stamp) through candidateNext.
   */
  private readonly candidateHead: Int32Array;
  private readonly candidateAt: Int32Array;
  private readonly candidateNext: Int32Array;
  /** The entry a node was reached by (−1: a supply node reached from s). */
  private readonly parentEntry: Int32Array;
  private stamp = 0;
  private steps = 0;

  // Tight-path search (per phase)
  private phase = 0;
  /** A supply node's next entry to try this phase, valid iff cursorPhase[u] === phase. */
  private readonly tightCursor: Int32Array;
  private readonly cursorPhase: Int32Array;
  /** Nodes found to lead nowhere this phase. */
  private readonly deadAt: Int32Array;
  private readonly onPath: Uint8Array;
  /** The path: supply node k takes pathTake[k], having been freed by pathGive[k] (k ≥ 1). */
  private readonly pathNode: Int32Array;
  private readonly pathTake: Int32Array;
  private readonly pathGive: Int32Array;
  /** Set by nextTightStep: the entry the room node gives up to continue the path. */
  private stepGive = -1;

  private augmentations = 0;
  private phases = 0;

  constructor(
    sides: FlowSides,
    private readonly now: () => number,
    private readonly deadline: number,
  ) {
    const n = sides.supplies;
    const m = sides.room.length;
    const entries = sides.rows.target.length;
    const nodes = n + m;
    super(nodes);
    this.n = n;
    this.rowOffsets = sides.rowOffsets;
    this.target = sides.rows.target;
    this.scaled = sides.rows.scaled;
    this.owner = new Int32Array(entries);
    for (let u = 0; u < n; u++) this.owner.fill(u, at(this.rowOffsets, u), at(this.rowOffsets, u + 1));
    this.supply = sides.supply;
    this.used = new Int32Array(n);
    this.room = sides.room;
    this.load = new Int32Array(m);
    this.carries = new Uint8Array(entries);
    this.slotStart = new Int32Array(m + 1);
    for (let i = 0; i < m; i++) this.slotStart[i + 1] = at(this.slotStart, i) + at(sides.room, i);
    this.slots = new Int32Array(at(this.slotStart, m));
    this.slotOf = new Int32Array(entries);
    this.potential = new Float64Array(nodes);
    this.free = new Int32Array(n);
    this.freePos = new Int32Array(n).fill(-1);
    this.freeKey = new Float64Array(n);
    this.dist = new Float64Array(nodes);
    this.seen = new Int32Array(nodes);
    this.settledAt = new Int32Array(nodes);
    this.settled = new Int32Array(nodes);
    this.cursor = new Int32Array(n);
    this.candidateHead = new Int32Array(n);
    this.candidateAt = new Int32Array(n);
    this.candidateNext = new Int32Array(entries);
    this.parentEntry = new Int32Array(nodes);
    this.tightCursor = new Int32Array(n);
    this.cursorPhase = new Int32Array(n);
    this.deadAt = new Int32Array(nodes);
    this.onPath = new Uint8Array(nodes);
    this.pathNode = new Int32Array(n);
    this.pathTake = new Int32Array(n);
    this.pathGive = new Int32Array(n);
  }

  /** Which entries carry flow in the optimum, or undefined when the deadline passed first. */
  solve(): FlowSolution | undefined {
    this.startPotentials();
    for (;;) {
      if (this.now() > this.deadline) return undefined;
      const end = this.shortestPath();
      if (end === undefined) return undefined;
      if (end.roomNode < 0) break;
      this.phases++;
      this.lowerPotentials(end.distance);
      this.augmentShortestPath(end.roomNode);
      if (!this.augmentTightPaths()) return undefined;
    }
    return { carries: this.carries, augmentations: this.augmentations, phases: this.phases };
  }

  /** π(u) = u's best scaled score, π(room) = 0, π(s) = the largest π(u): every edge ≥ 0 with no flow. */
  private startPotentials(): void {
    let top = 0;
    for (let u = 0; u < this.n; u++) {
      const from = at(this.rowOffsets, u);
      if (from === at(this.rowOffsets, u + 1) || at(this.supply, u) === 0) continue;
      const best = at(this.scaled, from);
      this.potential[u] = best;
      this.freeKey[u] = -best;
      if (best > top) top = best;
      this.freePos[u] = this.freeCount;
      this.free[this.freeCount++] = u;
    }
    this.sourcePotential = top;
    for (let k = (this.freeCount >> 1) - 1; k >= 0; k--) this.freeSiftDown(k);
  }

  /** Queues supply node u at the reduced cost of its edge from s, unless it is already nearer. */
  private offerFromSource(u: number): void {
    if (this.settledAt[u] === this.stamp) return;
    const d = this.sourcePotential - at(this.potential, u);
    if (this.seen[u] === this.stamp && d >= at(this.dist, u)) return;
    this.parentEntry[u] = -1;
    this.improve(u, d);
  }

  /** On settling supply node u: its children in the free heap may now be due. */
  private offerFreeChildren(u: number): void {
    const p = at(this.freePos, u);
    if (p < 0) return;
    const child = 2 * p + 1;
    if (child < this.freeCount) this.offerFromSource(at(this.free, child));
    if (child + 1 < this.freeCount) this.offerFromSource(at(this.free, child + 1));
  }

  private usedOneMore(u: number): void {
    this.used[u] = at(this.used, u) + 1;
    if (at(this.used, u) < at(this.supply, u)) return;
    const p = at(this.freePos, u);
    this.freePos[u] = -1;
    const last = at(this.free, --this.freeCount);
    if (p === this.freeCount) return;
    this.free[p] = last;
    this.freePos[last] = p;
    this.freeSiftUp(p);
    this.freeSiftDown(at(this.freePos, last));
  }

  /** Free heap order: higher π (lower key −π) first. */
  private freeSiftUp(index: number): void {
    siftUp(this.free, this.freePos, this.freeKey, index);
  }

  private freeSiftDown(index: number): void {
    siftDown(this.free, this.freePos, this.freeKey, this.freeCount, index);
  }

  /**
   * Dijkstra from s. Stops once the cheapest room node with room left is settled, returning it (or
   * −1 when none is reachable: the flow is maximal) with its reduced distance. Undefined when the
   * deadline passed.
   */
  private shortestPath(): { roomNode: number; distance: number } | undefined {
    const n = this.n;
    this.stamp++;
    this.settledCount = 0;
    if (this.freeCount > 0) this.offerFromSource(at(this.free, 0));
    let bestEnd = Number.POSITIVE_INFINITY;
    let endRoom = -1;
    while (this.heapSize > 0) {
      const u = at(this.heap, 0);
      if (at(this.key, u) >= bestEnd) break;
      this.heapPop();
      if ((++this.steps & 4095) === 0 && this.now() > this.deadline) return undefined;
      if (u < n) {
        if (this.settledAt[u] !== this.stamp) {
          this.settle(u);
          this.offerFreeChildren(u);
        }
        this.relaxDueEdges(u, bestEnd);
        continue;
      }
      this.settle(u);
      const du = at(this.dist, u);
      const i = u - n;
      // A room node with room left has π = 0, so its reduced distance to t is its own.
      if (at(this.load, i) < at(this.room, i) && du < bestEnd) {
        bestEnd = du;
        endRoom = i;
      }
      this.relaxRoomNode(u, du);
    }
    this.clearHeap();
    return { roomNode: endRoom, distance: bestEnd };
  }

  private settle(v: number): void {
    this.settledAt[v] = this.stamp;
    this.settled[this.settledCount++] = v;
    if (v < this.n) this.cursor[v] = at(this.rowOffsets, v);
  }

  /**
   * Relaxes settled supply node u's edges in score order while their lower bound is no later than
   * the heap's next key (relaxing early is harmless, late would be wrong), then requeues u keyed by
   * the bound of its next edge. Edges whose bound reaches the best distance found are never due.
   */
  private relaxDueEdges(u: number, bestEnd: number): void {
    const { target, scaled, carries, potential, dist, seen, settledAt } = this;
    const n = this.n;
    const stamp = this.stamp;
    const du = at(dist, u);
    const base = du + at(potential, u);
    const end = at(this.rowOffsets, u + 1);
    let e = at(this.cursor, u);
    for (; e < end; e++) {
      const bound = base - at(scaled, e);
      if (bound >= bestEnd) {
        e = end;
        break;
      }
      if (bound > du && this.heapSize > 0 && bound > at(this.key, at(this.heap, 0))) break;
      if (carries[e] === 1) continue;
      const v = n + at(target, e);
      const nd = bound - at(potential, v);
      if (seen[v] === stamp) {
        const dv = at(dist, v);
        if (nd > dv) continue;
        this.addCandidate(u, e);
        if (nd === dv || settledAt[v] === stamp) continue;
      } else this.addCandidate(u, e);
      this.parentEntry[v] = e;
      this.improve(v, nd);
    }
    this.cursor[u] = e;
    if (e < end) this.requeue(u, Math.max(du, base - at(scaled, e)));
  }

  private addCandidate(u: number, e: number): void {
    this.candidateNext[e] = this.candidateAt[u] === this.stamp ? at(this.candidateHead, u) : -1;
    this.candidateHead[u] = e;
    this.candidateAt[u] = this.stamp;
  }

  /** A room node's residual edges lead back to the supply nodes of the entries it holds. */
  private relaxRoomNode(v: number, dv: number): void {
    const i = v - this.n;
    const pv = at(this.potential, v);
    const from = at(this.slotStart, i);
    const to = from + at(this.load, i);
    for (let s = from; s < to; s++) {
      const e = at(this.slots, s);
      const u = at(this.owner, e);
      if (this.settledAt[u] === this.stamp) continue;
      const nd = dv + at(this.scaled, e) + pv - at(this.potential, u);
      if (this.seen[u] === this.stamp && nd >= at(this.dist, u)) continue;
      this.parentEntry[u] = e;
      this.improve(u, nd);
    }
  }

  private improve(v: number, nd: number): void {
    this.seen[v] = this.stamp;
    this.dist[v] = nd;
    this.requeue(v, nd);
  }

  /**
   * π(v) += dist(v) − D for every node settled before t (at reduced distance D), and for s (dist 0);
   * unsettled nodes keep theirs. Standard for Dijkstra stopped early: reduced costs stay ≥ 0 and
   * every shortest path's edges become tight.
   */
  private lowerPotentials(distance: number): void {
    for (let k = 0; k < this.settledCount; k++) {
      const v = at(this.settled, k);
      this.potential[v] = at(this.potential, v) + at(this.dist, v) - distance;
      // π fell: the node moves down the free heap.
      if (v < this.n && at(this.freePos, v) >= 0) {
        this.freeKey[v] = -at(this.potential, v);
        this.freeSiftDown(at(this.freePos, v));
      }
    }
    this.sourcePotential -= distance;
  }

  /**
   * Walks the Dijkstra's tree back from the room node that gains one: each entry on the way is
   * taken, each supply node on the way gives up the entry it was reached by, until a supply node
   * reached from s (which uses one more of its supply).
   */
  private augmentShortestPath(roomNode: number): void {
    let i = roomNode;
    for (;;) {
      const e = at(this.parentEntry, this.n + i);
      const u = at(this.owner, e);
      this.take(e);
      const given = at(this.parentEntry, u);
      if (given < 0) {
        this.usedOneMore(u);
        break;
      }
      // The room node giving up an entry frees its slot before it takes the next one on the way.
      this.give(given);
      i = at(this.target, given);
    }
    this.augmentations++;
  }

  /**
   * Depth-first searches for further s–t paths of tight edges, from each supply node whose edge from
   * s is tight (only nodes this phase's Dijkstra settled can be), augmenting each path found. Nodes
   * that lead nowhere are marked dead for the phase.
   * Not every tight path need be found (a room node whose held supply is on the current path counts
   * as dead): the next phase's Dijkstra finds what is left. So a supply node's steps are tried only
   * among the entries the Dijkstra listed as candidates (relaxed at no more than the target's
   * distance; an edge relaxed above it can never become tight), not along its whole row: on the
   * roster-shaped pairs at 120% the rows held 3 times as many entries as the relaxations, and the
   * search took 15–20% less CPU time for about the same number of phases (1,867 against 1,886).
   * Each step is still checked for tightness against the current potentials and flow, so what is
   * augmented is a shortest path whatever the list holds. False when the deadline passed.
   */
  private augmentTightPaths(): boolean {
    this.phase++;
    for (let k = 0; k < this.settledCount; k++) {
      const u = at(this.settled, k);
      while (
        u < this.n &&
        at(this.used, u) < at(this.supply, u) &&
        at(this.potential, u) === this.sourcePotential &&
        this.deadAt[u] !== this.phase
      ) {
        const found = this.tightPathFrom(u);
        if (found === undefined) return false;
        if (!found) break;
      }
    }
    return true;
  }

  /** One tight path from supply node start to a room node with room left, augmented; undefined past the deadline. */
  private tightPathFrom(start: number): boolean | undefined {
    const n = this.n;
    let depth = 0;
    this.enterPath(0, start, -1);
    while (depth >= 0) {
      if ((++this.steps & 4095) === 0 && this.now() > this.deadline) {
        this.leavePath(depth);
        return undefined;
      }
      const u = at(this.pathNode, depth);
      const e = this.nextTightStep(u);
      if (e < 0) {
        // u leads nowhere: back off to the node before, which will try its next entry.
        this.deadAt[u] = this.phase;
        this.onPath[u] = 0;
        depth--;
        if (depth >= 0) this.onPath[n + at(this.target, at(this.pathTake, depth))] = 0;
        continue;
      }
      this.pathTake[depth] = e;
      const i = at(this.target, e);
      if (at(this.load, i) < at(this.room, i)) {
        this.leavePath(depth);
        this.augmentPath(depth);
        return true;
      }
      this.onPath[n + i] = 1;
      depth++;
      this.enterPath(depth, at(this.owner, this.stepGive), this.stepGive);
    }
    return false;
  }

  private enterPath(depth: number, u: number, given: number): void {
    this.pathNode[depth] = u;
    this.pathGive[depth] = given;
    this.onPath[u] = 1;
    if (this.cursorPhase[u] !== this.phase) {
      this.cursorPhase[u] = this.phase;
      this.tightCursor[u] = this.candidateAt[u] === this.stamp ? at(this.candidateHead, u) : -1;
    }
  }

  /** Clears the on-path marks of the path's nodes 0..depth and the room nodes between them. */
  private leavePath(depth: number): void {
    for (let k = 0; k <= depth; k++) {
      this.onPath[at(this.pathNode, k)] = 0;
      if (k < depth) this.onPath[this.n + at(this.target, at(this.pathTake, k))] = 0;
    }
  }

  /**
   * Supply node u's next tight entry to a room node that either has room left or holds an entry
   * whose supply node it can give back along a tight edge (that entry left in stepGive); −1: none.
   * The cursor stays on an entry while it may still lead somewhere.
   */
  private nextTightStep(u: number): number {
    const n = this.n;
    const pu = at(this.potential, u);
    let e = at(this.tightCursor, u);
    for (; e >= 0; e = at(this.candidateNext, e)) {
      if (this.carries[e] === 1) continue;
      const i = at(this.target, e);
      const v = n + i;
      if (this.deadAt[v] === this.phase || this.onPath[v] === 1) continue;
      if (pu - at(this.scaled, e) - at(this.potential, v) !== 0) continue;
      if (at(this.load, i) < at(this.room, i)) break;
      const given = this.tightGiveBack(i);
      if (given >= 0) {
        this.stepGive = given;
        break;
      }
      this.deadAt[v] = this.phase;
    }
    this.tightCursor[u] = e;
    return e;
  }

  /** An entry held by room node i whose supply node is reachable along a tight edge and still usable; −1: none. */
  private tightGiveBack(i: number): number {
    const pv = at(this.potential, this.n + i);
    const from = at(this.slotStart, i);
    const to = from + at(this.load, i);
    for (let s = from; s < to; s++) {
      const e = at(this.slots, s);
      const u = at(this.owner, e);
      if (this.deadAt[u] === this.phase || this.onPath[u] === 1) continue;
      if (at(this.scaled, e) + pv - at(this.potential, u) === 0) return e;
    }
    return -1;
  }

  /** Applies the path 0..depth from its end back, so each room node gives up before it takes. */
  private augmentPath(depth: number): void {
    for (let k = depth; k >= 0; k--) {
      this.take(at(this.pathTake, k));
      if (k > 0) this.give(at(this.pathGive, k));
    }
    this.usedOneMore(at(this.pathNode, 0));
    this.augmentations++;
  }

  private take(e: number): void {
    const i = at(this.target, e);
    const s = at(this.slotStart, i) + at(this.load, i);
    this.slots[s] = e;
    this.slotOf[e] = s;
    this.load[i] = at(this.load, i) + 1;
    this.carries[e] = 1;
  }

  private give(e: number): void {
    const i = at(this.target, e);
    const last = at(this.slotStart, i) + at(this.load, i) - 1;
    const moved = at(this.slots, last);
    const s = at(this.slotOf, e);
    this.slots[s] = moved;
    this.slotOf[moved] = s;
    this.load[i] = at(this.load, i) - 1;
    this.carries[e] = 0;
  }
}
