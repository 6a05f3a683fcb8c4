/**
 * Non-windowed GROUP BY: a changelog. State: group key → accumulators, kept for as long as the key
 * lives (unbounded for an unbounded key space; EXPLAIN says so).
 * Emits per input row (Flink RowKind): +I for a new group, -U old / +U new on change (nothing when the
 * result did not change), -D when the group's last row is retracted. HAVING is applied here, on both
 * sides of a change, so the stream stays consistent: a group that starts passing is +I, one that stops
 * passing is -D.
 * Output row: [...keys, ...aggs].
 *
 * state.ttl (optional, processing time): a group not written for the TTL is forgotten silently, as in
 * Flink's GroupAggFunction: a later row of its key starts a new group (+I), a retraction for it is
 * skipped. Each group's last write time is in its stored form.
 */
import type { RowOp } from '../api.js';
import { Aggregation, type Group } from '../aggregates/groups.js';
import { Operator, type Batch, type OperatorContext, type Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { StateTtl } from '../state/state-ttl.js';

/** Non-windowed state has one namespace. */
const NS = 0;

export class GroupAggregateOperator extends Operator {
  /** group key → accumulators (creation order kept across restores: it fixes emission order). */
  private readonly table: KeyedStateTable<unknown, Group>;

  private ttl: StateTtl | null = null;

  constructor(
    private readonly agg: Aggregation,
    private readonly having: ((row: Row) => boolean) | null,
    private readonly ttlMs: number | null = null,
  ) {
    super();
    this.table = this.declare(
      new KeyedStateTable<unknown, Group>('groups', { codec: agg.codec, keyText: agg.keyText, keyOf: (g) => agg.keyFromValues(g.key), order: (g) => g.ord }),
    );
  }

  override open(ctx: OperatorContext): void {
    if (this.ttlMs === null) return;
    if (ctx.now === undefined) throw new Error('invariant: a GROUP BY with state.ttl needs the engine clock');
    this.ttl = new StateTtl(this.ttlMs, ctx.now);
  }

  onData(_input: number, batch: Batch): void {
    const { rows, ops } = batch;
    const agg = this.agg;
    const outRows: Row[] = [];
    const outOps: RowOp[] = [];
    const table = this.table;
    const ttl = this.ttl;
    const now = ttl === null ? 0 : ttl.now();
    if (ttl !== null && ttl.sweepDue(now)) this.sweep(ttl, now);
    const groups = table.open(NS);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const op = ops === null ? '+I' : ops[i]!;
      const insert = op === '+I' || op === '+U';
      const key = agg.keyOf(row);
      let g = groups.get(key);
      if (g !== undefined && ttl !== null && ttl.expired(g.t, now)) {
        table.delete(NS, key);
        g = undefined;
      }
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
      else {
        if (ttl !== null) g.t = now;
        table.touch(NS, key);
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

  /** Drops every group not written within the TTL (nothing is emitted: expiry is silent). */
  private sweep(ttl: StateTtl, now: number): void {
    const space = this.table.space(NS);
    if (space === undefined) return;
    for (const [k, g] of space) {
      if (g.t === undefined) g.t = now; // written before the TTL was set: its clock starts now
      else if (ttl.expired(g.t, now)) this.table.delete(NS, k);
    }
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
