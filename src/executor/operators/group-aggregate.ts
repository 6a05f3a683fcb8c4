/**
 * Non-windowed GROUP BY: a changelog. State: group key → accumulators, kept for as long as the key
 * lives (unbounded for an unbounded key space; EXPLAIN says so).
 * Emits per input row (Flink RowKind): +I for a new group, -U old / +U new on change (nothing when the
 * result did not change), -D when the group's last row is retracted. HAVING is applied here, on both
 * sides of a change, so the stream stays consistent: a group that starts passing is +I, one that stops
 * passing is -D.
 * Output row: [...keys, ...aggs].
 */
import type { RowOp } from '../api.js';
import { Aggregation, type Group } from '../aggregates/groups.js';
import { Operator, type Batch, type Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';

/** Non-windowed state has one namespace. */
const NS = 0;

export class GroupAggregateOperator extends Operator {
  /** group key → accumulators (creation order kept across restores: it fixes emission order). */
  private readonly table: KeyedStateTable<unknown, Group>;

  constructor(
    private readonly agg: Aggregation,
    private readonly having: ((row: Row) => boolean) | null,
  ) {
    super();
    this.table = this.declare(
      new KeyedStateTable<unknown, Group>('groups', { codec: agg.codec, keyText: agg.keyText, keyOf: (g) => agg.keyFromValues(g.key), order: (g) => g.ord }),
    );
  }

  onData(_input: number, batch: Batch): void {
    const { rows, ops } = batch;
    const agg = this.agg;
    const outRows: Row[] = [];
    const outOps: RowOp[] = [];
    const table = this.table;
    const groups = table.open(NS);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const op = ops === null ? '+I' : ops[i]!;
      const insert = op === '+I' || op === '+U';
      const key = agg.keyOf(row);
      let g = groups.get(key);
      if (g === undefined) {
        if (!insert) continue; // retraction of a row never seen (e.g. filtered upstream): nothing to undo
        g = agg.newGroup(row);
        table.put(NS, key, g, groups);
      }
      const before = g.n > 0 ? this.output(g) : null;
      if (insert) agg.add(g, row);
      else agg.retract(g, row);
      const after = g.n > 0 ? this.output(g) : null;
      if (g.n <= 0) table.delete(NS, key);
      else table.touch(NS, key);
      const was = before !== null && (this.having === null || this.having(before));
      const is = after !== null && (this.having === null || this.having(after));
      if (was && is) {
        if (sameRow(before!, after!)) continue;
        outRows.push(before!, after!);
        outOps.push('-U', '+U');
      } else if (was) {
        outRows.push(before!);
        outOps.push('-D');
      } else if (is) {
        outRows.push(after!);
        outOps.push('+I');
      }
    }
    if (outRows.length > 0) this.out.data({ rows: outRows, ops: outOps, wms: null });
  }

  private output(g: Group): Row {
    const k = g.key.length;
    const row = new Array<unknown>(k + this.agg.width);
    for (let i = 0; i < k; i++) row[i] = g.key[i];
    this.agg.results(g, row, k);
    return row;
  }

}

function sameRow(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
