/**
 * A source's retained input: its last rows (at least `retainRows`, at most twice that; whole batches
 * are dropped from the front), each row with the watermark it arrived under, and the source's watermark
 * moves between them. A query created later with `scan.startup.mode = 'earliest'` is fed these, so it
 * computes what it would have computed had it existed before them (docs/connectors.md).
 *
 *   entries:  [batch r1..r3] 5 [batch r4] 9 [batch r5..r8] ...      (numbers: watermark moves)
 *
 * A connector that can produce the same rows again from an offset (the nexmark generator: each event
 * depends only on its number and the seed) is not made to keep them: its batches are retained as
 * (offset, row count, watermark before the batch) and regenerated when a new query asks. Holding every
 * row for 100–200k more rows would promote each one to V8's old space: on the in-memory hot path that
 * GC cost was larger than the query's own work.
 */
import type { RowOp } from '../api.js';
import type { Batch, Emitter, Row } from '../operator.js';

/** A retained batch, with the input-log offset it came from (pushed sources in durable mode; else 0). */
export interface RetainedBatch {
  readonly batch: Batch;
  readonly input: number;
}

/** A batch the source's connector can regenerate: `rows` rows from `from` on, the first arriving under `wm`. */
export interface RegenerableBatch {
  readonly from: number | string;
  readonly rows: number;
  readonly wm: number;
}

/** Gives the `rows` rows a connector produced from offset `from` (the same rows, in the same order). */
export type Regenerate = (from: number | string, rows: number) => Row[];

type Entry = RetainedBatch | RegenerableBatch | number;

export class RetainedInput {
  readonly entries: Entry[] = [];
  private rows = 0;
  /** Rows dropped from the front (a new 'earliest' query cannot see them). */
  dropped = 0;
  retainRows = 100_000;

  /**
   * Set by a connector that can regenerate its rows (with the source's watermark expression, which
   * gives the rows' arrival watermarks again); only for a source with one split.
   */
  private regen: { readonly regenerate: Regenerate; readonly wmFn: ((row: Row) => unknown) | null } | null = null;

  setRegenerator(regenerate: Regenerate, wmFn: ((row: Row) => unknown) | null): void {
    this.regen = { regenerate, wmFn };
  }

  get regenerates(): boolean {
    return this.regen !== null;
  }

  add(batch: Batch, input: number): void {
    if (this.retainRows <= 0) return;
    this.entries.push({ batch, input });
    this.rows += batch.rows.length;
    this.trim();
  }

  /** Retains a batch by where it came from (see `setRegenerator`); `wm` is the watermark before its first row. */
  addRegenerable(from: number | string, rows: number, wm: number): void {
    if (this.retainRows <= 0) return;
    this.entries.push({ from, rows, wm });
    this.rows += rows;
    this.trim();
  }

  watermark(wm: number): void {
    if (this.retainRows > 0) this.entries.push(wm);
  }

  /** Drops everything retained (a watermark reset: the old arrival watermarks no longer hold). */
  clear(): void {
    for (const e of this.entries) if (typeof e !== 'number') this.dropped += entryRows(e);
    this.entries.length = 0;
    this.rows = 0;
  }

  /** The input-log offset of the oldest retained batch; null when nothing is retained. */
  oldestInput(): number | null {
    for (const e of this.entries) if (typeof e !== 'number' && 'input' in e) return e.input;
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
      else to.data('batch' in e ? e.batch : this.regenerate(e));
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
      if (typeof e !== 'number') dropped += entryRows(e);
    }
    h.splice(0, i);
    this.rows -= dropped;
    this.dropped += dropped;
  }

  /** A regenerable batch's rows again, each with its arrival watermark (the running max from the batch's `wm`, as SourceRuntime.pushRows gives it for one split). */
  private regenerate(e: RegenerableBatch): Batch {
    const regen = this.regen;
    if (regen === null) throw new Error('invariant: a regenerable batch retained without a regenerator');
    const rows = regen.regenerate(e.from, e.rows);
    if (rows.length !== e.rows) throw new Error(`invariant: the connector regenerated ${rows.length} rows from offset ${String(e.from)}, not ${e.rows}`);
    const wmFn = regen.wmFn;
    if (wmFn === null) return { rows, ops: null, wms: null };
    const wms = new Array<number>(rows.length);
    let wm = e.wm;
    for (let i = 0; i < rows.length; i++) {
      wms[i] = wm;
      const w = wmFn(rows[i]!) as number | null;
      if (w !== null && w > wm) wm = w;
    }
    return { rows, ops: null, wms };
  }
}

function entryRows(e: RetainedBatch | RegenerableBatch): number {
  return 'batch' in e ? e.batch.rows.length : e.rows;
}
