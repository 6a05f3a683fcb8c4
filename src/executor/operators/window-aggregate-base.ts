/**
 * What TUMBLE, HOP and CUMULATE aggregation share: the keyed window state, the output row layout
 * [...keys, window_start, window_end, window_time, ...aggs], and emission. Rows produced while a batch
 * is processed (fired windows, EMIT CHANGES updates) wait in `pending` and leave as one batch, each with
 * the watermark it was produced under. EMIT CHANGES' bookkeeping, and its coalescing per 'emit.interval',
 * is window-changes.ts: an operator marks what changed and implements `emitPending`.
 *
 * Firing in slices (operators/firing-slicer.ts): a subclass writes its firing as a generator that yields
 * whenever `chunkFull` and hands it to `fire`. With a pacer (runtime/pacer.ts) the operator is frozen
 * until it is done and what reaches it waits, in order; without one the firing runs at once, each chunk
 * of rows sent on as it fills. A subclass whose input makes no rows while it fires (TUMBLE, EMIT FINAL)
 * may run ahead instead (`runsAhead`): input goes into the state of windows the firing does not read, and
 * a watermark that fires nothing more moves at once and is sent on after the firing (`aheadLimit`).
 */
import type { RowOp } from '../api.js';
import type { Aggregation, Group } from '../aggregates/groups.js';
import type { GroupStore } from '../aggregates/group-store.js';
import { GroupTable } from '../aggregates/group-table.js';
import { Operator, type Batch, type OperatorContext, type Row } from '../operator.js';
import { FiringSlicer } from './firing-slicer.js';
import { WindowChanges } from './window-changes.js';

export abstract class WindowAggregateBase extends Operator {
  protected ctx!: OperatorContext;
  /** Window start (TUMBLE) or pane start (HOP, CUMULATE) → group key → accumulators. */
  protected readonly buckets: GroupTable;
  private pendingRows: Row[] = [];
  private pendingOps: RowOp[] = [];
  private pendingWms: number[] = [];
  private readonly slicer = new FiringSlicer(
    () => this.pendingRows.length,
    () => this.flush(),
  );
  /** EMIT CHANGES: pending changes and emitted rows (window-changes.ts); null for EMIT FINAL. */
  protected readonly changes: WindowChanges | null;

  constructor(
    protected readonly agg: Aggregation,
    protected readonly timeCol: number,
    protected readonly size: number,
    protected readonly emitChanges: boolean,
    bucketTable: string,
    /** EMIT CHANGES: 'emit.interval' (ms of event time) or null; and whether emitted rows are kept without one. */
    emitIntervalMs: number | null = null,
    retainEmitted = false,
  ) {
    super();
    // Restored in group creation order, so windows emit their rows in the order the crashed run would have.
    // Stored as runs of a window or pane (state-runs.ts): one row per namespace and checkpoint, not per group.
    this.buckets = this.declare(new GroupTable(bucketTable, agg, { runs: true }));
    this.changes = emitChanges ? new WindowChanges(agg, emitIntervalMs, retainEmitted || emitIntervalMs !== null, (t) => this.declare(t)) : null;
  }

  /**
   * Emits the pending changes of the windows starting at or before `upTo` (+∞: all of them) under
   * watermark `wm`, and forgets those no open window needs. Only called when `changes` is set.
   */
  protected emitPending(_wm: number, _upTo: number): void {
    throw new Error('invariant: an operator with EMIT CHANGES implements emitPending');
  }

  /**
   * EMIT CHANGES with an interval, before the watermark moves from `this.wm` to `wm` (`closes`: some
   * window ends by `wm`): an interval end emits every pending change, else the windows that close emit
   * theirs, so that their last update precedes their closing. Rows carry the watermark before the move.
   */
  protected changesBefore(wm: number, closes: boolean): void {
    const c = this.changes;
    if (c === null || c.intervalMs === null) return;
    if (c.ticks(this.wm, wm)) this.emitPending(this.wm, Infinity);
    else if (closes) this.emitPending(this.wm, wm - this.size + 1);
  }

