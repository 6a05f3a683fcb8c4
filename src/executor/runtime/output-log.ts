/**
 * A view's output log in memory: every emitted row with its seq (contiguous from 1), kept for a bounded
 * number of rows so subscribers can resume from a seq. Rows are kept unformatted; they are encoded to
 * JSON-ready objects only when someone reads them.
 */
import type { RowOp } from '../api.js';
import type { Row } from '../operator.js';

export class OutputLog {
  private rows: Row[] = [];
  private ops: RowOp[] = [];
  /** seq of rows[0]. */
  private firstSeq = 1;
  /** The seq the next row gets. */
  nextSeq = 1;

  constructor(private readonly retain: number) {}

  /** Appends a batch; returns the seq of its first row. */
  append(rows: readonly Row[], ops: readonly RowOp[] | null): number {
    const first = this.nextSeq;
    this.nextSeq += rows.length;
    if (this.retain <= 0) {
      this.firstSeq = this.nextSeq;
      return first;
    }
    for (let i = 0; i < rows.length; i++) {
      this.rows.push(rows[i]!);
      this.ops.push(ops === null ? '+I' : ops[i]!);
    }
    // Trim in halves so trimming costs O(1) amortized per row.
    if (this.rows.length > 2 * this.retain) {
      const drop = this.rows.length - this.retain;
      this.rows = this.rows.slice(drop);
      this.ops = this.ops.slice(drop);
      this.firstSeq += drop;
    }
    return first;
  }

  /** Continues numbering after a restart (the durable log holds the earlier rows). */
  resumeAt(nextSeq: number): void {
    this.nextSeq = nextSeq;
    this.firstSeq = nextSeq;
    this.rows = [];
    this.ops = [];
  }

  get oldestSeq(): number {
    return this.firstSeq;
  }

  /** Rows with seq ≥ from, oldest first (as many as are retained, at most `limit`). */
  read(from: number, limit = Infinity): { seq: number; op: RowOp; row: Row }[] {
    const out: { seq: number; op: RowOp; row: Row }[] = [];
    const end = Math.min(this.nextSeq, Math.max(from, this.firstSeq) + limit);
    for (let s = Math.max(from, this.firstSeq); s < end; s++) {
      const i = s - this.firstSeq;
      out.push({ seq: s, op: this.ops[i]!, row: this.rows[i]! });
    }
    return out;
  }
}
