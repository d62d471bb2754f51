/**
 * Indexed binary min-heap of nodes on key[] (a node's distance, or a settled node's next-edge
 * bound); heapPos[v] is v's place, or −1. A base class rather than a member, so the engines' hot
 * loops read the arrays directly.
 */
export class IndexedHeap {
  protected readonly heap: Int32Array;
  protected readonly heapPos: Int32Array;
  protected readonly key: Float64Array;
  protected heapSize = 0;

  constructor(nodes: number) {
    this.heap = new Int32Array(nodes);
    this.heapPos = new Int32Array(nodes).fill(-1);
    this.key = new Float64Array(nodes);
  }

  /** Inserts v with the given key, or moves it up if it is queued with a larger one. */
  protected requeue(v: number, key: number): void {
    this.key[v] = key;
    const at0 = this.heapPos[v] as number;
    if (at0 >= 0) {
      this.siftUp(at0);
      return;
    }
    this.heap[this.heapSize] = v;
    this.heapPos[v] = this.heapSize;
    this.siftUp(this.heapSize++);
  }

  protected heapPop(): number {
    const top = this.heap[0] as number;
    this.heapPos[top] = -1;
    const last = this.heap[--this.heapSize] as number;
    if (this.heapSize > 0) {
      this.heap[0] = last;
      this.heapPos[last] = 0;
      this.siftDown(0);
    }
    return top;
  }

  protected clearHeap(): void {
    for (let k = 0; k < this.heapSize; k++) this.heapPos[this.heap[k] as number] = -1;
    this.heapSize = 0;
  }

  private siftUp(index: number): void {
    siftUp(this.heap, this.heapPos, this.key, index);
  }

  private siftDown(index: number): void {
    siftDown(this.heap, this.heapPos, this.key, this.heapSize, index);
  }
}

/**
 * The sift routines of a binary min-heap of nodes: heap[0..size) holds nodes, pos[v] is v's place,
 * key[v] its key. Functions over the arrays rather than methods, so a second heap over other arrays
 * (the phase engine's heap of supply nodes with supply left) shares them, and V8 inlines them into
 * the hot loops either way.
 *
 * Reads index the arrays directly (`as number`) rather than through graph.ts's `at`: inlined into
 * the engines' search loops, these are past V8's inlining budget, and there `at` stayed a call
 * per read, 15% of the sequential engine's time at 10,000 × 2,000.
 */
export function siftUp(heap: Int32Array, pos: Int32Array, key: Float64Array, index: number): void {
  const v = heap[index] as number;
  const k = key[v] as number;
  let i = index;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    const p = heap[parent] as number;
    if ((key[p] as number) <= k) break;
    heap[i] = p;
    pos[p] = i;
    i = parent;
  }
  heap[i] = v;
  pos[v] = i;
}

export function siftDown(heap: Int32Array, pos: Int32Array, key: Float64Array, size: number, index: number): void {
  const v = heap[index] as number;
  const k = key[v] as number;
  let i = index;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= size) break;
    const right = child + 1;
    if (right < size && (key[heap[right] as number] as number) < (key[heap[child] as number] as number)) child = right;
    const c = heap[child] as number;
    if ((key[c] as number) >= k) break;
    heap[i] = c;
    pos[c] = i;
    i = child;
  }
  heap[i] = v;
  pos[v] = i;
}