  /** The watermark at which the next interval ends (+∞ without an interval): onData's fast path stops there. */
  protected get nextTick(): number {
    const c = this.changes;
    return c === null ? Infinity : c.nextTick(this.wm);
  }

  override open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.slicer.open(ctx, () => this.runsAhead());
  }

  /**
   * Input may be processed while a firing is in progress (operators/firing-slicer.ts, "Running ahead"):
   * it adds only to windows the firing does not read, and makes no rows until the operator fires again.
   */
  protected runsAhead(): boolean {
    return false;
  }

  /** While running ahead: the watermark from which another window would fire (it waits for this firing). */
  protected aheadLimit(): number {
    return -Infinity;
  }

  /** Input is processed as it comes although a firing is in progress. */
  protected get runningAhead(): boolean {
    return this.slicer.runningAhead;
  }

  /** Fires what watermark `wm` closes (rows into `pending`, through `fire` when it may be long). */
  protected abstract advance(wm: number): void;

  protected override advanceWatermark(wm: number): void {
    if (this.frozen) {
      // Running ahead (onWatermark let it through): a watermark that would fire another window waits for
      // this firing; one that fires nothing only moves, and is sent on once the firing is out.
      if (wm > this.wm) {
        if (wm >= this.aheadLimit()) return this.slicer.stash(() => this.advanceWatermark(wm));
        this.wm = wm;
      }
      this.slicer.afterFiring(() => this.finishWatermark(wm));
      return;
    }
    if (wm > this.wm) this.advance(wm);
    this.slicer.afterFiring(() => this.finishWatermark(wm));
  }

  private finishWatermark(wm: number): void {
    this.flush();
    this.out.watermark(wm);
  }

  // ---- firing in slices ------------------------------------------------------------------------

  /** Units of work (rows, merges) per chunk of a firing. */
  protected get chunkLimit(): number {
    return this.slicer.chunkRows;
  }

  /** A firing yields when this is true (a chunk of rows is pending). */
  protected get chunkFull(): boolean {
    return this.slicer.chunkFull;
  }

  /** Runs a firing: at once without a pacer (rows sent on by chunks), else its first chunk now and the rest in units. */
  protected fire(steps: Iterator<void>): void {
    this.slicer.run(steps);
  }

  /** Frozen: input waits in the inbox (subclasses' onData returns at once when this is true). */
  protected get frozen(): boolean {
    return this.slicer.frozen;
  }

  /** Keeps something that reached the operator while frozen, in order. */
  protected stash(run: () => void): void {
    this.slicer.stash(run);
  }

  override onWatermark(input: number, wm: number): void {
    if (this.slicer.runningAhead) super.onWatermark(input, wm);
    else this.slicer.whenThawed(() => super.onWatermark(input, wm));
  }

  override onIdle(input: number, idle: boolean): void {
    this.slicer.whenThawed(() => super.onIdle(input, idle));
  }

  /** The rest of a batch, from row `from`, after the row that started a firing: it runs once the firing is done. */
  protected stashRest(input: number, batch: Batch, from: number): void {
    this.slicer.stashRest(batch, from, (rest) => this.onData(input, rest));
  }

  /** `pend` as a function value (what WindowChanges.emit takes). */
  protected readonly pendRow = (row: Row, op: RowOp, wm: number): void => this.pend(row, op, wm);

  protected pend(row: Row, op: RowOp, wm: number): void {
    this.pendingRows.push(row);
    // EMIT FINAL's rows are all +I: its batches carry no ops (see flush).
    if (this.emitChanges) this.pendingOps.push(op);
    this.pendingWms.push(wm);
  }

  protected flush(): void {
    if (this.pendingRows.length === 0) return;
    const batch: Batch = { rows: this.pendingRows, ops: this.emitChanges ? this.pendingOps : null, wms: this.pendingWms };
    this.pendingRows = [];
    if (this.emitChanges) this.pendingOps = [];
    this.pendingWms = [];
    this.out.data(batch);
  }

  /**
   * EMIT FINAL: a projection that keeps some columns is the only reader of the rows, so they are made
   * with those columns only (Operator.selectOutput): the full row is written into `whole`, reused, and
   * `pick` makes the row of the columns kept from it. EMIT CHANGES keeps the rows it emitted (to retract
   * them) in its state, in the full layout: it declines.
   */
  override selectOutput(columns: readonly number[]): boolean {
    if (this.emitChanges) return false;
    const width = this.agg.keyFns.length + 3 + this.agg.width;
    if (columns.some((c) => !Number.isInteger(c) || c < 0 || c >= width)) return false;
    this.pick = rowPicker(columns);
    // Left empty, not filled: the first row's values decide its elements kind (unboxed doubles when they
    // are all numbers), which a row written over it then keeps.
    this.whole = new Array<unknown>(width);
    return true;
  }

  /** Set by `selectOutput`: the row of the kept columns of `whole` (rowPicker). */
  private pick: ((whole: unknown[]) => Row) | null = null;
  private whole: unknown[] = [];

  /** The output row of slot `s` of `store` in window [start, end) (end defaults to start + size). */
  protected output(store: GroupStore, s: number, start: number, end: number = start + this.size): Row {
    const k = store.keyWidth;
    const pick = this.pick;
    const row = pick === null ? new Array<unknown>(k + 3 + this.agg.width) : this.whole;
    row[k] = start;
    row[k + 1] = end;
    row[k + 2] = end - 1;
    store.output(s, row, k + 3);
    return pick === null ? row : pick(row);
  }

  /** The output row of a Group object (SESSION keeps its groups as objects) in window [start, end). */
  protected outputGroup(g: Group, start: number, end: number): Row {
    const k = g.key.length;
    const pick = this.pick;
    const row = pick === null ? new Array<unknown>(k + 3 + this.agg.width) : this.whole;
    for (let i = 0; i < k; i++) row[i] = g.key[i];
    row[k] = start;
    row[k + 1] = end;
    row[k + 2] = end - 1;
    this.agg.results(g, row, k + 3);
    return pick === null ? row : pick(row);
  }
}

