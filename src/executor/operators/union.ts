/**
 * UNION ALL: forwards every input's rows unchanged (changes kinds too), in arrival order. Stateless.
 * The output watermark is the minimum over the inputs (the WatermarkHolder), and each forwarded row
 * carries that combined watermark as of its arrival, never its own input's alone: a window after the
 * union must not close on one fast input while a slow one still has rows for it.
 *
 *   input 0: ──a(wm 9)──────          out: a(wm 4), b(wm 4), then watermark 4
 *   input 1: ──b(wm 4)──────
 */
import { Operator, type Batch } from '../operator.js';

export class UnionOperator extends Operator {
  onData(input: number, batch: Batch): void {
    const { rows, ops, wms } = batch;
    if (rows.length === 0) return;
    this.holder.active(input);
    const out = new Array<number>(rows.length);
    const own = this.holder.inputWatermark(input);
    for (let i = 0; i < rows.length; i++) out[i] = this.holder.effective(input, wms === null ? own : wms[i]!);
    this.out.data({ rows, ops, wms: out });
  }
}
