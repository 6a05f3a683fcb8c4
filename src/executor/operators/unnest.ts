/**
 * UNNEST joined to its input (logical-plan.ts UnnestNode): each input row becomes one row per element of
 * its ARRAY (per entry of its MAP), the input's columns followed by the element (or key and value) and,
 * WITH ORDINALITY, its 1-based position. Stateless.
 *
 *   [1, ['a', 'b']]   →   [1, ['a', 'b'], 'a', 1]
 *                         [1, ['a', 'b'], 'b', 2]
 *
 * Every output row carries its input row's op and watermark, so over a changelog a -U/-D input row
 * retracts exactly the rows its +I/+U made (the expansion is deterministic). A NULL or empty collection
 * gives no row, or with `outer` (LEFT JOIN UNNEST ... ON TRUE) one row with NULLs for the added columns.
 */
import type { RowOp } from '../api.js';
import { Operator, type Batch, type Row } from '../operator.js';

export class UnnestOperator extends Operator {
  /** Columns added per row: the element (1) or key and value (2), plus the ordinality. */
  private readonly added: number;

  constructor(
    private readonly collection: (row: Row) => unknown,
    private readonly isMap: boolean,
    private readonly ordinality: boolean,
    private readonly outer: boolean,
  ) {
    super();
    this.added = (isMap ? 2 : 1) + (ordinality ? 1 : 0);
  }

  onData(_input: number, batch: Batch): void {
    const rows: Row[] = [];
    const ops: RowOp[] | null = batch.ops ? [] : null;
    const wms: number[] | null = batch.wms ? [] : null;
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!;
      const before = rows.length;
      const c = this.collection(row);
      if (c !== null && c !== undefined) {
        if (this.isMap) {
          let n = 0;
          for (const [k, v] of c as Map<unknown, unknown>) rows.push(this.ordinality ? [...row, k, v, ++n] : [...row, k, v]);
        } else {
          const a = c as readonly unknown[];
          for (let j = 0; j < a.length; j++) rows.push(this.ordinality ? [...row, a[j] ?? null, j + 1] : [...row, a[j] ?? null]);
        }
      }
      if (rows.length === before && this.outer) {
        const padded = [...row];
        for (let j = 0; j < this.added; j++) padded.push(null);
        rows.push(padded);
      }
      for (let j = before; j < rows.length; j++) {
        if (ops) ops.push(batch.ops![i]!);
        if (wms) wms.push(batch.wms![i]!);
      }
    }
    if (rows.length) this.out.data({ rows, ops, wms });
  }
}