/**
 * The row of `columns` of a whole row, for `selectOutput`: a copy of a template row (`slice`), then the
 * values written into it. Not an array literal: V8 tracks a literal's allocation site, and when one of
 * its garbage collections finds most of the rows the site made since the previous one still alive (a
 * chunk of a firing waiting to be sent on when two collections fall within it), it decides that site's
 * objects live long and allocates them in the old generation from then on, for good. Then every output
 * row was garbage only a full collection frees: the old generation grew to 3–4× the live heap, and
 * whether a run's RSS was 50–70 MB larger depended on that decision (bench/HISTORY.md, "Peak RSS flat in
 * run length"). A copy made by `slice` is always young. The template keeps what the literal's site gave:
 * unboxed doubles for the columns the first row has numbers in, until a column holds something else
 * (NULL): from then on that column is a generic value in the template too.
 */
export function rowPicker(columns: readonly number[]): (whole: unknown[]) => Row {
  const n = columns.length;
  let template: unknown[] | null = null;
  let numeric: boolean[] = [];
  const makeTemplate = (): unknown[] =>
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- a literal: its elements kind is the template's
    new Function(`return [${numeric.map((isNum) => (isNum ? '0.5' : 'null')).join(', ')}];`)() as unknown[];
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- code generation is the point here
  const fill = new Function(
    't',
    'w',
    'numeric',
    'miss',
    `const r = t.slice();\n${columns
      .map((c, i) => `const v${i} = w[${c}] ?? null; if (numeric[${i}] && typeof v${i} !== 'number') miss(${i}); r[${i}] = v${i};`)
      .join('\n')}\nreturn r;`,
  ) as (t: unknown[], w: unknown[], numeric: boolean[], miss: (i: number) => void) => Row;
  const miss = (i: number): void => {
    numeric = numeric.slice();
    numeric[i] = false;
    template = makeTemplate();
  };
  return (w) => {
    if (template === null) {
      numeric = columns.map((c) => typeof w[c] === 'number');
      template = makeTemplate();
    }
    return fill(template, w, numeric, miss);
  };
}
