/**
 * A view's output in memory: every emitted row gets its seq (contiguous from 1), and the last rows are
 * kept for two readers —
 *  - subscribers resuming from a seq: the last `retain` rows (`read`, `oldestSeq`);
 *  - a view created later over this one from 'earliest' (docs/time.md, "A view over a view"): the last
 *    `historyRows` rows since the last watermark reset, each with the watermark it arrived under, and the
 *    view's watermark moves between them (`watermark`, `replayHistory`).
 * Both read one ring of max(retain, historyRows) rows (rounded up to whole chunks of 1,024 slots); rows
 * are kept unformatted and encoded only when someone reads them.
 *
 * The ring holds columns, not the emitted row arrays (output-columns.ts): numbers and DECIMAL bigints are
 * stored unboxed, text joined per chunk, anything else as it is. Keeping the row arrays (or each row's
 * strings) themselves would keep every output row alive for the next 100,000 rows, so V8 would copy each
 * one out of the young generation and promote it: on a pass-through query that GC cost was ten times the
 * query's own work. Here a retained row costs a few stores per column, written column by column. Reads
 * build row arrays again (rows equal to the emitted ones, not the same arrays).
 *
 *   slot:   0      1      2     ...   size−1
 *   seq:  [ 9 ] [ 10 ] [ 11 ]  ...  [  8  ]      (slot = (seq − base) mod size; the oldest is nextSeq − held)
 *   moves: [seq 9: wm 4000] [seq 11: wm 5000] ...  (the watermark moved before row `seq`)
 *
 * The ring starts small and doubles up to its capacity, so a view that emits little costs little. A
 * stateless view over one source keeps nothing here (capacity 0: the log only numbers its rows); its
 * history is derived from the source's (derived-history.ts).
 */
import type { RowOp } from '../api.js';
import type { Emitter, Row } from '../operator.js';
import { CHUNK_BITS, CHUNK_SLOTS, OutputColumn } from './output-columns.js';

const OPS: readonly RowOp[] = ['+I', '-U', '+U', '-D'];
const OP_CODE: Readonly<Record<RowOp, number>> = { '+I': 0, '-U': 1, '+U': 2, '-D': 3 };
const INITIAL_SIZE = CHUNK_SLOTS;
/** Rows per batch when the history is replayed. */
const REPLAY_BATCH = 4096;

export class OutputLog {
  private readonly retain: number;
  private readonly historyRows: number;
  private readonly cap: number;
  /** Slots allocated (≤ cap); grows by doubling while the ring is full. */
  private size = 0;
  private columns: OutputColumn[] = [];
  private ops = new Uint8Array(0);
  /** Each retained row's length (rows of one view have one width; this keeps reads exact regardless). */
  private widths = new Uint32Array(0);
  /** Each retained row's arrival watermark; NaN: it came without one (the reader's current watermark). */
  private arrival = new Float64Array(0);
  /** The seq that slot 0 maps to (modulo size). */
  private base = 1;
  /** Rows held (≤ size), the newest at seq nextSeq − 1. */
  private held = 0;
  /** The seq the next row gets. */
  nextSeq = 1;
  /** The history starts at this seq (a watermark reset moves it to the next row). */
  private historyFrom = 1;
  /** The history ends before this seq: rows appended are in it once `publishHistory` is called. */
  private historyEnd = 1;
  /** The view's watermark moves, flat pairs [seq, wm, seq, wm, ...] from `movesHead` on, seqs ascending. */
  private moves: number[] = [];
  private movesHead = 0;

  /** `historyRows` 0: no history (an ad-hoc query: no view is ever created over it). */
  constructor(retain: number, historyRows = 0) {
    this.retain = Math.max(0, Math.floor(retain));
    this.historyRows = Math.max(0, Math.floor(historyRows));
    // Whole chunks (output-columns.ts); reads stop at `retain` and `historyRows` rows.
    const rows = Math.max(this.retain, this.historyRows);
    this.cap = Math.ceil(rows / CHUNK_SLOTS) * CHUNK_SLOTS;
  }

