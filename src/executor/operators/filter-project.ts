/**
 * Stateless row operators: Filter (WHERE, HAVING over append input), Project (select list), and the
 * two fused (the planner fuses a filter directly under a project so a row is touched once).
 * Changelog rows pass through with their op; a filter over a changelog judges each change on its own.
 */
import type { RowOp } from '../api.js';
import { Operator, type Batch, type Row } from '../operator.js';

export class FilterProjectOperator extends Operator {
  constructor(
    private readonly predicate: ((row: Row) => boolean) | null,
    private readonly projections: ((row: Row) => unknown)[] | null,
  ) {
    super();
  }

  onData(_input: number, batch: Batch): void {
    const { rows, ops, wms } = batch;
    const pred = this.predicate;
    const proj = this.projections;
    const n = rows.length;
    const outRows: Row[] = [];
    const outOps: RowOp[] | null = ops ? [] : null;
    const outWms: number[] | null = wms ? [] : null;
    for (let i = 0; i < n; i++) {
      const row = rows[i]!;
      if (pred !== null && !pred(row)) continue;
      if (proj !== null) {
        const m = proj.length;
        const o = new Array<unknown>(m);
        for (let j = 0; j < m; j++) o[j] = proj[j]!(row);
        outRows.push(o);
      } else outRows.push(row);
      if (outOps) outOps.push(ops![i]!);
      if (outWms) outWms.push(wms![i]!);
    }
    if (outRows.length > 0) this.out.data({ rows: outRows, ops: outOps, wms: outWms });
  }

}
