import { type Graph, type Rows, type Solved, at as typedRead } from './graph';
import { SCORE_SCALE } from './problem';

/**
 * `at` as a binding of this module: compiled to CommonJS (as tsx runs the benchmarks), an imported
 * function is read through a getter on the exporting module at every call, and these loops call it
 * per pair; a CPU profile showed those getters as their own frames.
 */
const at = typedRead;

/**
 * The auction engine: for places to spare on tied scores, where both successive-shortest-path
 * engines are slow (on matching's roster-shaped pairs at 120% and 150% of demand, the phase engine
 * took 3–5 s: the last thousand disputes to place each need a long chain of moves, and every
 * search settles most of the network to find one). Exact, like the others.
 *
 * Bertsekas' auction with ε-scaling, on an assignment problem made symmetric so that ε-complementary
 * slackness alone proves the optimum:
 * - persons: the disputes, and one stand-in person per place (they take whatever is left over);
 * - objects: the places (a mediator's remaining capacity, one object each), and one private
 *   "unassigned" object per dispute;
 * - values: a dispute values a place of an eligible mediator at its scaled score times
 *   (persons + 1), its own unassigned object at −BIG; a stand-in values every object at 0.
 * There are as many persons as objects, and a perfect assignment always exists (each dispute its
 * unassigned object, the stand-ins the places). BIG exceeds any total of values, so the optimum
 * assigns as many disputes as possible first, then has the highest score: the lexicographic
 * objective of the header of batch-assignment.ts.
 *
 * Each round an unassigned person bids for its best object: the price rises by the margin over its
 * second best plus ε, and the object's holder (if any) becomes unassigned. Values are integers
 * times (persons + 1), so once ε = 1 the assignment is optimal (the total is within persons·ε of the
 * optimum, less than one unscaled unit). ε starts large and shrinks by SCALING each round, prices
 * kept, which is what keeps price wars short.
 *
 * Places of one mediator are interchangeable, so a dispute bids for its cheapest one: each mediator
 * keeps its places in a min-heap by price, and a stand-in bids for the cheapest object of all (one
 * heap over every object).
 *
 * A dispute reads its pairs in its row's order, best score first (the rows `assignBatch` sorts for
 * greedy anyway). No place costs less than the cheapest object of all, so a pair is worth at most
 * its score less that price: once the scores left in the row cannot beat what the scan needs to
 * beat, the rest of the row is not read. (On the roster-shaped pairs at 120%: 104 M entries read
 * instead of 166 M. Remembering each dispute's few best entries between bids, valid while the
 * second stays above a bound on the rest, saved little there: ties made nine scans in ten miss.)
 */

/**
 * The first round's ε, in scaled units before the (persons + 1) factor (see `solveAuction`), and
 * the factor it shrinks by each round. Chosen on the roster-shaped pairs at 120%, 130% and 150%:
 * running every round down to ε = 1, 20,000 and 5 took 1.1–1.4 s of CPU at each, where 10,000 and
 * 5 took 1.4–2.1 s, and 3,000–50,000 with factors 4–7 ranged from 1.2 to 2.8 s (the bidding is
 * sensitive to both). Since the rounds stop at the proof of optimality, 6 or 7 of them, a factor
 * of 4 reads a fifth fewer row entries than 5 there (55–68 M against 68–82 M, proofs included,
 * at 110%–150%; 3 about as few, in one round more; 6 and more, more).
 */
const FIRST_EPSILON = 20_000;
const SCALING = 4;
/**
 * A proof of optimality gives up after this much work per pair and node (row entries read, nodes
 * scanned), about the reads of one ε round: the proofs on the roster-shaped pairs read 1.5 entries
 * per pair (at 200% of demand) to 4.6 (at 120%).
 */
const PROOF_WORK = 8;
/** Bids between two looks at the clock. */
const CLOCK_EVERY = 4096;
/** Stand-in persons hold an object under this holder number. */
const STAND_IN = -2;
const NOBODY = -1;

/**
 * Whether the auction's arithmetic stays exact for this problem: prices can approach BIG (when
 * disputes compete for too few places), and every value, price and margin must be an integer below
 * 2^53. The factor 8 leaves room for the increments above BIG.
 */
export function auctionFits(graph: Graph, places: number): boolean {
  return 8 * bigOf(graph.disputes, graph.disputes + places) < Number.MAX_SAFE_INTEGER;
}

