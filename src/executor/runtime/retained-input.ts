/**
 * A source's retained input: its last rows (at least `retainRows`, at most twice that; whole batches
 * are dropped from the front), each row with the watermark it arrived under, and the source's watermark
 * moves between them. A query created later with `scan.startup.mode = 'earliest'` is fed these, so it
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
}

type Entry = RetainedBatch | number;

export class RetainedInput {
  readonly entries: Entry[] = [];
  private rows = 0;
  /** Rows dropped from the front (a new 'earliest' query cannot see them). */
  dropped = 0;
  retainRows = 100_000;

  add(batch: Batch, input: number): void {
    if (this.retainRows <= 0) return;
    this.entries.push({ batch, input });
    this.rows += batch.rows.length;
    this.trim();
  }

  watermark(wm: number): void {
    if (this.retainRows > 0) this.entries.push(wm);
  }

  /** Drops everything retained (a watermark reset: the old arrival watermarks no longer hold). */
  clear(): void {
    for (const e of this.entries) if (typeof e !== 'number') this.dropped += e.batch.rows.length;
    this.entries.length = 0;
    this.rows = 0;
  }

  /** The input-log offset of the oldest retained batch; null when nothing is retained. */
  oldestInput(): number | null {
    for (const e of this.entries) if (typeof e !== 'number') return e.input;
    return null;
  }

  /** Takes every entry out (to put older input before them with `rebuild`, then `reattach`). */
  detach(): { entries: Entry[]; rows: number } {
    const out = { entries: this.entries.splice(0), rows: this.rows };
    this.rows = 0;
    return out;
  }

  reattach(later: { entries: Entry[]; rows: number }): void {
    for (const e of later.entries) this.entries.push(e);
    this.rows += later.rows;
    this.trim();
  }

  /**
   * Retains batches of an earlier run (read back from the input log or a file), each row with the
   * arrival watermark the running max of `wmFn` gives from the first of them on.
   */
  rebuild(batches: readonly { readonly rows: Row[]; readonly ops: RowOp[] | null; readonly input: number }[], wmFn: ((row: Row) => unknown) | null): void {
    let wm = -Infinity;
    for (const { rows, ops, input } of batches) {
      if (rows.length === 0) continue;
      const before = wm;
      let wms: number[] | null = null;
      if (wmFn !== null) {
        wms = new Array<number>(rows.length);
        for (let i = 0; i < rows.length; i++) {
          wms[i] = wm;
          const w = wmFn(rows[i]!) as number | null;
          if (w !== null && w > wm) wm = w;
        }
      }
      this.add({ rows, ops, wms }, input);
      if (wm > before) this.watermark(wm);
    }
  }

  /** Feeds the retained input to one reader, then the source's current watermark. */
  replay(to: Emitter, wm: number): void {
    for (const e of this.entries) {
      if (typeof e === 'number') to.watermark(e);
      else to.data(e.batch);
    }
    if (wm > -Infinity) to.watermark(wm);
  }

  /** Trims whole batches once twice the retention is held: O(1) per batch on the hot path. */
  private trim(): void {
    if (this.rows <= 2 * this.retainRows) return;
    const h = this.entries;
    let i = 0;
    let dropped = 0;
    for (; i < h.length && this.rows - dropped > this.retainRows; i++) {
      const e = h[i]!;
      if (typeof e !== 'number') dropped += e.batch.rows.length;
    }
    h.splice(0, i);
    this.rows -= dropped;
    this.dropped += dropped;
  }
}
