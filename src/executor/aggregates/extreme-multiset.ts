/**
 * Retractable MIN / MAX (a non-windowed GROUP BY over a changelog, and DISTINCT MIN / MAX): the multiset of
 * the group's values with its extreme in O(log n) per add or retract, instead of a scan of every distinct
 * value per row.
 *
 *   counts   value → multiplicity, live values only (what retraction and checkpoints need)
 *   heap     a binary heap of distinct values, best first (smallest for MIN, largest for MAX), with lazy
 *            deletion: a value whose count drops to 0 stays in the heap until it reaches the top
 *
 * Invariants: every live value is in the heap exactly once, and the heap holds no value twice (`queued`
 * says which values it holds), so the heap has `heap.length − counts.size` dead entries. When they
 * outnumber the live ones the heap is rebuilt from the live values (O(n), paid for by the n retractions
 * that made them dead), so memory stays within twice the live set whatever the churn.
 *
 * Cost per update: add O(log n) (a value new to the heap) or O(1); retract O(1) plus, amortized, the pops
 * of dead entries that reach the top, O(log n) each, once per retraction. `best()` is O(1) when the top
 * is live. Values are compared by the aggregate's comparator (Java's Double.compare for FLOAT/DOUBLE) and
 * identified by Map's SameValueZero (so bigint DECIMALs and NaN are one key each).
 */
export class ExtremeMultiset {
  readonly counts = new Map<unknown, number>();
  private heap: unknown[] = [];
  private readonly queued = new Set<unknown>();

  /** `before(a, b)`: a is a better extreme than b (a < b for MIN, a > b for MAX). */
  constructor(private readonly before: (a: unknown, b: unknown) => boolean) {}

  add(v: unknown, n = 1): void {
    this.counts.set(v, (this.counts.get(v) ?? 0) + n);
    if (!this.queued.has(v)) {
      this.queued.add(v);
      this.push(v);
    }
  }

  retract(v: unknown): void {
    const n = (this.counts.get(v) ?? 0) - 1;
    if (n > 0) {
      this.counts.set(v, n);
      return;
    }
    this.counts.delete(v);
    if (this.heap.length > 2 * this.counts.size + 32) this.rebuild();
  }

  /** The extreme of the live values, or null when there are none. */
  best(): unknown {
    const heap = this.heap;
    while (heap.length > 0) {
      const top = heap[0];
      if (this.counts.has(top)) return top;
      this.queued.delete(top);
      this.pop();
    }
    return null;
  }

  copy(): ExtremeMultiset {
    const c = new ExtremeMultiset(this.before);
    for (const [v, n] of this.counts) c.add(v, n);
    return c;
  }

  private rebuild(): void {
    this.queued.clear();
    this.heap = [...this.counts.keys()];
    for (const v of this.heap) this.queued.add(v);
    for (let i = (this.heap.length >> 1) - 1; i >= 0; i--) this.down(i);
  }

  private push(v: unknown): void {
    const heap = this.heap;
    let i = heap.push(v) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(v, heap[parent])) break;
      heap[i] = heap[parent];
      i = parent;
    }
    heap[i] = v;
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop();
    if (heap.length === 0) return;
    heap[0] = last;
    this.down(0);
  }

  private down(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const v = heap[i];
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && this.before(heap[r], heap[l]) ? r : l;
      if (!this.before(heap[c], v)) break;
      heap[i] = heap[c];
      i = c;
    }
    heap[i] = v;
  }
}