function bigOf(disputes: number, persons: number): number {
  return (disputes + 1) * (SCORE_SCALE * (persons + 1) + 1);
}

/**
 * Rounds until ε = 1, or until the assignment is proved optimal sooner: on matching's roster-shaped
 * pairs at 120% and 150% (with a factor 5) the assignment was already optimal after 5 of the 13
 * rounds, and the other 8 only shrank ε, each re-bidding three disputes in four (ties keep most
 * disputes within ε of a rival place, so nearly all fall out of ε-complementary slackness anew). The proof (`provesOptimal`) is tried
 * after a round that left the number placed and the total unchanged, the sign that the assignment
 * has settled; a proof that fails costs a bounded amount of work and the rounds go on.
 */
export function solveAuction(graph: Graph, rows: Rows, now: () => number, deadline: number): Solved | undefined {
  const auction = new Auction(graph, rows);
  let previous = { placed: -1, total: -1 };
  for (let epsilon = FIRST_EPSILON * auction.multiplier; ; epsilon = Math.max(1, Math.floor(epsilon / SCALING))) {
    if (!auction.round(epsilon, now, deadline)) return undefined;
    if (epsilon === 1) break;
    const outcome = auction.outcome();
    const settled = outcome.placed === previous.placed && outcome.total === previous.total;
    if (settled && auction.provesOptimal(now, deadline)) break;
    previous = outcome;
  }
  return auction.solved();
}

class Auction {
  private readonly n: number;
  private readonly places: number;
  readonly multiplier: number;
  private readonly big: number;
  /** Place p belongs to mediator placeMediator[p]; mediator i's places are [placeStart[i], placeStart[i + 1]). */
  private readonly placeStart: Int32Array;
  private readonly placeMediator: Int32Array;
  /** Objects: places 0..places−1, then dispute d's unassigned object at places + d. */
  private readonly price: Float64Array;
  private readonly holder: Int32Array;
  /** Per dispute, the object it holds (−1: none) and, for a place, the row entry it holds it by. */
  private readonly held: Int32Array;
  private readonly heldEntry: Int32Array;
  /** Each mediator's places as a min-heap by price, in [placeStart[i], placeStart[i + 1]). */
  private readonly mediatorHeap: Int32Array;
  private readonly mediatorHeapAt: Int32Array;
  /** Every object in one min-heap by price, for the stand-ins. */
  private readonly allHeap: Int32Array;
  private readonly allHeapAt: Int32Array;
  /** Disputes waiting to bid, a ring. */
  private readonly waiting: Int32Array;
  private waitingHead = 0;
  private waitingCount = 0;
  private standInsWaiting = 0;
  private bids = 0;
  private rounds = 0;
  /**
   * Read on every bid along the row, in row order (entry k of `rows`), so kept in one flat array:
   * entry k's scaled score at 2k (non-increasing along a row) and its mediator at 2k + 1. One
   * stream of 8 bytes an entry rather than worths (float64) and mediators in two: a dispute's row is
   * a random spot in 10 MB, and on the roster-shaped pairs the scans wait on memory more than they
   * compute. Each mediator's cheapest place's price is beside it (+∞ with no places, so its pairs
   * lose).
   */
  private readonly entries: Int32Array;
  private readonly lowestPrice: Float64Array;
  /** Set by scanRow; bestEntry is an entry of `rows`. */
  private best = 0;
  private second = 0;
  private bestEntry = -1;

