/**
 * What TUMBLE, HOP and CUMULATE aggregation share: the keyed window state, the output row layout
 * [...keys, window_start, window_end, window_time, ...aggs], and emission. Rows produced while a batch
 * is processed (fired windows, EMIT CHANGES updates) wait in `pending` and leave as one batch, each with
 * the watermark it was produced under.
 */
import type { RowOp } from '../api.js';
import type { Aggregation, Group } from '../aggregates/groups.js';
import { Operator, type Batch, type OperatorContext, type Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';

/** Buckets: window start (TUMBLE) or pane start (HOP, CUMULATE) → group key → accumulators. */
export type Buckets = KeyedStateTable<unknown, Group>;

export abstract class WindowAggregateBase extends Operator {
  protected ctx!: OperatorContext;
  protected readonly buckets: Buckets;
  private pendingRows: Row[] = [];
  private pendingOps: RowOp[] = [];
  private pendingWms: number[] = [];

  constructor(
    protected readonly agg: Aggregation,
    protected readonly timeCol: number,
    protected readonly size: number,
    protected readonly emitChanges: boolean,
    bucketTable: string,
  ) {
    super();
    // Restored in group creation order, so windows emit their rows in the order the crashed run would have.
    this.buckets = this.declare(
      new KeyedStateTable<unknown, Group>(bucketTable, { codec: agg.codec, keyText: agg.keyText, keyOf: (g) => agg.keyFromValues(g.key), order: (g) => g.ord }),
    );
  }

  override open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }

  /** Fires what watermark `wm` closes (rows into `pending`). */
  protected abstract advance(wm: number): void;

  protected override advanceWatermark(wm: number): void {
    if (wm > this.wm) this.advance(wm);
    this.flush();
    this.out.watermark(wm);
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

  /** The output row of group `g` in window [start, end) (end defaults to start + size). */
  protected output(g: Group, start: number, end: number = start + this.size): Row {
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
