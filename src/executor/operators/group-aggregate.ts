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
import { Operator, type Batch, type Row, type StateEntry } from '../operator.js';

export class GroupAggregateOperator extends Operator {
  private readonly groups = new Map<unknown, Group>();
  private tracking = false;
  private epoch = 0;
  private dirty: Group[] = [];
  private deleted: string[] = [];

  constructor(
    private readonly agg: Aggregation,
    private readonly having: ((row: Row) => boolean) | null,
  ) {
    super();
  }

  override enableCheckpoints(): void {
    this.tracking = true;
  }

  onData(batch: Batch): void {
    const { rows, ops } = batch;
    const agg = this.agg;
    const outRows: Row[] = [];
    const outOps: RowOp[] = [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const op = ops === null ? '+I' : ops[i]!;
      const insert = op === '+I' || op === '+U';
      const key = agg.keyOf(row);
      let g = this.groups.get(key);
      if (g === undefined) {
        if (!insert) continue; // retraction of a row never seen (e.g. filtered upstream): nothing to undo
        g = agg.newGroup(row);
        this.groups.set(key, g);
      }
      const before = g.n > 0 ? this.output(g) : null;
      if (insert) agg.add(g, row);
      else agg.retract(g, row);
      const after = g.n > 0 ? this.output(g) : null;
      if (g.n <= 0) {
        this.groups.delete(key);
        if (this.tracking && g.saved) this.deleted.push(groupKey(key));
      } else if (this.tracking && g.epoch !== this.epoch) {
        g.epoch = this.epoch;
        this.dirty.push(g);
      }
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

  override checkpoint(): StateEntry[] {
    const out: StateEntry[] = this.deleted.map((k) => [k, null] as const);
    for (const g of this.dirty) {
      const key = this.agg.keyFromValues(g.key);
      if (this.groups.get(key) !== g) continue;
      out.push([groupKey(key), this.agg.save(g)]);
      g.saved = true;
    }
    this.dirty = [];
    this.deleted = [];
    this.epoch++;
    return out;
  }

  override restore(entries: Iterable<StateEntry>): void {
    const loaded: Group[] = [];
    for (const [, v] of entries) if (v !== null) loaded.push(this.agg.load(v));
    loaded.sort((a, b) => a.ord - b.ord);
    for (const g of loaded) this.groups.set(this.agg.keyFromValues(g.key), g);
  }

}

function groupKey(key: unknown): string {
  return typeof key === 'number' ? `n${key}` : key === null ? 'N' : `s${String(key)}`;
}

function sameRow(a: Row, b: Row): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