  /** The log keeps rows (capacity above 0): only then does `append` read the arrival watermarks. */
  get keepsRows(): boolean {
    return this.cap > 0;
  }

  /** Appends a batch with each row's arrival watermark (null: none); returns the seq of its first row. */
  append(rows: readonly Row[], ops: readonly RowOp[] | null, wms: readonly number[] | null = null): number {
    const first = this.nextSeq;
    const n = rows.length;
    const cap = this.cap;
    while (this.size < cap && this.held + n > this.size) this.grow();
    this.nextSeq += n;
    if (cap === 0 || n === 0) return first;
    const size = this.size;
    // Only the last `size` rows of the batch can stay: whole turns of the ring before them are skipped
    // (the ring is written in slot order, so it goes on from the slot where it stopped).
    let i = n >= 2 * size ? (Math.floor(n / size) - 1) * size : 0;
    let slot = (first + i - this.base) % size;
    const widths = this.widths;
    const codes = this.ops;
    const arrival = this.arrival;
    // Column by column over runs of slots within one chunk; a chunk written to its end is sealed.
    while (i < n) {
      const chunkEnd = ((slot >> CHUNK_BITS) + 1) << CHUNK_BITS;
      const to = Math.min(n, i + chunkEnd - slot);
      const end = slot + to - i;
      let w = 0;
      for (let k = i, s = slot; k < to; k++, s++) {
        const width = rows[k]!.length;
        widths[s] = width;
        if (width > w) w = width;
      }
      if (ops === null) codes.fill(0, slot, end);
      else for (let k = i, s = slot; k < to; k++, s++) codes[s] = OP_CODE[ops[k]!];
      if (wms === null) arrival.fill(NaN, slot, end);
      else for (let k = i, s = slot; k < to; k++, s++) arrival[s] = wms[k]!;
      while (this.columns.length < w) this.columns.push(new OutputColumn(size));
      const cols = this.columns;
      for (let j = 0; j < w; j++) cols[j]!.putRun(rows, j, i, to, slot);
      slot = end;
      i = to;
      if (slot === chunkEnd) {
        for (const c of cols) c.seal((slot - 1) >> CHUNK_BITS);
        if (slot === size) slot = 0;
      }
    }
    this.held = Math.min(size, this.held + n);
    return first;
  }

  /**
   * Doubles the slots (up to cap). Below cap the ring never wraps (it grows first), so the held rows are
   * slots 0..held−1 in seq order and move over as they are.
   */
  private grow(): void {
    if (this.held > 0 && this.base !== this.nextSeq - this.held) throw new Error('invariant: output ring wrapped below its capacity');
    const size = Math.min(this.cap, Math.max(INITIAL_SIZE, this.size * 2));
    const held = this.held;
    const move = <T extends Float64Array | Uint8Array | Uint32Array>(a: T, b: T): T => {
      b.set(a.subarray(0, held));
      return b;
    };
    this.ops = move(this.ops, new Uint8Array(size));
    this.widths = move(this.widths, new Uint32Array(size));
    this.arrival = move(this.arrival, new Float64Array(size));
    for (const c of this.columns) c.resize(size, held);
    if (held === 0) this.base = this.nextSeq;
    this.size = size;
  }

  /** Continues numbering after a restart (the durable log holds the earlier rows). */
  resumeAt(nextSeq: number): void {
    this.nextSeq = nextSeq;
    this.base = nextSeq;
    this.held = 0;
    this.historyEnd = nextSeq;
    this.clearHistory();
    for (const c of this.columns) c.clear();
  }

  get oldestSeq(): number {
    return this.nextSeq - Math.min(this.held, this.retain);
  }

  private rowAt(slot: number): Row {
    const w = this.widths[slot]!;
    const row = new Array<unknown>(w);
    for (let j = 0; j < w; j++) row[j] = this.columns[j]!.get(slot);
    return row;
  }

