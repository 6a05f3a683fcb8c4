/**
 * UNNEST joined to its input (logical-plan.ts UnnestNode): each input row becomes one row per element of
 * its ARRAY (per entry of its MAP), the input's columns followed by the element (or key and value; or, for
 * an ARRAY of ROWs, the element's fields, all NULL for a NULL element, as Flink expands them) and, WITH
 * ORDINALITY, its 1-based position. Stateless.
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
  /** Columns added per row: the element (1), key and value (2) or a ROW element's fields, plus the ordinality. */
  private readonly added: number;

  /** `rowFields`: the number of fields of an ARRAY's ROW elements, expanded into columns; 0 for other elements. */
  constructor(
    private readonly collection: (row: Row) => unknown,
    private readonly isMap: boolean,
    private readonly ordinality: boolean,
    private readonly outer: boolean,
    private readonly rowFields = 0,
  ) {
    super();
    this.added = (isMap ? 2 : rowFields > 0 ? rowFields : 1) + (ordinality ? 1 : 0);
  }

  /** The input row followed by a ROW element's fields (NULLs for a NULL element) and the ordinality. */
  private expanded(row: Row, e: unknown, ord: number): Row {
    const out = [...row];
    const n = this.rowFields;
    if (e === null || e === undefined) for (let k = 0; k < n; k++) out.push(null);
    else for (let k = 0; k < n; k++) out.push((e as readonly unknown[])[k] ?? null);
    if (this.ordinality) out.push(ord);
    return out;
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
        } else if (this.rowFields > 0) {
          const a = c as readonly unknown[];
          for (let j = 0; j < a.length; j++) rows.push(this.expanded(row, a[j], j + 1));
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
