import { at, type Graph, type Rows } from './graph';

/**
 * Pairs by score descending (ties: dispute index, then list order), each taken when its dispute is
 * unassigned and its mediator has room. Rather than sorting all pairs, merges the sorted rows: a
 * max-heap of disputes keyed by the score of each one's next pair yields the pairs in exactly that
 * order, and a dispute leaves the heap once placed, so most pairs are never looked at.
 */
export function solveGreedy(graph: Graph, rows: Rows): Int32Array {
  const { offsets, disputes, score, capacity } = graph;
  const assignedPair = new Int32Array(disputes).fill(-1);
  const load = new Int32Array(graph.mediators);
  const next = offsets.slice(0, disputes);
  const head = new Float64Array(disputes);
  const heap = new Int32Array(disputes);
  let size = 0;
  for (let d = 0; d < disputes; d++) {
    if (at(offsets, d + 1) === at(offsets, d)) continue;
    head[d] = at(score, at(rows.original, at(offsets, d)));
    heap[size++] = d;
  }
  const before = (a: number, b: number) => at(head, a) > at(head, b) || (at(head, a) === at(head, b) && a < b);
  for (let k = (size >> 1) - 1; k >= 0; k--) siftDownBy(heap, size, k, before);
  while (size > 0) {
    const d = at(heap, 0);
    const e = at(next, d);
    const mediator = at(rows.target, e);
    let leaves = false;
    if (at(load, mediator) < at(capacity, mediator)) {
      assignedPair[d] = at(rows.original, e);
      load[mediator] = at(load, mediator) + 1;
      leaves = true;
    } else if (e + 1 === at(offsets, d + 1)) {
      leaves = true;
    } else {
      next[d] = e + 1;
      head[d] = at(score, at(rows.original, e + 1));
    }
    if (leaves) heap[0] = at(heap, --size);
    siftDownBy(heap, size, 0, before);
  }
  return assignedPair;
}

export function siftDownBy(
  heap: Int32Array,
  size: number,
  index: number,
  before: (a: number, b: number) => boolean,
): void {
  if (index >= size) return;
  const v = at(heap, index);
  let i = index;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    if (child + 1 < size && before(at(heap, child + 1), at(heap, child))) child++;
    const c = at(heap, child);
    if (!before(c, v)) break;
    heap[i] = c;
    i = child;
  }
  heap[i] = v;
}
