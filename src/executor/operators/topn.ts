/**
 * Top-N (and deduplication) over a whole append-only stream (Flink's AppendOnlyTopNFunction): per
 * partition key, the rows ranked `from`..`to`, as a changelog kept current with every arriving row.
 *
 *   top 2 of k:  [a(9)]  ─ b(7) ─►  [a, b]  +I b      ─ c(8) ─►  [a, c]  -D b, +I c
 *   with rn:     a rn 1             +I (b, 2)                    -U (b, 2), +U (c, 2)
 *
 * With the row number in the output, every row whose rank changes is updated (-U old, +U new at that
 * rank); without it only rows entering (+I) and leaving (-D) the range are emitted, except that
 * deduplication (rn = 1 ordered by a time attribute, or by arrival) replacing a key's row is an update
 * (-U old, +U new), as Flink's DeduplicateFunctionHelper emits it. Ties go to the
 * earlier arrival (keep-last deduplication: the later). Deduplication on event time over a whole stream
 * is this Top-1 (Flink's RowTimeDeduplicateFunction): keep-first replaces its row when an earlier one
 * arrives, keep-last when a later or equal one does, whatever the watermark (no row is late). Since the input never retracts, a row that
 * falls past `to` can never come back: state keeps only the best `to` rows per key (unbounded in the
 * number of keys). RANK / DENSE_RANK keep every row whose rank is at most `to` (peers share a rank, so
 * ties may keep more); their changelog is per row: a row whose rank changes is updated (-U, +U), a row
 * entering the range is +I, one leaving it -D. Output row: [...input row, (rn)].
 */
import type { RowOp } from '../api.js';
import type { RankSpec } from '../../planner/compile-rank-over.js';
import { Operator, sameRow, type Batch, type Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { encodeKeyPart } from '../state/value-codec.js';
import { ordCodec } from './ord-codec.js';
import { insertPeerRanked, insertSorted, peerRanks, rowComparator, type RowCompare } from './rank-order.js';

interface Ranked {
  readonly k: string;
  readonly rows: Row[];
  readonly ord: number;
}

const NS = 0;

export class TopNOperator extends Operator {
  private readonly ranks: KeyedStateTable<string, Ranked>;
  private readonly cmp: RowCompare;
  private nextOrd = 0;

  constructor(private readonly spec: RankSpec) {
    super();
    // By arrival no value decides: every row ties, and ties go to the earlier arrival (ASC) or the later (DESC).
    this.cmp = spec.arrival !== null ? () => 0 : rowComparator(spec.order);
    const codec = ordCodec<Ranked>(
      (r) => [r.k, r.rows, r.ord],
      ([k, rows, ord]) => ({ k: k as string, rows: rows as Row[], ord: ord as number }),
      (ord) => {
        if (ord >= this.nextOrd) this.nextOrd = ord + 1;
      },
    );
    this.ranks = this.declare(new KeyedStateTable<string, Ranked>('ranks', { codec, keyText: (k) => k, keyOf: (r) => r.k, order: (r) => r.ord }));
  }

  onData(_input: number, batch: Batch): void {
    const { spec, cmp, ranks } = this;
    const outRows: Row[] = [];
    const outOps: RowOp[] = [];
    const tiesToNew = spec.strategy === 'keep_last' || spec.arrival === 'last';
    const lo = spec.from - 1;
    const dedup = spec.strategy === 'keep_first' || spec.strategy === 'keep_last';
    for (let i = 0; i < batch.rows.length; i++) {
      const row = batch.rows[i]!;
      if (batch.ops !== null && batch.ops[i] !== '+I') throw new Error('invariant: Top-N over a changelog is refused by the binder');
      let k = '';
      for (const f of spec.partition) k += encodeKeyPart(f(row));
      let r = ranks.get(NS, k);
      if (r === undefined) {
        r = { k, rows: [], ord: this.nextOrd++ };
        ranks.put(NS, k, r);
      }
      if (spec.fn !== 'row_number') {
        if (this.peerRanked(r, row, outRows, outOps)) ranks.touch(NS, k);
        continue;
      }
      const before = r.rows.slice(lo);
      const pos = insertSorted(r.rows, row, spec.to, cmp, tiesToNew);
      if (pos < 0) continue;
      ranks.touch(NS, k);
      const after = r.rows.slice(lo);
      if (spec.outputRank) {
        for (let j = Math.max(0, pos - lo); j < after.length; j++) {
          const old = before[j];
          if (old === after[j]) continue;
          if (old !== undefined) {
            outRows.push([...old, lo + j + 1], [...after[j]!, lo + j + 1]);
            outOps.push('-U', '+U');
          } else {
            outRows.push([...after[j]!, lo + j + 1]);
            outOps.push('+I');
          }
        }
      } else if (dedup && before.length === 1) {
        // Deduplication replaces a key's one row: an update, as Flink's deduplication emits it (-U, +U);
        // by arrival, a row equal to the one it replaces but for its processing time (the order column) is not emitted.
        const old = before[0]!;
        if (spec.arrival === 'last' && sameRow(old, row, spec.order[0]!.index)) continue;
        outRows.push(old, row);
        outOps.push('-U', '+U');
      } else {
        for (const old of before) if (!after.includes(old)) (outRows.push(old), outOps.push('-D'));
        for (const now of after) if (!before.includes(now)) (outRows.push(now), outOps.push('+I'));
      }
    }
    if (outRows.length > 0) this.out.data({ rows: outRows, ops: outOps, wms: null });
  }

  /** RANK / DENSE_RANK: inserts `row`, emits the changes of the ranked range; false when `row` is not kept. */
  private peerRanked(r: Ranked, row: Row, outRows: Row[], outOps: RowOp[]): boolean {
    const { spec, cmp } = this;
    const dense = spec.fn === 'dense_rank';
    const inRange = (): Map<Row, number> => {
      const rn = peerRanks(r.rows, dense, cmp);
      const m = new Map<Row, number>();
      for (let i = 0; i < r.rows.length; i++) if (rn[i]! >= spec.from) m.set(r.rows[i]!, rn[i]!);
      return m;
    };
    const before = inRange();
    if (insertPeerRanked(r.rows, row, spec.to, dense, cmp) < 0) return false;
    const after = inRange();
    const emit = (x: Row, n: number, op: RowOp): void => {
      outRows.push(spec.outputRank ? [...x, n] : x);
      outOps.push(op);
    };
    for (const [old, n] of before) {
      const now = after.get(old);
      if (now === undefined) emit(old, n, '-D');
      else if (now !== n && spec.outputRank) (emit(old, n, '-U'), emit(old, now, '+U'));
    }
    for (const [now, n] of after) if (!before.has(now)) emit(now, n, '+I');
    return true;
  }
}
