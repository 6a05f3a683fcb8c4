/**
 * The watermarks of a window over processing time (a PROCTIME() column, docs/time.md "Windows over
 * processing time"): the window operators above it are the event-time ones, and this operator gives them
 * processing time as their watermark instead of the source's.
 *
 *   rows      a row stamped t (its PROCTIME() value) moves the watermark to t − 1: every later arrival is
 *             stamped t or later (stamps never go back), so no row is ever late, and rows of one batch,
 *             which share a stamp, all land before the window they fall in can fire
 *   clock     while the engine runs on its clock (`processingTime: 'clock'`, the default), a tick every
 *             TICK_MS moves the watermark to the clock's time − 1, so a window over [s, e) fires once the
 *             clock reaches e, with or without more rows (Flink's processing-time timer at e − 1)
 *   arrival   `tumbleql replay` (`processingTime: 'arrival'`): no ticks; the n-th arrival's stamp n moves
 *             the watermark, so a replay fires every window at the same row each time
 *   end       the end of a bounded input (+∞) passes through, and fires whatever is left
 *
 * The source's own watermarks and idleness are not processing time and stop here. State: the watermark
 * only (saved with the operator), so a restart goes on from it.
 */
import { Operator, type Batch, type OperatorContext } from '../operator.js';

/** How often a running engine moves a processing-time watermark to its clock. */
export const TICK_MS = 100;

export class ProcTimeClockOperator extends Operator {
  private stopTicks: (() => void) | null = null;

  constructor(private readonly timeCol: number) {
    super();
  }

  override open(ctx: OperatorContext): void {
    const clock = ctx.processingClock;
    if (clock) this.stopTicks = clock.every(TICK_MS, () => this.advance(clock.latest() - 1));
  }

  onData(_input: number, batch: Batch): void {
    const rows = batch.rows;
    const n = rows.length;
    const wms = new Array<number>(n);
    let wm = this.wm;
    for (let i = 0; i < n; i++) {
      wms[i] = wm;
      const t = rows[i]![this.timeCol];
      if (typeof t === 'number' && t - 1 > wm) wm = t - 1;
    }
    this.out.data({ rows, ops: batch.ops, wms });
    this.advance(wm);
  }

  override onWatermark(_input: number, wm: number): void {
    if (wm === Infinity) this.advance(wm);
  }

  override onIdle(): void {}

  private advance(wm: number): void {
    if (wm <= this.wm) return;
    this.wm = wm;
    this.out.watermark(wm);
  }

  override close(): void {
    this.stopTicks?.();
    this.stopTicks = null;
  }
}
