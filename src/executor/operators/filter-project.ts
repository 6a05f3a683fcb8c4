/**
 * Stateless row operators: Filter (WHERE, HAVING over append input), Project (select list), and the
 * two fused (the planner fuses a filter directly under a project so a row is touched once). The work is
 * one generated function per operator over the whole batch (planner/compile-batch.ts).
 * Changelog rows pass through with their op; a filter over a changelog judges each change on its own.
 */
import type { FilterProjectBatch } from '../../planner/compile-batch.js';
import type { RowOp } from '../api.js';
import { Operator, type Batch } from '../operator.js';

export class FilterProjectOperator extends Operator {
  constructor(private readonly run: FilterProjectBatch) {
    super();
  }

  onData(_input: number, batch: Batch): void {
    const out = this.run(batch.rows, batch.ops, batch.wms);
    if (out !== null) this.out.data(out as Batch & { ops: RowOp[] | null });
  }
}
