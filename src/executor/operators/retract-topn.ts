/**
 * Top-N over a changelog input (Flink's RetractableTopNFunction): per partition key, the rows ranked
 * `from`..`to` of the current input table, kept current as the input inserts (+I, +U) and retracts
 * (-U, -D) rows; the output is a changelog.
 *
 *   input  +I a(9) +I b(7) +I c(5)   top 2: [a, b]
 *          -U a(9) +U a(4)           top 2: [b, c]   → -D a(9), +I c(5)   (without rn)
 *
 * A retraction can bring back a row that had fallen past `to`, so state is every row of the input table
 * per partition key, sorted (unbounded; EXPLAIN says so). Ties go to the earlier arrival (keep-last
 * deduplication: the later); a retraction removes one stored row equal to it in every column (a
 * retraction of a row that is not there is ignored, as Flink does). Emission as topn.ts: with ROW_NUMBER
 * selected, per rank slot (-U old row, +U new row at that rank); with RANK/DENSE_RANK selected, per row
 * (-U old rank, +U new rank); without the rank, +I for rows entering the range and -D for rows leaving.
 * Output row: [...input row, (rn)].
 */
import type { RowOp } from '../api.js';
import type { RankSpec } from '../../planner/compile-rank-over.js';
import { Operator, type Batch, type Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { encodeKeyPart } from '../state/value-codec.js';
import { ordCodec } from './ord-codec.js';
import { rowComparator, type RowCompare } from './rank-order.js';
import { SortedChunks } from './sorted-chunks.js';

interface Ranked {
  readonly k: string;
  readonly rows: SortedChunks;
  readonly ord: number;
}

const NS = 0;

const sameRow = (a: Row, b: Row): boolean => a.length === b.length && a.every((x, i) => Object.is(x, b[i]) || x === b[i]);

export class RetractTopNOperator extends Operator {
  private readonly ranks: KeyedStateTable<string, Ranked>;
  private readonly cmp: RowCompare;
  private nextOrd = 0;

  constructor(private readonly spec: RankSpec) {
    super();
    this.cmp = rowComparator(spec.order);
    const codec = ordCodec<Ranked>(
      (r) => [r.k, r.rows.toArray(), r.ord],
      ([k, rows, ord]) => ({ k: k as string, rows: SortedChunks.from(rows as Row[], this.cmp), ord: ord as number }),
      (ord) => {
        if (ord >= this.nextOrd) this.nextOrd = ord + 1;
      },
    );
    this.ranks = this.declare(new KeyedStateTable<string, Ranked>('ranks', { codec, keyText: (k) => k, keyOf: (r) => r.k, order: (r) => r.ord }));
  }

  onData(_input: number, batch: Batch): void {
    const { spec, ranks } = this;
    const outRows: Row[] = [];
    const outOps: RowOp[] = [];
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!;
      const op = batch.ops === null ? '+I' : batch.ops[i]!;
      let k = '';
      for (const f of spec.partition) k += encodeKeyPart(f(row));
      let r = ranks.get(NS, k);
      const adds = op === '+I' || op === '+U';
      if (r === undefined) {
        if (!adds) continue;
        r = { k, rows: new SortedChunks(this.cmp), ord: this.nextOrd++ };
        ranks.put(NS, k, r);
      }
      const before = this.ranked(r.rows);
      if (adds) r.rows.insert(row, spec.strategy === 'keep_last');
      else if (!r.rows.remove(row, sameRow)) continue;
      if (r.rows.empty) ranks.delete(NS, k);
      else ranks.touch(NS, k);
      this.diff(before, this.ranked(r.rows), outRows, outOps);
    }
    if (outRows.length > 0) this.out.data({ rows: outRows, ops: outOps, wms: null });
  }

  /** The rows of rank `from`..`to` with their ranks, in order. */
  private ranked(rows: SortedChunks): { rows: Row[]; rn: number[] } {
    const { spec, cmp } = this;
    const out: Row[] = [];
    const rn: number[] = [];
    let rank = 0;
    let i = 0;
    let prev: Row | undefined;
    for (const row of rows) {
      const peer = prev !== undefined && spec.fn !== 'row_number' && cmp(row, prev) === 0;
      if (!peer) rank = spec.fn === 'rank' ? i + 1 : rank + 1;
      if (rank > spec.to) break;
      if (rank >= spec.from) (out.push(row), rn.push(rank));
      prev = row;
      i++;
    }
    return { rows: out, rn };
  }

  private diff(before: { rows: Row[]; rn: number[] }, after: { rows: Row[]; rn: number[] }, outRows: Row[], outOps: RowOp[]): void {
    const { spec } = this;
    const emit = (x: Row, n: number, op: RowOp): void => {
      outRows.push(spec.outputRank ? [...x, n] : x);
      outOps.push(op);
    };
    if (spec.outputRank && spec.fn === 'row_number') {
      // Per rank slot: the rank is the changelog's key.
      for (let j = 0; j < Math.max(before.rows.length, after.rows.length); j++) {
        const old = before.rows[j];
        const now = after.rows[j];
        if (old === now) continue;
        if (old !== undefined && now !== undefined) (emit(old, before.rn[j]!, '-U'), emit(now, after.rn[j]!, '+U'));
        else if (now !== undefined) emit(now, after.rn[j]!, '+I');
        else emit(old!, before.rn[j]!, '-D');
      }
      return;
    }
    const was = new Map<Row, number>();
    before.rows.forEach((x, j) => was.set(x, before.rn[j]!));
    const is = new Map<Row, number>();
    after.rows.forEach((x, j) => is.set(x, after.rn[j]!));
    for (const [old, n] of was) {
      const now = is.get(old);
      if (now === undefined) emit(old, n, '-D');
      else if (now !== n && spec.outputRank) (emit(old, n, '-U'), emit(old, now, '+U'));
    }
    for (const [now, n] of is) if (!was.has(now)) emit(now, n, '+I');
  }
}
