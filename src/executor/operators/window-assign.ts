/**
 * Window TVF without aggregation: appends window_start, window_end, window_time to every row
 * (HOP, CUMULATE: one output row per window the row falls in). Stateless; late rows are not dropped here,
 * as in Flink (lateness only matters where a window is aggregated and fired).
 */
import type { RowOp } from '../api.js';
import type { WindowSpec } from '../../parser/logical-plan.js';
import { assertNever } from '../../util/assert.js';
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
      const ranges = windowsOf(w, ts);
      for (let j = 0; j < ranges.length; j += 2) {
        const s = ranges[j]!;
        const e = ranges[j + 1]!;
        rows.push([...row, s, e, e - 1]);
        if (ops) ops.push(batch.ops![i]!);
        if (wms) wms.push(batch.wms![i]!);
      }
    }
    if (rows.length) this.out.data({ rows, ops, wms });
  }

}

/**
 * The windows holding `ts` as flat [start, end, start, end, ...], in the order Flink's window TVFs emit
 * them: ascending start (HOP), ascending end (CUMULATE, whose windows share their start).
 */
export function windowsOf(w: WindowSpec, ts: number): number[] {
  const out: number[] = [];
  switch (w.kind) {
    case 'tumble': {
      const s = windowStart(ts, w.sizeMs, w.offsetMs);
      out.push(s, s + w.sizeMs);
      break;
    }
    case 'hop': {
      const last = windowStart(ts, w.slideMs, w.offsetMs);
      let first = last;
      while (first - w.slideMs > ts - w.sizeMs) first -= w.slideMs;
      for (let s = first; s <= last; s += w.slideMs) out.push(s, s + w.sizeMs);
      break;
    }
    case 'cumulate': {
      const cycle = windowStart(ts, w.sizeMs, w.offsetMs);
      for (let e = windowStart(ts, w.stepMs, w.offsetMs) + w.stepMs; e <= cycle + w.sizeMs; e += w.stepMs) out.push(cycle, e);
      break;
    }
    case 'session':
      // The binder refuses a SESSION TVF that is not aggregated: its bounds are known only when it ends.
      throw new Error('invariant: SESSION windows are assigned by their aggregation');
    default:
      return assertNever(w);
  }
  return out;
}
