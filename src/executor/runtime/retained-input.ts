/**
 * A source's retained input: its last rows (at least `retainRows`, at most twice that; whole batches
 * are dropped from the front, also once the batches' input bytes reach `retainBytes`, down to half of
 * it), each row with the watermark it arrived under, and the source's watermark moves between them. A query created later with `scan.startup.mode = 'earliest'` is fed these, so it
 * computes what it would have computed had it existed before them (docs/connectors.md).
 *
 *   entries:  [batch r1..r3] 5 [batch r4] 9 [batch r5..r8] ...      (numbers: watermark moves)
 */
import type { RowOp } from '../api.js';
import type { Batch, Emitter, Row } from '../operator.js';

/** A retained batch, with the input-log offset it came from (pushed sources in durable mode; else 0). */
export interface RetainedBatch {
  readonly batch: Batch;
  readonly input: number;
  /** Bytes of the input the batch came from (the JSON text of a pushed batch; 0 when not known). */
  readonly bytes: number;
}

type Entry = RetainedBatch | number;

/**
 * Rows read again (one split, in arrival order) from watermark `wm`: each row's arrival watermark (the
 * running max of the WATERMARK expression over the rows before it) and the watermark after the last.
 */
export function arrivalWatermarks(rows: readonly Row[], wm: number, wmFn: ((row: Row) => unknown) | null): { wms: number[] | null; after: number } {
  if (wmFn === null) return { wms: null, after: wm };
  const wms = new Array<number>(rows.length);
  for (let i = 0; i < rows.length; i++) {
    wms[i] = wm;
    const w = wmFn(rows[i]!) as number | null;
    if (w !== null && w > wm) wm = w;
  }
  return { wms, after: wm };
}

export class RetainedInput {
  readonly entries: Entry[] = [];
  private rows = 0;
  private bytes = 0;
  /** Rows dropped from the front (a new 'earliest' query cannot see them). */
  dropped = 0;
  retainRows = 100_000;
  /** A pushed source's retained input is bounded by its bytes too (limits.input_log_bytes). */
  retainBytes = Infinity;

  add(batch: Batch, input: number, bytes = 0): void {
    if (this.retainRows <= 0) return;
    this.entries.push({ batch, input, bytes });
    this.rows += batch.rows.length;
    this.bytes += bytes;
    this.trim();
  }

  /** A watermark move; moves with no rows between them are one (the last), so a quiet source does not grow it. */
  watermark(wm: number): void {
    if (this.retainRows <= 0) return;
    const h = this.entries;
    if (h.length > 0 && typeof h[h.length - 1] === 'number') h[h.length - 1] = wm;
    else h.push(wm);
  }

  /** Drops everything retained (a watermark reset: the old arrival watermarks no longer hold). */
  clear(): void {
    for (const e of this.entries) if (typeof e !== 'number') this.dropped += e.batch.rows.length;
    this.entries.length = 0;
    this.rows = 0;
    this.bytes = 0;
  }

  /** The input-log offset of the oldest retained batch; null when nothing is retained. */
  oldestInput(): number | null {
    for (const e of this.entries) if (typeof e !== 'number') return e.input;
    return null;
  }

  /** Takes every entry out (to put older input before them with `rebuild`, then `reattach`). */
  detach(): { entries: Entry[]; rows: number; bytes: number } {
    const out = { entries: this.entries.splice(0), rows: this.rows, bytes: this.bytes };
    this.rows = 0;
    this.bytes = 0;
    return out;
  }

  reattach(later: { entries: Entry[]; rows: number; bytes: number }): void {
    for (const e of later.entries) this.entries.push(e);
    this.rows += later.rows;
    this.bytes += later.bytes;
    this.trim();
  }

  /**
   * Retains batches of an earlier run (read back from the input log or a file), each row with the
   * arrival watermark the running max of `wmFn` gives from the first of them on; a number is a logged
   * watermark move (an explicit `advanceWatermark`) between them.
   */
  rebuild(batches: readonly ({ readonly rows: Row[]; readonly ops: RowOp[] | null; readonly input: number; readonly bytes?: number } | number)[], wmFn: ((row: Row) => unknown) | null): void {
    let wm = -Infinity;
    for (const b of batches) {
      if (typeof b === 'number') {
        if (b > wm) this.watermark((wm = b));
        continue;
      }
      const { rows, ops, input } = b;
      if (rows.length === 0) continue;
      const before = wm;
      const { wms, after } = arrivalWatermarks(rows, wm, wmFn);
      wm = after;
      this.add({ rows, ops, wms }, input, b.bytes ?? 0);
      if (wm > before) this.watermark(wm);
    }
  }

  /** Feeds the retained input to one reader (but `skip`, a batch it gets live), then the source's current watermark. */
  replay(to: Emitter, wm: number, skip: Batch | null = null): void {
    for (const e of this.entries) {
      if (typeof e === 'number') to.watermark(e);
      else if (e.batch !== skip) to.data(e.batch);
    }
    if (wm > -Infinity) to.watermark(wm);
  }

  /**
   * Trims whole batches once twice the retention (rows) or the byte budget is held, down to the
   * retention and half the budget: O(1) per batch on the hot path.
   */
  private trim(): void {
    if (this.rows <= 2 * this.retainRows && this.bytes <= this.retainBytes) return;
    const h = this.entries;
    let i = 0;
    let dropped = 0;
    let bytes = 0;
    for (; i < h.length && (this.rows - dropped > this.retainRows || this.bytes - bytes > this.retainBytes / 2); i++) {
      const e = h[i]!;
      if (typeof e === 'number') continue;
      dropped += e.batch.rows.length;
      bytes += e.bytes;
    }
    h.splice(0, i);
    this.rows -= dropped;
    this.bytes -= bytes;
    this.dropped += dropped;
  }
}
