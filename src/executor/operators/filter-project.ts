/**
 * Stateless row operators: Filter (WHERE, HAVING over append input), Project (select list), and the
 * two fused (the planner fuses a filter directly under a project so a row is touched once). The work is
 * one generated function per operator over the whole batch (planner/compile-batch.ts).
 * Changelog rows pass through with their op; a filter over a changelog judges each change on its own.
 * Arrival watermarks pass through in the form they came in (per row, or runs: operator.ts `RunsBatch`).
 */
import type { BoundExpr } from '../../parser/bound-expr.js';
import type { FilterProjectBatch } from '../../planner/compile-batch.js';
import type { RowOp } from '../api.js';
import { Operator, RunsBatch, type Batch } from '../operator.js';

export class FilterProjectOperator extends Operator {
  constructor(private readonly run: FilterProjectBatch) {
    super();
  }

  onData(_input: number, batch: Batch): void {
    // Straight from a source whose arrival watermarks are not made yet: one loop makes them and
    // filters/projects (compile-batch.ts FusedFilterProject), so the rows are gone over once.
    const pending = batch instanceof RunsBatch ? batch.pendingArrival : null;
    if (pending !== null && this.run.fused !== undefined) {
      const r = this.run.fused(pending.expr as BoundExpr)(batch.rows, batch.ops, pending.split, pending.wm);
      (batch as RunsBatch).settle(r.inRuns, r.wm);
      if (r.out !== null) this.out.data(new RunsBatch(r.out.rows, r.out.ops as RowOp[] | null, r.out.runs));
      return;
    }
    // Arrival watermarks as runs stay runs (the per-row array is never made here).
    const runs = batch.runs;
    const out = runs != null ? this.run(batch.rows, batch.ops, null, runs) : this.run(batch.rows, batch.ops, batch.wms, null);
    if (out === null) return;
    if (out.runs !== null) this.out.data(new RunsBatch(out.rows, out.ops as RowOp[] | null, out.runs));
    else this.out.data(out as Batch & { ops: RowOp[] | null });
  }
}