  constructor(
    private readonly graph: Graph,
    private readonly rows: Rows,
  ) {
    const n = graph.disputes;
    const m = graph.mediators;
    this.n = n;
    this.placeStart = new Int32Array(m + 1);
    for (let i = 0; i < m; i++) this.placeStart[i + 1] = at(this.placeStart, i) + at(graph.capacity, i);
    this.places = at(this.placeStart, m);
    this.placeMediator = new Int32Array(this.places);
    for (let i = 0; i < m; i++) this.placeMediator.fill(i, at(this.placeStart, i), at(this.placeStart, i + 1));
    const objects = this.places + n;
    this.multiplier = n + this.places + 1;
    this.big = bigOf(n, n + this.places);
    this.price = new Float64Array(objects);
    this.holder = new Int32Array(objects);
    this.held = new Int32Array(n);
    this.heldEntry = new Int32Array(n);
    // Plain loops: typed arrays' .from with a callback was a third of this engine's time here.
    this.mediatorHeap = new Int32Array(this.places);
    this.mediatorHeapAt = new Int32Array(this.places);
    for (let p = 0; p < this.places; p++) {
      this.mediatorHeap[p] = p;
      this.mediatorHeapAt[p] = p - at(this.placeStart, at(this.placeMediator, p));
    }
    this.allHeap = new Int32Array(objects);
    this.allHeapAt = new Int32Array(objects);
    for (let o = 0; o < objects; o++) {
      this.allHeap[o] = o;
      this.allHeapAt[o] = o;
    }
    this.waiting = new Int32Array(n);
    this.entries = new Int32Array(2 * rows.scaled.length);
    for (let k = 0; k < rows.scaled.length; k++) {
      this.entries[2 * k] = at(rows.scaled, k);
      this.entries[2 * k + 1] = at(rows.target, k);
    }
    this.lowestPrice = new Float64Array(m);
    for (let i = 0; i < m; i++) if (at(graph.capacity, i) === 0) this.lowestPrice[i] = Number.POSITIVE_INFINITY;
  }

  /**
   * One ε round, prices kept: everyone bids in the first; later, only those whose object is no
   * longer within ε of their best (the rest still satisfy ε-complementary slackness, which bids
   * never break: prices only rise). False when the deadline passed.
   */
  round(epsilon: number, now: () => number, deadline: number): boolean {
    this.waitingHead = 0;
    this.waitingCount = 0;
    if (this.rounds++ === 0) {
      this.holder.fill(NOBODY);
      for (let d = 0; d < this.n; d++) this.wait(d);
      this.standInsWaiting = this.places;
    } else this.releaseBeyond(epsilon);
    while (this.waitingCount > 0 || this.standInsWaiting > 0) {
      if (++this.bids % CLOCK_EVERY === 0 && now() > deadline) return false;
      if (this.waitingCount > 0) this.disputeBids(this.nextWaiting(), epsilon);
      else this.standInBids(epsilon);
    }
    return true;
  }

  /** Frees every object whose holder's best alternative is worth more than ε above it. */
  private releaseBeyond(epsilon: number): void {
    for (let d = 0; d < this.n; d++) {
      const o = at(this.held, d);
      const holds =
        o < this.places ? this.worthOf(at(this.heldEntry, d)) - at(this.price, o) : -this.big - at(this.price, o);
      if (!this.hasBetter(d, holds + epsilon)) continue;
      this.holder[o] = NOBODY;
      this.wait(d);
    }
    const cheapest = this.cheapestPrice();
    for (let o = 0; o < this.holder.length; o++) {
      if (at(this.holder, o) !== STAND_IN || at(this.price, o) <= cheapest + epsilon) continue;
      this.holder[o] = NOBODY;
      this.standInsWaiting++;
    }
  }

  /**
   * Whether dispute d values something above `bar` at today's prices: a cheapest place of an eligible
   * mediator, or its unassigned object. Stops at the first entry worth no more than the bar.
   */
  private hasBetter(d: number, bar: number): boolean {
    if (-this.big - at(this.price, this.places + d) > bar) return true;
    const end = at(this.graph.offsets, d + 1);
    const floor = this.cheapestPrice();
    for (let k = at(this.graph.offsets, d); k < end; k++) {
      if (this.worthOf(k) - floor <= bar) return false;
      if (this.valueOf(k) > bar) return true;
    }
    return false;
  }

  /** The number of disputes placed and their total scaled score. */
  outcome(): { placed: number; total: number } {
    let placed = 0;
    let total = 0;
    for (let d = 0; d < this.n; d++) {
      if (at(this.held, d) >= this.places) continue;
      placed++;
      total += at(this.entries, 2 * at(this.heldEntry, d));
    }
    return { placed, total };
  }

