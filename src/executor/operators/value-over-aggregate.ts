/**
 * OVER aggregation ordered by a value column instead of the time attribute (Flink 2's non-time OVER,
 * NonTime{Range,Rows}UnboundedPrecedingFunction): `SUM(val) OVER (PARTITION BY k ORDER BY val RANGE|ROWS
 * BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)`. Rows are not held back by the watermark: each input row
 * comes out at once with its results, and the rows of its partition ordered after it, whose frames now
 * hold it, are revised (-U old, +U new). The output is a changelog.
 *
 *   key1: val 1 → 1, val 2 → 3, val 5 → 8     then val 4 arrives: +I (4, 7), -U (5, 8) +U (5, 12)
 *
 * A RANGE frame holds the rows ordered at or before the row (its peers, equal values, included); as
 * Flink's, an insert revises only the rows ordered strictly after it (earlier peers keep their result). A
 * ROWS frame holds the rows before it in order, peers in arrival order. A retraction (-U/-D of a changelog
 * input) takes the equal row out, emits it with its last results (same op), and revises the rows after it.
 * Rows whose results do not change are not re-emitted.
 *
 * State, per partition key: every row, in ORDER BY order (ties in arrival order), with the results it was
 * last emitted with. A change recomputes the partition's running aggregates from its first row, so it
 * costs O(rows in the partition), as the revisions it may emit do.
 */
import type { RowOp } from '../api.js';
import type { AggCall } from '../../parser/logical-plan.js';
import type { SortKey } from '../../parser/plan-rank-over.js';
import type { OverAggregateSpec } from '../../planner/compile-rank-over.js';
import { Aggregation } from '../aggregates/groups.js';
import { Operator, sameRow, type Batch, type Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { anyCodec, encodeKeyPart, type Codec } from '../state/value-codec.js';
import { rowComparator, type RowCompare } from './rank-order.js';

interface Partition {
  readonly k: string;
  readonly ord: number;
  /** The partition's rows in ORDER BY order, ties in arrival order. */
  readonly rows: Row[];
  /** The results each row was last emitted with (parallel to `rows`). */
  readonly outs: unknown[][];
}

export class ValueOverAggregateOperator extends Operator {
  private readonly agg: Aggregation;
  private readonly parts: KeyedStateTable<string, Partition>;
  private readonly cmp: RowCompare;
  private readonly range: boolean;
  private nextOrd = 0;
  private outRows: Row[] = [];
  private outOps: RowOp[] = [];

  constructor(
    private readonly spec: OverAggregateSpec,
    order: SortKey,
  ) {
    super();
    const aggs: AggCall[] = spec.calls.map((c) => {
      if (c.kind !== 'agg') throw new Error('invariant: the binder allows only aggregates in an OVER ordered by a value');
      return c.agg;
    });
    this.agg = new Aggregation([], aggs, false);
    this.cmp = rowComparator([order]);
    this.range = spec.frame.unit === 'range';
    const codec: Codec<Partition> = {
      encode: (p) => anyCodec.encode([p.k, p.ord, p.rows, p.outs]),
      decode: (text) => {
        const [k, ord, rows, outs] = anyCodec.decode(text) as [string, number, Row[], unknown[][]];
        if (ord >= this.nextOrd) this.nextOrd = ord + 1;
        return { k, ord, rows, outs };
      },
    };
    this.parts = this.declare(new KeyedStateTable<string, Partition>('partitions', { codec, keyText: (k) => k, keyOf: (p) => p.k, order: (p) => p.ord }));
  }

  onData(_input: number, batch: Batch): void {
    const { rows, ops } = batch;
    const keyFns = this.spec.partition;
    for (let i = 0, n = rows.length; i < n; i++) {
      const row = rows[i]!;
      const op = ops === null ? '+I' : ops[i]!;
      let k = '';
      for (let j = 0; j < keyFns.length; j++) k += encodeKeyPart(keyFns[j]!(row));
      if (op === '+I' || op === '+U') this.insert(k, row, op);
      else this.retract(k, row, op);
    }
    if (this.outRows.length > 0) {
      this.out.data({ rows: this.outRows, ops: this.outOps, wms: null });
      this.outRows = [];
      this.outOps = [];
    }
  }

  private insert(k: string, row: Row, op: RowOp): void {
    let p = this.parts.get(0, k);
    if (p === undefined) {
      p = { k, ord: this.nextOrd++, rows: [], outs: [] };
      this.parts.put(0, k, p);
    } else this.parts.touch(0, k);
    // After every row ordered at or before it (ties keep arrival order).
    let at = p.rows.length;
    while (at > 0 && this.cmp(p.rows[at - 1]!, row) > 0) at--;
    p.rows.splice(at, 0, row);
    p.outs.splice(at, 0, []);
    // Its RANGE frame ends after its last peer (itself: it went in after them); revised: the rows after.
    this.recompute(p, at, at + 1, op);
  }

  private retract(k: string, row: Row, op: RowOp): void {
    const p = this.parts.get(0, k);
    if (p === undefined) return; // a retraction of a row never seen (e.g. filtered upstream)
    const at = p.rows.findIndex((r) => sameRow(r, row));
    if (at < 0) return;
    const [gone] = p.rows.splice(at, 1);
    const [out] = p.outs.splice(at, 1);
    this.emit(gone!, out!, op);
    if (p.rows.length === 0) {
      this.parts.delete(0, k);
      return;
    }
    this.parts.touch(0, k);
    // RANGE: as for an insert, the peers of the retracted row keep their results; ROWS: every row after.
    let from = at;
    if (this.range) while (from < p.rows.length && this.cmp(p.rows[from]!, gone!) === 0) from++;
    this.recompute(p, -1, from, op);
  }

  /**
   * Runs the aggregates over the partition in order: the row at `fresh` (−1: none) is emitted with its
   * results, and the rows from `from` on are revised where their results changed.
   */
  private recompute(p: Partition, fresh: number, from: number, op: RowOp): void {
    const { agg, cmp } = this;
    const g = agg.newGroup([]);
    const results = new Array<unknown>(agg.width);
    const { rows, outs } = p;
    for (let i = 0; i < rows.length; ) {
      // A RANGE frame takes a row's peers as one step; a ROWS frame one row at a time.
      let end = i + 1;
      if (this.range) while (end < rows.length && cmp(rows[end]!, rows[i]!) === 0) end++;
      for (let j = i; j < end; j++) agg.add(g, rows[j]!);
      if (end > Math.min(fresh < 0 ? Infinity : fresh, from)) {
        agg.results(g, results, 0);
        for (let j = i; j < end; j++) {
          if (j === fresh) {
            outs[j] = results.slice();
            this.emit(rows[j]!, outs[j]!, op === '+U' ? '+U' : '+I');
          } else if (j >= from && !sameRow(outs[j]!, results)) {
            this.emit(rows[j]!, outs[j]!, '-U');
            outs[j] = results.slice();
            this.emit(rows[j]!, outs[j]!, '+U');
          }
        }
      }
      i = end;
    }
  }

  private emit(row: Row, results: readonly unknown[], op: RowOp): void {
    this.outRows.push([...row, ...results]);
    this.outOps.push(op);
  }
}
