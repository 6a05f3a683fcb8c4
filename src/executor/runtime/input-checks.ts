/**
 * The input checks of planner/row-checks.ts at run time: an operator's input that has a check takes
 * the rows the check rejects out of each batch (with their change kinds and arrival watermarks) and
 * reports them; the operator sees the rest. Inputs without a check are wired as they are.
 */
import type { RowCheck } from '../../planner/row-checks.js';
import type { Batch, Emitter, Operator, Row } from '../operator.js';

/** A rejected input row and why. */
export type OnRejectedRow = (row: Row, reason: string) => void;

/** The emitter feeding input `k` of `op`, through `check` when it has one. */
export function checkedInput(op: Operator, k: number, check: RowCheck | null | undefined, onRejected: OnRejectedRow): Emitter {
  const data =
    check === null || check === undefined
      ? (b: Batch) => op.onData(k, b)
      : (b: Batch) => {
          const kept = passing(b, check, onRejected);
          if (kept.rows.length > 0) op.onData(k, kept);
        };
  return { data, watermark: (wm) => op.onWatermark(k, wm), idle: (idle) => op.onIdle(k, idle) };
}

/** The batch without the rows `check` rejects (the same batch when it rejects none). */
export function passing(b: Batch, check: RowCheck, onRejected: OnRejectedRow): Batch {
  const rows = b.rows;
  let first = -1;
  let reason: string | null = null;
  for (let i = 0; i < rows.length; i++) {
    reason = check(rows[i]!);
    if (reason !== null) {
      first = i;
      break;
    }
  }
  if (first < 0) return b;
  const wms = b.wms;
  const keptRows: Row[] = rows.slice(0, first);
  const keptOps = b.ops === null ? null : b.ops.slice(0, first);
  const keptWms = wms === null ? null : wms.slice(0, first);
  onRejected(rows[first]!, reason!);
  for (let i = first + 1; i < rows.length; i++) {
    const row = rows[i]!;
    const why = check(row);
    if (why !== null) {
      onRejected(row, why);
      continue;
    }
    keptRows.push(row);
    keptOps?.push(b.ops![i]!);
    keptWms?.push(wms![i]!);
  }
  return { rows: keptRows, ops: keptOps, wms: keptWms };
}
