/**
 * What TUMBLE, HOP and CUMULATE aggregation share: the keyed window state, the output row layout
 * [...keys, window_start, window_end, window_time, ...aggs], and emission. Rows produced while a batch
 * is processed (fired windows, EMIT CHANGES updates) wait in `pending` and leave as one batch, each with
 * the watermark it was produced under.
 *
 * Firing in slices (when the engine has a pacer, runtime/pacer.ts): a subclass writes its firing as a
 * generator that yields whenever `chunkFull`; `fire` runs it to the end at once without a pacer, else
 * runs its first chunk and leaves the rest to the pacer, one chunk per unit. Until it is done the
 * operator is frozen: whatever reaches it (the rest of the batch that moved the watermark, later
 * batches, watermarks, idle changes) waits in `inbox`, in order, and runs when the firing is done — so
 * the firing reads state nothing else changes, and every row comes out as and when synchronous
 * processing would have produced it.
 */
import type { RowOp } from '../api.js';
import type { Aggregation, Group } from '../aggregates/groups.js';
import type { GroupStore } from '../aggregates/group-store.js';
import { GroupTable } from '../aggregates/group-table.js';
import { Operator, type Batch, type OperatorContext, type Row } from '../operator.js';
import type { Drainable, Pacer } from '../runtime/pacer.js';

export abstract class WindowAggregateBase extends Operator implements Drainable {
  protected ctx!: OperatorContext;
  /** Window start (TUMBLE) or pane start (HOP, CUMULATE) → group key → accumulators. */
  protected readonly buckets: GroupTable;
  private pendingRows: Row[] = [];
  private pendingOps: RowOp[] = [];
  private pendingWms: number[] = [];
  private pacer: Pacer | null = null;
  /** Rows per chunk of a sliced firing (no limit without a pacer). */
  private chunkRows = Infinity;
  /** The firing in progress (sliced): the operator is frozen until it is done. */
  private firing: Iterator<void> | null = null;
  /** What reached the operator while frozen, in order; `insertAt` ≥ 0 while one of them runs. */
  private readonly inbox: (() => void)[] = [];
  private insertAt = -1;
  /** In the pacer's ready queue (once: a firing started while draining the inbox keeps its place). */
  private queued = false;

  constructor(
    protected readonly agg: Aggregation,
    protected readonly timeCol: number,
    protected readonly size: number,
    protected readonly emitChanges: boolean,
    bucketTable: string,
  ) {
    super();
    // Restored in group creation order, so windows emit their rows in the order the crashed run would have.
    this.buckets = this.declare(new GroupTable(bucketTable, agg));
  }

  override open(ctx: OperatorContext): void {
    this.ctx = ctx;
    if (ctx.pacer) {
      this.pacer = ctx.pacer;
      this.chunkRows = ctx.pacer.chunkRows;
    }
  }

  /** Fires what watermark `wm` closes (rows into `pending`, through `fire` when it may be long). */
  protected abstract advance(wm: number): void;

  protected override advanceWatermark(wm: number): void {
    if (wm > this.wm) this.advance(wm);
    if (this.firing !== null) {
      this.stash(() => this.finishWatermark(wm));
      return;
    }
    this.finishWatermark(wm);
  }

  private finishWatermark(wm: number): void {
    this.flush();
    this.out.watermark(wm);
  }

  // ---- firing in slices ------------------------------------------------------------------------

  /** Units of work (rows, merges) per chunk of a sliced firing. */
  protected get chunkLimit(): number {
    return this.chunkRows;
  }

  /** A firing yields when this is true (a chunk of rows is pending). */
  protected get chunkFull(): boolean {
    return this.pendingRows.length >= this.chunkRows;
  }

  /** Runs a firing: at once without a pacer, else its first chunk now and the rest in units. */
  protected fire(steps: Iterator<void>): void {
    if (this.pacer === null) {
      while (!steps.next().done);
      return;
    }
    if (steps.next().done) return;
    // Rows pending before the firing (EMIT CHANGES) and its first chunk leave now, in that order.
    this.flush();
    this.firing = steps;
    if (!this.queued) {
      this.queued = true;
      this.pacer.defer(this);
    }
  }

  /** Frozen: input waits in the inbox (subclasses' onData returns at once when this is true). */
  protected get frozen(): boolean {
    return this.firing !== null;
  }

  /** Keeps something that reached the operator while frozen, in order. */
  protected stash(run: () => void): void {
    if (this.insertAt >= 0) this.inbox.splice(this.insertAt++, 0, run);
    else this.inbox.push(run);
  }

  override onWatermark(input: number, wm: number): void {
    if (this.firing !== null) this.stash(() => super.onWatermark(input, wm));
    else super.onWatermark(input, wm);
  }

  override onIdle(input: number, idle: boolean): void {
    if (this.firing !== null) this.stash(() => super.onIdle(input, idle));
    else super.onIdle(input, idle);
  }

  /** One unit for the pacer: the firing's next chunk, or once it is done, what waited (until another firing). */
  drainStep(): boolean {
    const firing = this.firing;
    if (firing !== null) {
      if (firing.next().done) this.firing = null;
      this.flush();
      if (this.firing !== null) return true;
    }
    while (this.inbox.length > 0 && this.firing === null) {
      const run = this.inbox.shift()!;
      this.insertAt = 0;
      try {
        run();
      } finally {
        this.insertAt = -1;
      }
    }
    const more = this.firing !== null || this.inbox.length > 0;
    if (!more) this.queued = false;
    return more;
  }

  /** The rest of a batch, from row `from`, after the row that started a firing: it runs once the firing is done. */
  protected stashRest(input: number, batch: Batch, from: number): void {
    const rest: Batch = {
      rows: batch.rows.slice(from),
      ops: batch.ops === null ? null : batch.ops.slice(from),
      wms: batch.wms === null ? null : batch.wms.slice(from),
    };
    this.stash(() => this.onData(input, rest));
  }

  protected pend(row: Row, op: RowOp, wm: number): void {
    this.pendingRows.push(row);
    this.pendingOps.push(op);
    this.pendingWms.push(wm);
  }

  protected flush(): void {
    if (this.pendingRows.length === 0) return;
    const batch: Batch = { rows: this.pendingRows, ops: this.emitChanges ? this.pendingOps : null, wms: this.pendingWms };
    this.pendingRows = [];
    this.pendingOps = [];
    this.pendingWms = [];
    this.out.data(batch);
  }

  /** The output row of slot `s` of `store` in window [start, end) (end defaults to start + size). */
  protected output(store: GroupStore, s: number, start: number, end: number = start + this.size): Row {
    const k = store.keyWidth;
    const row = new Array<unknown>(k + 3 + this.agg.width);
    row[k] = start;
    row[k + 1] = end;
    row[k + 2] = end - 1;
    store.output(s, row, k + 3);
    return row;
  }

  /** The output row of a Group object (SESSION keeps its groups as objects) in window [start, end). */
  protected outputGroup(g: Group, start: number, end: number): Row {
    const k = g.key.length;
    const row = new Array<unknown>(k + 3 + this.agg.width);
    for (let i = 0; i < k; i++) row[i] = g.key[i];
    row[k] = start;
    row[k + 1] = end;
    row[k + 2] = end - 1;
    this.agg.results(g, row, k + 3);
    return row;
  }
}