  /**
   * Whether the current assignment is exactly optimal, proved by potentials under which no arc of
   * the residual network has a negative reduced cost (no cycle of moves could gain). The network is
   * that of batch-assignment.ts's header with source and sink merged into one node, R: a dispute
   * takes a pair (cost −worth) or gives back its own (+worth); R → unassigned dispute costs −BIG,
   * assigned dispute → R +BIG; mediator → R when it has a free place, R → mediator when it holds
   * anyone (0). The potentials come from the prices (a dispute: the value it holds; a mediator: its
   * cheapest place's price, negated; R: the cheapest object's, negated), under which ε-complementary
   * slackness leaves every reduced cost above −2ε; label correcting (Bellman–Ford with a FIFO queue)
   * then repairs them. It ends only if there is no negative cycle, so it gives up (false) past a
   * bound on the work, on a potential below any simple path's reach (a negative cycle for sure), or
   * at the deadline.
   */
  provesOptimal(now: () => number, deadline: number): boolean {
    const { n, places, entries, multiplier, big } = this;
    const m = this.graph.mediators;
    const { offsets, capacity } = this.graph;
    const root = n + m;
    const nodes = root + 1;
    const { start: holdingStart, disputes: holding } = this.holdersByMediator();
    const potential = new Float64Array(nodes);
    for (let d = 0; d < n; d++) {
      const o = at(this.held, d);
      potential[d] = o < places ? this.worthOf(at(this.heldEntry, d)) - at(this.price, o) : -big - at(this.price, o);
    }
    // Potentials only fall, so no mediator's ever exceeds today's highest (`ceiling`).
    let ceiling = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < m; i++) {
      if (at(capacity, i) === 0) continue;
      potential[n + i] = -at(this.lowestPrice, i);
      ceiling = Math.max(ceiling, at(potential, n + i));
    }
    potential[root] = -this.cheapestPrice();
    // A simple path costs no less than −2·BIG (one R → dispute arc, and scores below BIG in all): a
    // potential below the lowest less that lies on a negative cycle. Every sum stays an exact integer.
    let lowest = 0;
    for (let v = 0; v < nodes; v++) lowest = Math.min(lowest, at(potential, v));
    const floor = lowest - 2 * big;
    if (floor - 2 * big < -Number.MAX_SAFE_INTEGER) return false;