  /** Rows with seq ≥ from, oldest first (as many as are retained, at most `limit`). */
  read(from: number, limit = Infinity): { seq: number; op: RowOp; row: Row }[] {
    const out: { seq: number; op: RowOp; row: Row }[] = [];
    const start = Math.max(from, this.oldestSeq);
    const end = Math.min(this.nextSeq, start + limit);
    for (let seq = start; seq < end; seq++) {
      const slot = (seq - this.base) % this.size;
      out.push({ seq, op: OPS[this.ops[slot]!]!, row: this.rowAt(slot) });
    }
    return out;
  }

  // ---- history (views over this one) --------------------------------------------------------------

  /**
   * The rows appended so far join the history. The view calls this once a batch has gone to its
   * subscribers, so a view created over it from inside a subscriber's callback gets that batch from
   * the live stream, not also from the history.
   */
  publishHistory(): void {
    this.historyEnd = this.nextSeq;
  }

  /** The history (when kept) ends before this seq: rows numbered since are still going to their readers. */
  get publishedEnd(): number {
    return this.historyEnd;
  }

  /** The seq of the oldest row of the history. */
  get historyOldest(): number {
    return Math.max(this.historyFrom, this.nextSeq - this.held, this.historyEnd - this.historyRows);
  }

  /** Rows in the history. */
  get historyHeld(): number {
    return Math.max(0, this.historyEnd - this.historyOldest);
  }

  /** The history has rows or watermark moves. */
  get hasHistory(): boolean {
    return this.historyHeld > 0 || this.movesHead < this.moves.length;
  }

  /** The view's watermark moved (before the next row); moves with no rows between them are one, the last. */
  watermark(wm: number): void {
    if (this.historyRows === 0) return;
    const m = this.moves;
    if (m.length > this.movesHead && m[m.length - 2] === this.nextSeq) {
      m[m.length - 1] = wm;
      return;
    }
    m.push(this.nextSeq, wm);
    // Drop moves before the oldest row of the history, now and then (amortized O(1) per move).
    if (m.length - this.movesHead > 256) {
      const oldest = this.historyOldest;
      let h = this.movesHead;
      while (h < m.length && m[h]! < oldest) h += 2;
      this.movesHead = h;
      if (h > m.length / 2) {
        this.moves = m.slice(h);
        this.movesHead = 0;
      }
    }
  }

  /** Forgets the history (a watermark reset: the old arrival watermarks no longer hold); subscribers still read the rows. */
  clearHistory(): void {
    this.historyFrom = this.nextSeq;
    this.moves = [];
    this.movesHead = 0;
  }

  /**
   * Feeds the history to one reader: its rows in batches, each row with its arrival watermark, and the
   * watermark moves where they happened (moves before the oldest row held are gone with their rows).
   */
  replayHistory(to: Emitter): void {
    const m = this.moves;
    let k = this.movesHead;
    let seq = this.historyOldest;
    while (k < m.length && m[k]! < seq) k += 2;
    const end = this.historyEnd;
    while (seq < end) {
      while (k < m.length && m[k]! <= seq) {
        to.watermark(m[k + 1]!);
        k += 2;
      }
      // A batch runs to the next move, REPLAY_BATCH rows, or a change between rows with and without an
      // arrival watermark.
      const stop = Math.min(end, seq + REPLAY_BATCH, k < m.length ? m[k]! : end);
      const withWm = !Number.isNaN(this.arrival[(seq - this.base) % this.size]!);
      const rows: Row[] = [];
      const ops: RowOp[] = [];
      const wms: number[] | null = withWm ? [] : null;
      let changes = false;
      for (; seq < stop; seq++) {
        const slot = (seq - this.base) % this.size;
        const a = this.arrival[slot]!;
        if (Number.isNaN(a) === withWm) break;
        rows.push(this.rowAt(slot));
        const op = OPS[this.ops[slot]!]!;
        if (op !== '+I') changes = true;
        ops.push(op);
        wms?.push(a);
      }
      to.data({ rows, ops: changes ? ops : null, wms });
    }
    for (; k < m.length && m[k]! <= end; k += 2) to.watermark(m[k + 1]!);
  }
}
