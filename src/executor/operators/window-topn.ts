/**
 * Window Top-N and window deduplication (Flink's WindowRankOperator and WindowDeduplicateOperator): per
 * window and partition key, the rows ranked `from`..`to` by the ORDER BY keys, emitted once the window
 * closes, append-only.
 *
 *   rows of window [0, 5s) ──► per partition: best `to` rows, sorted ──► wm ≥ 5s − 1ms: emit rn from..to
 *
 * Ties go to the earlier arrival (ROW_NUMBER is stable in arrival order); keep-last deduplication (ORDER
 * BY the time attribute DESC, rn = 1) lets an equal later row replace the kept one, as Flink does. RANK
 * and DENSE_RANK keep every row whose rank is at most `to` (peers share a rank, so ties may keep more).
 * State: `ranks`, namespace = window_end (the timer: windows fire in order of their end) → partition key
 * (window columns included) → the sorted best rows, never more than `to` (bounded state). A row whose
 * window already fired (window_end − 1 ≤ its arrival watermark) is late: reported, dropped.
 * Output row: [...input row, (rn)]. With a pacer a window of many partitions fires in chunks
 * (timer-operator.ts), the operator frozen meanwhile.
 */
import type { RankSpec } from '../../planner/compile-rank-over.js';
import type { Batch, Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { encodeKeyPart } from '../state/value-codec.js';
import { TimerOperator } from './timer-operator.js';
import { insertPeerRanked, insertSorted, peerRanks, rowComparator, type RowCompare } from './rank-order.js';

interface Ranked {
  /** The partition key text (its in-memory key). */
  readonly k: string;
  readonly rows: Row[];
  /** Creation order: a restore puts partitions back in this order, so emission order survives it. */
  readonly ord: number;
}

export class WindowTopNOperator extends TimerOperator<Ranked> {
  private readonly ranks: KeyedStateTable<string, Ranked>;
  private readonly cmp: RowCompare;
  private readonly end: number;

  constructor(private readonly spec: RankSpec) {
    super();
    if (spec.window === null) throw new Error('invariant: a window Top-N needs window columns');
    this.end = spec.window.end;
    this.cmp = rowComparator(spec.order);
    const codec = this.ordCodec<Ranked>(
      (r) => [r.k, r.rows, r.ord],
      ([k, rows, ord]) => ({ k: k as string, rows: rows as Row[], ord: ord as number }),
    );
    this.ranks = this.declareTimers(new KeyedStateTable<string, Ranked>('ranks', { codec, keyText: (k) => k, keyOf: (r) => r.k, order: (r) => r.ord }));
  }

  /** The partition values of the previous row (onData reuses its entry while they repeat). */
  private readonly lastValues: unknown[] = [];

  /** A window of many partitions fires in chunks when the engine has a pacer. */
  protected override get slicesFirings(): boolean {
    return true;
  }

  onData(input: number, batch: Batch): void {
    if (this.frozen) return this.stash(() => this.onData(input, batch));
    const { rows, wms } = batch;
    const { spec, cmp, ranks } = this;
    const keyFns = spec.partition;
    const tiesToNew = spec.strategy === 'keep_last';
    const peers = spec.fn !== 'row_number';
    const dense = spec.fn === 'dense_rank';
    // Rows of one partition mostly come together (a window aggregate fires a window's rows in one
    // run): the partition's key text and entry are reused while its values repeat.
    const width = keyFns.length;
    const values = this.lastValues;
    let last: Ranked | undefined;
    let lastEnd = NaN;
    for (let i = 0, n = rows.length; i < n; i++) {
      const row = rows[i]!;
      if (wms !== null && wms[i]! > this.wm) {
        const first = ranks.firstNamespace;
        if (first !== undefined && first - 1 <= wms[i]!) last = undefined; // entries may be dropped
        this.arrive(wms[i]!);
        // A firing left to the pacer: this row and the rest of the batch wait until it is done.
        if (this.frozen) return this.stashRest(input, batch, i);
      }
      const end = row[this.end] as number;
      if (end - 1 <= this.wm) {
        this.ctx.late(row, this.wm);
        continue;
      }
      let same = last !== undefined && end === lastEnd;
      for (let j = 0; j < width; j++) {
        const v = keyFns[j]!(row);
        if (same && !Object.is(v, values[j])) same = false;
        values[j] = v;
      }
      let r = same ? last : undefined;
      if (r === undefined) {
        let k = '';
        for (let j = 0; j < width; j++) k += encodeKeyPart(values[j]);
        r = ranks.get(end, k);
        if (r === undefined) {
          r = { k, rows: [], ord: this.nextOrd++ };
          ranks.put(end, k, r);
        }
        last = r;
        lastEnd = end;
      }
      const at = peers ? insertPeerRanked(r.rows, row, spec.to, dense, cmp) : insertSorted(r.rows, row, spec.to, cmp, tiesToNew);
      if (at >= 0) ranks.touch(end, r.k);
    }
    this.flush();
  }

  /** A window fires once the watermark reaches its end − 1 ms (windows in order of their end). */
  protected override due(end: number, wm: number): boolean {
    return end - 1 <= wm;
  }

  /** One partition of a closed window: its rows ranked from..to (RANK/DENSE_RANK: by peer ranks), out. */
  protected fire(_end: number, r: Ranked, wm: number): void {
    const spec = this.spec;
    const rn = spec.fn === 'row_number' ? null : peerRanks(r.rows, spec.fn === 'dense_rank', this.cmp);
    for (let i = rn === null ? spec.from - 1 : 0; i < r.rows.length; i++) {
      const n = rn === null ? i + 1 : rn[i]!;
      if (n < spec.from) continue;
      this.emit(spec.outputRank ? [...r.rows[i]!, n] : r.rows[i]!, wm);
    }
  }
}