    const queue = new Int32Array(nodes);
    const queued = new Uint8Array(nodes);
    let head = 0;
    let size = 0;
    const push = (v: number): void => {
      queued[v] = 1;
      queue[(head + size) % nodes] = v;
      size++;
    };
    /** Lowers b's potential to `value` if that is lower; false when it falls through the floor. */
    const relax = (b: number, value: number): boolean => {
      if (value >= at(potential, b)) return true;
      potential[b] = value;
      if (queued[b] === 0) push(b);
      return value >= floor;
    };
    for (let v = 0; v < nodes; v++) if (v < n || v === root || at(capacity, v - n) > 0) push(v);
    let work = 0;
    let scanned = 0;
    const bound = PROOF_WORK * (this.graph.scaled.length + nodes);
    while (size > 0) {
      const a = at(queue, head);
      head = (head + 1) % nodes;
      size--;
      queued[a] = 0;
      const from = at(potential, a);
      let fine = true;
      if (a < n) {
        const own = at(this.held, a) < places ? at(this.heldEntry, a) : -1;
        const end = at(offsets, a + 1);
        let k = at(offsets, a);
        for (; k < end; k++) {
          const worth = at(entries, 2 * k) * multiplier;
          // Worth falls along the row: once an arc cannot bring a mediator below the ceiling, no later one can.
          if (from - worth >= ceiling) break;
          const i = at(entries, 2 * k + 1);
          if (k !== own && at(capacity, i) > 0) fine = relax(n + i, from - worth) && fine;
        }
        work += k - at(offsets, a) + 1;
        if (own >= 0) fine = relax(root, from + big) && fine;
      } else if (a < root) {
        const i = a - n;
        const end = at(holdingStart, i + 1);
        for (let s = at(holdingStart, i); s < end; s++) {
          const d = at(holding, s);
          fine = relax(d, from + this.worthOf(at(this.heldEntry, d))) && fine;
        }
        if (end - at(holdingStart, i) < at(capacity, i)) fine = relax(root, from) && fine;
        work += end - at(holdingStart, i) + 1;
      } else {
        for (let i = 0; i < m; i++)
          if (at(holdingStart, i + 1) > at(holdingStart, i)) fine = relax(n + i, from) && fine;
        for (let d = 0; d < n; d++) if (at(this.held, d) >= places) fine = relax(d, from - big) && fine;
        work += nodes;
      }
      if (!fine || work > bound) return false;
      if (++scanned % CLOCK_EVERY === 0 && now() > deadline) return false;
    }
    return true;
  }

  /** The disputes holding places of each mediator: mediator i's are disputes[start[i] .. start[i + 1]). */
  private holdersByMediator(): { start: Int32Array; disputes: Int32Array } {
    const m = this.graph.mediators;
    const start = new Int32Array(m + 1);
    for (let d = 0; d < this.n; d++) {
      const o = at(this.held, d);
      if (o >= this.places) continue;
      const i = at(this.placeMediator, o);
      start[i + 1] = at(start, i + 1) + 1;
    }
    for (let i = 0; i < m; i++) start[i + 1] = at(start, i + 1) + at(start, i);
    const next = start.slice(0, m);
    const disputes = new Int32Array(at(start, m));
    for (let d = 0; d < this.n; d++) {
      const o = at(this.held, d);
      if (o >= this.places) continue;
      const i = at(this.placeMediator, o);
      disputes[at(next, i)] = d;
      next[i] = at(next, i) + 1;
    }
    return { start, disputes };
  }

  /** The last round's assignment; `augmentations` counts the disputes placed, `phases` the rounds. */
  solved(): Solved {
    const assignedPair = new Int32Array(this.n).fill(-1);
    let placed = 0;
    for (let d = 0; d < this.n; d++) {
      if (at(this.held, d) >= this.places) continue;
      assignedPair[d] = at(this.rows.original, at(this.heldEntry, d));
      placed++;
    }
    return { assignedPair, augmentations: placed, phases: this.rounds };
  }

  /**
   * Dispute d bids for the cheapest place of its best mediator, by the margin over its second best
   * (another mediator, that mediator's next cheapest place, or its unassigned object) plus ε.
   */
  private disputeBids(d: number, epsilon: number): void {
    this.scanRow(d);
    const { best, bestEntry } = this;
    let { second } = this;
    const unassigned = this.places + d;
    const unassignedValue = -this.big - at(this.price, unassigned);
    if (bestEntry < 0 || unassignedValue >= best) {
      // With no place to compare (no eligible mediator has any), the margin is ε alone.
      const rival = Math.max(best, second);
      this.take(unassigned, d, Number.isFinite(rival) ? unassignedValue - rival + epsilon : epsilon);
      return;
    }
    const mediator = at(this.entries, 2 * bestEntry + 1);
    const nextPlace = this.worthOf(bestEntry) - this.secondCheapestPrice(mediator);
    second = Math.max(second, nextPlace, unassignedValue);
    this.heldEntry[d] = bestEntry;
    this.take(this.cheapestPlace(mediator), d, best - second + epsilon);
  }

  /** An entry's value to its dispute at today's prices: its worth less its mediator's lowest price (−∞: no places). */
  private valueOf(k: number): number {
    return this.worthOf(k) - at(this.lowestPrice, at(this.entries, 2 * k + 1));
  }

  /** An entry's value before prices: its scaled score times the multiplier. */
  private worthOf(k: number): number {
    return at(this.entries, 2 * k) * this.multiplier;
  }

  /**
   * Scans d's row for its best two values at today's prices, and the entry of the best. An entry
   * whose score less the cheapest price of all is no more than the second best so far can change
   * neither, nor can any after it.
   */
  private scanRow(d: number): void {
    let best = Number.NEGATIVE_INFINITY;
    let second = Number.NEGATIVE_INFINITY;
    let bestEntry = -1;
    const end = at(this.graph.offsets, d + 1);
    const floor = this.cheapestPrice();
    const { entries, lowestPrice, multiplier } = this;
    for (let k = at(this.graph.offsets, d); k < end; k++) {
      const worth = at(entries, 2 * k) * multiplier;
      if (worth - floor <= second) break;
      const value = worth - at(lowestPrice, at(entries, 2 * k + 1));
      if (value > best) {
        second = best;
        best = value;
        bestEntry = k;
      } else if (value > second) second = value;
    }
    this.best = best;
    this.second = second;
    this.bestEntry = bestEntry;
  }

  /** A stand-in bids for the cheapest object of all, by the margin over the next cheapest plus ε. */
  private standInBids(epsilon: number): void {
    this.standInsWaiting--;
    const o = at(this.allHeap, 0);
    this.take(o, STAND_IN, this.secondCheapestOfAll() - this.cheapestPrice() + epsilon);
  }

  /** `bidder` takes object o, whose price rises by `raise`; its holder, if any, bids again. */
  private take(o: number, bidder: number, raise: number): void {
    const previous = at(this.holder, o);
    if (previous === STAND_IN) this.standInsWaiting++;
    else if (previous >= 0) {
      this.held[previous] = -1;
      this.wait(previous);
    }
    this.holder[o] = bidder;
    if (bidder >= 0) this.held[bidder] = o;
    this.price[o] = at(this.price, o) + raise;
    if (o < this.places) this.siftMediator(o);
    // A stand-in always takes the cheapest object, the heap's root (see `siftRootDown`).
    if (bidder === STAND_IN) siftRootDown(this.allHeap, this.allHeapAt, this.price, this.allHeap.length);
    else this.siftAll(o);
  }

  private cheapestPlace(i: number): number {
    return at(this.mediatorHeap, at(this.placeStart, i));
  }

  private secondCheapestPrice(i: number): number {
    const base = at(this.placeStart, i);
    const size = at(this.placeStart, i + 1) - base;
    if (size < 2) return Number.POSITIVE_INFINITY;
    const left = at(this.price, at(this.mediatorHeap, base + 1));
    return size > 2 ? Math.min(left, at(this.price, at(this.mediatorHeap, base + 2))) : left;
  }

  /** The lowest price of any object: no place costs less. */
  private cheapestPrice(): number {
    return at(this.price, at(this.allHeap, 0));
  }

  private secondCheapestOfAll(): number {
    const size = this.allHeap.length;
    if (size < 2) return Number.POSITIVE_INFINITY;
    const left = at(this.price, at(this.allHeap, 1));
    return size > 2 ? Math.min(left, at(this.price, at(this.allHeap, 2))) : left;
  }

  /** Prices only rise, so a place only ever moves down its mediator's heap. */
  private siftMediator(p: number): void {
    const base = at(this.placeStart, at(this.placeMediator, p));
    const size = at(this.placeStart, at(this.placeMediator, p) + 1) - base;
    siftDownFrom(this.mediatorHeap, this.mediatorHeapAt, this.price, base, size, p);
    this.lowestPrice[at(this.placeMediator, p)] = at(this.price, at(this.mediatorHeap, base));
  }

  private siftAll(o: number): void {
    siftDownFrom(this.allHeap, this.allHeapAt, this.price, 0, this.allHeap.length, o);
  }

  private wait(d: number): void {
    this.waiting[(this.waitingHead + this.waitingCount) % this.n] = d;
    this.waitingCount++;
  }

  private nextWaiting(): number {
    const d = at(this.waiting, this.waitingHead);
    this.waitingHead = (this.waitingHead + 1) % this.n;
    this.waitingCount--;
    return d;
  }
}

