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
import type { Aggregation } from '../aggregates/groups.js';
import type { GroupStore } from '../aggregates/group-store.js';
import { GroupTable } from '../aggregates/group-table.js';
import { Operator, sameRow, type Batch, type OperatorContext, type Row } from '../operator.js';
import { StateTtl } from '../state/state-ttl.js';

/** Non-windowed state has one namespace. */
const NS = 0;

export class GroupAggregateOperator extends Operator {
  /** group key → accumulators (creation order kept across restores: it fixes emission order). */
  private readonly table: GroupTable;

  private ttl: StateTtl | null = null;

  constructor(
    private readonly agg: Aggregation,
    private readonly having: ((row: Row) => boolean) | null,
    private readonly ttlMs: number | null = null,
  ) {
    super();
    this.table = this.declare(new GroupTable('groups', agg));
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
    const store = groups.store;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const op = ops === null ? '+I' : ops[i]!;
      const insert = op === '+I' || op === '+U';
      const key = agg.keyOf(row);
      let g = groups.find(key);
      if (g >= 0 && ttl !== null && ttl.expired(store.time(g), now)) {
        groups.delete(key);
        g = -1;
      }
      if (g < 0) {
        if (!insert) continue; // retraction of a row never seen (e.g. filtered upstream): nothing to undo
        g = groups.create(key, row);
      }
      const before = store.n(g) > 0 ? this.output(store, g) : null;
      if (insert) store.add(g, row);
      else store.retract(g, row);
      const after = store.n(g) > 0 ? this.output(store, g) : null;
      if (store.n(g) <= 0) groups.delete(key);
      else {
        if (ttl !== null) store.setTime(g, now);
        groups.touch(key);
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
    const store = space.store;
    for (const [k, g] of space.entries()) {
      const t = store.time(g);
      if (t === undefined) store.setTime(g, now); // written before the TTL was set: its clock starts now
      else if (ttl.expired(t, now)) space.delete(k);
    }
  }

  private output(store: GroupStore, g: number): Row {
    const row = new Array<unknown>(store.keyWidth + this.agg.width);
    store.output(g, row, store.keyWidth);
    return row;
  }

}
