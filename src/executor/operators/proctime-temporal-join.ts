/**
 * Processing-time temporal join (`JOIN r FOR SYSTEM_TIME AS OF l.pt` on a PROCTIME() column, or
 * RisingWave's `AS OF PROCTIME()`): each left row meets, as it arrives, the version its key has in the
 * right (keyed) table at that moment, and is emitted at once. Nothing waits for a watermark, and later
 * changes of the right table never touch what was emitted (Flink's processing-time temporal join over a
 * lookup table, RisingWave's temporal join; Flink refuses it over a plain table).
 *
 *   right:  +I EUR 114          +U EUR 118                -D EUR
 *   left:        o1 EUR → 114         o2 EUR → 118              o3 EUR → none (LEFT: NULLs)
 *
 * Right input (the table's rows as they come, not normalized): +I/+U make the row its key's latest, -D
 * removes the key (over a deduplication, `rightDeletes` false, -D only makes way for the +I after it and
 * is ignored), -U is ignored (its +U follows). Left input: append-only (the binder refuses a changelog:
 * a retraction could not know which version its row met).
 *
 * Watermark: the left input's alone; the right side's time plays no part, and a right table without
 * WATERMARK must not hold the output's event time back. Output row: [...left, ...right].
 *
 * State (declared): latest  key → the key's latest right row (unbounded in the right table's keys).
 */
import type { RowOp } from '../api.js';
import type { RowFn, RowPredicate } from '../../planner/compile.js';
import { Operator, type Batch, type Row } from '../operator.js';
import { KeyedStateTable } from '../state/state-table.js';
import { valueCodec } from '../state/value-codec.js';
import type { JoinSpec } from './join-state.js';
import { versionKey } from './temporal-versions.js';

interface Latest {
  readonly k: string;
  row: Row;
}

const NS = 0;

export class ProcTimeTemporalJoinOperator extends Operator {
  private readonly latest: KeyedStateTable<string, Latest>;
  private readonly leftKeys: RowFn[];
  private readonly rightKeys: RowFn[];
  private readonly residual: RowPredicate | null;
  private readonly rightWidth: number;
  private readonly outer: boolean;
  private readonly deletes: boolean;

  constructor(spec: JoinSpec) {
    super();
    const s = spec.strategy;
    if (s.kind !== 'temporal' || s.arrival !== true) throw new Error('invariant: a processing-time temporal join without its strategy');
    this.leftKeys = spec.leftKeys;
    this.rightKeys = spec.rightKeys;
    this.residual = spec.residual;
    this.rightWidth = spec.rightWidth;
    this.outer = spec.type === 'left';
    this.deletes = s.rightDeletes !== false;
    this.latest = this.declare(new KeyedStateTable<string, Latest>('latest', { codec: valueCodec<Latest>(), keyText: (k) => k, keyOf: (e) => e.k }));
  }

  onData(input: number, batch: Batch): void {
    const { rows, ops } = batch;
    if (input === 1) {
      for (let i = 0; i < rows.length; i++) this.onVersion(rows[i]!, ops === null ? '+I' : ops[i]!);
      return;
    }
    if (ops !== null && ops.some((op) => op !== '+I')) throw new Error('invariant: a processing-time temporal join over a changelog left input is refused by the binder');
    const wms = batch.wms;
    const outRows: Row[] = [];
    const outWms: number[] | null = wms === null ? null : [];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const key = versionKey(this.leftKeys, row);
      const version = key === null ? undefined : this.latest.get(NS, key)?.row;
      let out: Row | null = version === undefined ? null : row.concat(version);
      if (out !== null && this.residual !== null && !this.residual(out)) out = null;
      if (out === null) {
        if (!this.outer) continue;
        out = row.concat(new Array<unknown>(this.rightWidth).fill(null));
      }
      outRows.push(out);
      outWms?.push(wms![i]!);
    }
    if (outRows.length > 0) this.out.data({ rows: outRows, ops: null, wms: outWms });
  }

  private onVersion(row: Row, op: RowOp): void {
    if (op === '-U') return; // the +U that follows is the new version
    const key = versionKey(this.rightKeys, row);
    if (key === null) return;
    if (op === '-D') {
      if (this.deletes && this.latest.get(NS, key) !== undefined) this.latest.delete(NS, key);
      return;
    }
    const e = this.latest.get(NS, key);
    if (e === undefined) this.latest.put(NS, key, { k: key, row });
    else {
      e.row = row;
      this.latest.touch(NS, key);
    }
  }

  /** The left input's watermark is the output's: the right side's time plays no part (see above). */
  override onWatermark(input: number, wm: number): void {
    this.holder.update(input, wm);
    if (input === 0 && wm > this.wm) this.advanceWatermark(wm);
  }

  override onIdle(input: number, idle: boolean): void {
    this.holder.setIdle(input, idle);
    if (input === 0) this.out.idle?.(idle);
  }
}
