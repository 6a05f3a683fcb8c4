/**
 * A view's output log in memory: every emitted row with its seq (contiguous from 1), the last `retain`
 * of them kept so subscribers can resume from a seq. Rows are kept unformatted; they are encoded to
 * JSON-ready objects only when someone reads them.
 *
 * The retained rows live in a ring of columns, not as the emitted row arrays: a number goes into a
 * Float64Array slot, anything else (text, DECIMAL bigints, NULL) into a slot of a plain array. Keeping
 * the row arrays themselves would keep every output row alive for the next `retain` rows, so V8 would
 * copy each one out of the young generation and promote it: on a pass-through query that GC cost was
 * several times the query's own work. Here a retained row costs a few stores, and only its non-number
 * values stay alive. `read` builds row arrays again (rows equal to the emitted ones, not the same arrays).
 *
 *   slot:   0      1      2     ...   retain−1
 *   seq:  [ 9 ] [ 10 ] [ 11 ]  ...  [  8  ]      (slot = (seq − 1) mod retain; the oldest is nextSeq − held)
 */
import type { RowOp } from '../api.js';
import type { Row } from '../operator.js';

const OPS: readonly RowOp[] = ['+I', '-U', '+U', '-D'];
const OP_CODE: Readonly<Record<RowOp, number>> = { '+I': 0, '-U': 1, '+U': 2, '-D': 3 };

/** One column of the ring: numbers unboxed, other values (and NULL) as they are. */
interface Column {
  readonly num: Float64Array;
  readonly obj: unknown[];
  /** 1 where the value is in `obj`. */
  readonly inObj: Uint8Array;
}

export class OutputLog {
  private readonly cap: number;
  private columns: Column[] = [];
  private readonly ops: Uint8Array;
  /** Each retained row's length (rows of one view have one width; this keeps `read` exact regardless). */
  private readonly widths: Uint32Array;
  /** Rows held (≤ cap), the newest at seq nextSeq − 1. */
  private held = 0;
  /** The seq the next row gets. */
  nextSeq = 1;

  constructor(retain: number) {
    this.cap = Math.max(0, Math.floor(retain));
    this.ops = new Uint8Array(this.cap);
    this.widths = new Uint32Array(this.cap);
  }

  /** Appends a batch; returns the seq of its first row. */
  append(rows: readonly Row[], ops: readonly RowOp[] | null): number {
    const first = this.nextSeq;
    const n = rows.length;
    this.nextSeq += n;
    const cap = this.cap;
    if (cap === 0 || n === 0) return first;
    // Only the last `cap` rows of the batch can stay.
    const from = n > cap ? n - cap : 0;
    let slot = (first - 1 + from) % cap;
    for (let i = from; i < n; i++) {
      const row = rows[i]!;
      const w = row.length;
      while (this.columns.length < w) this.columns.push({ num: new Float64Array(cap), obj: new Array<unknown>(cap).fill(null), inObj: new Uint8Array(cap) });
      const cols = this.columns;
      for (let j = 0; j < w; j++) {
        const v = row[j];
        const c = cols[j]!;
        if (typeof v === 'number') {
          c.num[slot] = v;
          if (c.inObj[slot] === 1) {
            c.inObj[slot] = 0;
            c.obj[slot] = null; // let go of what the slot held
          }
        } else {
          c.obj[slot] = v;
          c.inObj[slot] = 1;
        }
      }
      this.widths[slot] = w;
      this.ops[slot] = ops === null ? 0 : OP_CODE[ops[i]!];
      if (++slot === cap) slot = 0;
    }
    this.held = Math.min(cap, this.held + n);
    return first;
  }

  /** Continues numbering after a restart (the durable log holds the earlier rows). */
  resumeAt(nextSeq: number): void {
    this.nextSeq = nextSeq;
    this.held = 0;
    for (const c of this.columns) c.obj.fill(null);
  }

  get oldestSeq(): number {
    return this.nextSeq - this.held;
  }

  /** Rows with seq ≥ from, oldest first (as many as are retained, at most `limit`). */
  read(from: number, limit = Infinity): { seq: number; op: RowOp; row: Row }[] {
    const out: { seq: number; op: RowOp; row: Row }[] = [];
    const start = Math.max(from, this.oldestSeq);
    const end = Math.min(this.nextSeq, start + limit);
    const cols = this.columns;
    for (let seq = start; seq < end; seq++) {
      const slot = (seq - 1) % this.cap;
      const w = this.widths[slot]!;
      const row = new Array<unknown>(w);
      for (let j = 0; j < w; j++) {
        const c = cols[j]!;
        row[j] = c.inObj[slot] === 1 ? c.obj[slot] : c.num[slot];
      }
      out.push({ seq, op: OPS[this.ops[slot]!]!, row });
    }
    return out;
  }
}
