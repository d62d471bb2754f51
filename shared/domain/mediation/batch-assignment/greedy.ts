import { type Graph, type Rows, at as typedRead } from './graph';

/**
 * `at` as a binding of this module: compiled to CommonJS (as tsx runs the benchmarks), an imported
 * function is read through a getter on the exporting module at every call, and these loops call it
 * per pair; a CPU profile showed those getters as their own frames.
 */
const at = typedRead;

/**
 * Pairs by score descending (ties: dispute index, then list order), each taken when its dispute is
 * unassigned and its mediator has room. Rather than sorting all pairs, merges the sorted rows: a
 * max-heap of disputes keyed by the score of each one's next pair yields the pairs in exactly that
 * order, and a dispute leaves the heap once placed, so most pairs are never looked at.
 *
 * A mediator once full stays full, so a pair to a full mediator would be passed over whenever it
 * came up: a dispute whose next pair is one skips all such pairs at once before going back into
 * the heap, rather than once per pair (one heap step instead of many on tied, contested scores).
 */
export function solveGreedy(graph: Graph, rows: Rows): Int32Array {
  const { offsets, disputes, score, capacity } = graph;
  const assignedPair = new Int32Array(disputes).fill(-1);
  const room = capacity.slice();
  const next = offsets.slice(0, disputes);
  const head = new Float64Array(disputes);
  const heap = new Int32Array(disputes);
  let size = 0;
  for (let d = 0; d < disputes; d++) {
    if (at(offsets, d + 1) === at(offsets, d)) continue;
    head[d] = at(score, at(rows.original, at(offsets, d)));
    heap[size++] = d;
  }
  for (let k = (size >> 1) - 1; k >= 0; k--) siftDown(heap, size, k, head);
  while (size > 0) {
    const d = at(heap, 0);
    let e = at(next, d);
    const end = at(offsets, d + 1);
    let leaves = false;
    if (at(room, at(rows.target, e)) > 0) {
      const mediator = at(rows.target, e);
      assignedPair[d] = at(rows.original, e);
      room[mediator] = at(room, mediator) - 1;
      leaves = true;
    } else {
      do e++;
      while (e < end && at(room, at(rows.target, e)) === 0);
      if (e === end) leaves = true;
      else {
        next[d] = e;
        head[d] = at(score, at(rows.original, e));
      }
    }
    if (leaves) heap[0] = at(heap, --size);
    siftDown(heap, size, 0, head);
  }
  return assignedPair;
}

/** Max-heap by `head` descending, ties by the lower dispute index. */
function siftDown(heap: Int32Array, size: number, index: number, head: Float64Array): void {
  if (index >= size) return;
  const v = at(heap, index);
  const key = at(head, v);
  let i = index;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    let c = at(heap, child);
    let ck = at(head, c);
    if (child + 1 < size) {
      const r = at(heap, child + 1);
      const rk = at(head, r);
      if (rk > ck || (rk === ck && r < c)) {
        child++;
        c = r;
        ck = rk;
      }
    }
    if (!(ck > key || (ck === key && c < v))) break;
    heap[i] = c;
    i = child;
  }
  heap[i] = v;
}
