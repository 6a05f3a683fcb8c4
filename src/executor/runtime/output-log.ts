/**
 * A view's output log in memory: every emitted row with its seq (contiguous from 1), kept for a bounded
 * number of rows so subscribers can resume from a seq. Rows are kept unformatted; they are encoded to
 * JSON-ready objects only when someone reads them.
 *
 * The log keeps the emitted batches themselves (a batch's arrays are never changed once emitted), so
 * appending costs O(1) per batch, not a push per row. It holds at least `retain` rows: once it holds
 * twice that, whole batches are dropped from the front and a batch that is only partly needed is cut
 * to its tail (a copy of at most `retain` rows per `retain` rows appended: O(1) amortized per row).
 *
 *   chunks:  [seq 1..4096] [seq 4097..8192] [seq 8193..8200] ...
 */
import type { RowOp } from '../api.js';
import type { Row } from '../operator.js';

interface Chunk {
  readonly firstSeq: number;
  readonly rows: readonly Row[];
  /** null: every row is +I. */
  readonly ops: readonly RowOp[] | null;
}

export class OutputLog {
  private chunks: Chunk[] = [];
  /** Index of the oldest live chunk in `chunks` (dropped ones are compacted away in batches). */
  private head = 0;
  /** Rows held from chunks[head] on. */
  private held = 0;
  /** seq of the oldest row held. */
  private firstSeq = 1;
  /** The seq the next row gets. */
  nextSeq = 1;

  constructor(private readonly retain: number) {}

  /** Appends a batch (kept as it is: the caller must not change the arrays later); returns the seq of its first row. */
  append(rows: readonly Row[], ops: readonly RowOp[] | null): number {
    const first = this.nextSeq;
    this.nextSeq += rows.length;
    if (this.retain <= 0) {
      this.firstSeq = this.nextSeq;
      return first;
    }
    if (rows.length === 0) return first;
    this.chunks.push({ firstSeq: first, rows, ops });
    this.held += rows.length;
    if (this.held > 2 * this.retain) this.trim();
    return first;
  }

  /** Keeps the last `retain` rows: whole chunks dropped, the oldest kept one cut to what is needed. */
  private trim(): void {
    let drop = this.held - this.retain;
    const chunks = this.chunks;
    while (drop > 0) {
      const c = chunks[this.head]!;
      if (c.rows.length <= drop) {
        drop -= c.rows.length;
        this.held -= c.rows.length;
        this.head++;
        continue;
      }
      chunks[this.head] = { firstSeq: c.firstSeq + drop, rows: c.rows.slice(drop), ops: c.ops === null ? null : c.ops.slice(drop) };
      this.held -= drop;
      drop = 0;
    }
    this.firstSeq = chunks[this.head]!.firstSeq;
    if (this.head > 64 && this.head * 2 > chunks.length) {
      this.chunks = chunks.slice(this.head);
      this.head = 0;
    }
  }

  /** Continues numbering after a restart (the durable log holds the earlier rows). */
  resumeAt(nextSeq: number): void {
    this.nextSeq = nextSeq;
    this.firstSeq = nextSeq;
    this.chunks = [];
    this.head = 0;
    this.held = 0;
  }

  get oldestSeq(): number {
    return this.firstSeq;
  }

  /** Rows with seq ≥ from, oldest first (as many as are retained, at most `limit`). */
  read(from: number, limit = Infinity): { seq: number; op: RowOp; row: Row }[] {
    const out: { seq: number; op: RowOp; row: Row }[] = [];
    const end = Math.min(this.nextSeq, Math.max(from, this.firstSeq) + limit);
    const chunks = this.chunks;
    // The first chunk that holds `from` (chunks are in seq order; a binary search keeps this O(log n)).
    let lo = this.head;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid]!.firstSeq <= from) lo = mid;
      else hi = mid - 1;
    }
    for (let k = lo; k < chunks.length; k++) {
      const c = chunks[k]!;
      for (let i = Math.max(0, from - c.firstSeq); i < c.rows.length; i++) {
        const seq = c.firstSeq + i;
        if (seq >= end) return out;
        out.push({ seq, op: c.ops === null ? '+I' : c.ops[i]!, row: c.rows[i]! });
      }
    }
    return out;
  }
}