/** Moves item down the min-heap heap[base .. base + size) (positions in `position`, relative to base). */
function siftDownFrom(
  heap: Int32Array,
  position: Int32Array,
  key: Float64Array,
  base: number,
  size: number,
  item: number,
): void {
  let k = at(position, item);
  const itemKey = at(key, item);
  for (;;) {
    const left = 2 * k + 1;
    if (left >= size) break;
    let child = left;
    if (left + 1 < size && at(key, at(heap, base + left + 1)) < at(key, at(heap, base + left))) child = left + 1;
    const other = at(heap, base + child);
    if (at(key, other) >= itemKey) break;
    heap[base + k] = other;
    position[other] = k;
    k = child;
  }
  heap[base + k] = item;
  position[item] = k;
}

/**
 * Moves the root of the min-heap heap[0 .. size) down after its key rose. The stand-ins raise the
 * cheapest object to just above the next cheapest, and the cheapest are many and tied, so the root
 * nearly always sinks to the bottom: hence the hole first goes down along the lesser children to a
 * leaf (one comparison a level, not two), and the root is then moved up from there to its place.
 */
function siftRootDown(heap: Int32Array, position: Int32Array, key: Float64Array, size: number): void {
  const item = at(heap, 0);
  const itemKey = at(key, item);
  let k = 0;
  for (;;) {
    const left = 2 * k + 1;
    if (left >= size) break;
    let child = left;
    if (left + 1 < size && at(key, at(heap, left + 1)) < at(key, at(heap, left))) child = left + 1;
    const other = at(heap, child);
    heap[k] = other;
    position[other] = k;
    k = child;
  }
  while (k > 0) {
    const parent = (k - 1) >> 1;
    const above = at(heap, parent);
    // Above every key not below its own: where the top-down sift puts it, ties included.
    if (at(key, above) < itemKey) break;
    heap[k] = above;
    position[above] = k;
    k = parent;
  }
  heap[k] = item;
  position[item] = k;
}
