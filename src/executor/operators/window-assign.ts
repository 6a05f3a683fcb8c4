/**
 * Window TVF without aggregation: appends window_start, window_end, window_time to every row
 * (HOP: one output row per window the row falls in). Stateless; late rows are not dropped here,
 * as in Flink (lateness only matters where a window is aggregated and fired).
 */
import type { RowOp } from '../api.js';
import type { WindowSpec } from '../../parser/logical-plan.js';
import { Operator, windowStart, type Batch, type Row } from '../operator.js';

export class WindowAssignOperator extends Operator {
  constructor(private readonly window: WindowSpec) {
    super();
  }

  onData(_input: number, batch: Batch): void {
    const w = this.window;
    const rows: Row[] = [];
    const ops: RowOp[] | null = batch.ops ? [] : null;
    const wms: number[] | null = batch.wms ? [] : null;
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!;
      const ts = row[w.timeCol] as number | null;
      if (ts === null) continue;
      const slide = w.kind === 'hop' ? w.slideMs : w.sizeMs;
      const last = windowStart(ts, slide, w.offsetMs);
      let first = last;
      while (first - slide > ts - w.sizeMs) first -= slide;
      // Windows in ascending order of start, as Flink's window TVFs emit them.
      for (let s = first; s <= last; s += slide) {
        rows.push([...row, s, s + w.sizeMs, s + w.sizeMs - 1]);
        if (ops) ops.push(batch.ops![i]!);
        if (wms) wms.push(batch.wms![i]!);
      }
    }
    if (rows.length) this.out.data({ rows, ops, wms });
  }

}
