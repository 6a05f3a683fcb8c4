/**
 * Event-time temporal join (Flink's `JOIN r FOR SYSTEM_TIME AS OF l.ts`): each left (probe) row meets
 * the version of the right (versioned) table's row with the same key that was valid at the probe's
 * time, once the combined watermark (the minimum of both inputs) has passed that time, so every
 * version the probe could need has arrived. Output: one row per probe row (LEFT pads with NULLs when
 * no version is valid or the residual rejects it; INNER drops it), carrying the probe row's op:
 * append-only for an append-only left input. Changes of the versioned table never retract output.
 *
 *   versions of 'EUR':   114 @00:00 ──── 118 @00:10 ──── -D @00:20
 *   probe @00:05 → 114    probe @00:15 → 118    probe @00:25 → none (LEFT: NULLs)
 *
 * Right input (the table's rows as they come, not normalized): +I/+U start a version at the row's
 * time, -D ends the key's versions at its time (a tombstone), -U is ignored (its +U follows). Over a
 * deduplication (strategy.rightDeletes false) -D is ignored too: it retracts a row that the next +I
 * replaces, never the key. Two versions with the same time: the later arrival wins.
 *
 * State (declared):
 *   probes    probe time → arrival ord → probe row and op; fired and dropped as the watermark passes
 *   versions  key → versions sorted by time, complete from `from` on
 *   cleanup   version time → keys to purge once the watermark reaches it: of a key's versions at or
 *             before the watermark W only the last can still be needed by a probe after W, and none
 *             when that last one is a tombstone
 * A probe row that arrives behind the watermark is joined at once when the kept versions still decide
 * it (its time is at or after the key's `from`); otherwise it is late: counted and kept in the late
 * rows, never joined with a version that may not be the one valid at its time.
 */
import type { RowOp } from '../api.js';
import type { RowFn, RowPredicate } from '../../planner/compile.js';
import { Operator, type Batch, type OperatorContext, type Row } from '../operator.js';
import { KeyedStateTable, ValueState } from '../state/state-table.js';
import { encodeKeyPart, valueCodec } from '../state/value-codec.js';
import type { JoinSpec } from './join-state.js';
import { findVersion, insertVersion, purgeVersions, versionKey, type Versions } from './temporal-versions.js';

interface Probe {
  readonly o: number;
  readonly row: Row;
  readonly op: RowOp;
}

const NS = 0;

export class TemporalJoinOperator extends Operator {
  private ctx!: OperatorContext;
  private readonly probes: KeyedStateTable<number, Probe>;
  private readonly versions: KeyedStateTable<string, Versions>;
  private readonly cleanup: KeyedStateTable<string, string>;
  private readonly ord: ValueState<number>;
  private readonly leftKeys: RowFn[];
  private readonly rightKeys: RowFn[];
  private readonly residual: RowPredicate | null;
  private readonly leftTime: number;
  private readonly rightTime: number;
  private readonly rightWidth: number;
  private readonly outer: boolean;
  /** A -D row of the right input ends its key's versions (false: it only makes way for a replacement). */
  private readonly deletes: boolean;
  private readonly changelog: boolean;
  private pendingRows: Row[] = [];
  private pendingOps: RowOp[] = [];
  private pendingWms: number[] = [];

  constructor(spec: JoinSpec) {
    super();
    const s = spec.strategy;
    if (s.kind !== 'temporal') throw new Error('invariant: temporal join without a temporal strategy');
    this.leftTime = s.leftTime;
    this.rightTime = s.rightTime;
    this.leftKeys = spec.leftKeys;
    this.rightKeys = spec.rightKeys;
    this.residual = spec.residual;
    this.rightWidth = spec.rightWidth;
    this.outer = spec.type === 'left';
    this.deletes = s.rightDeletes !== false;
    this.changelog = spec.changelog;
    this.probes = this.declare(new KeyedStateTable<number, Probe>('probes', { codec: valueCodec<Probe>(), keyText: encodeKeyPart, keyOf: (p) => p.o, order: (p) => p.o }));
    this.versions = this.declare(new KeyedStateTable<string, Versions>('versions', { codec: valueCodec<Versions>(), keyText: (k) => k, keyOf: (v) => v.k }));
    this.cleanup = this.declare(new KeyedStateTable<string, string>('cleanup', { codec: valueCodec<string>(), keyText: (k) => k, keyOf: (k) => k }));
    this.ord = this.declare(new ValueState<number>('ord', 0, valueCodec<number>()));
  }

  override open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }

  onData(input: number, batch: Batch): void {
    const { rows, ops, wms } = batch;
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const op: RowOp = ops === null ? '+I' : ops[i]!;
      const wm = this.arrival(input, wms, i);
      if (input === 0) this.onProbe(row, op, wm);
      else this.onVersion(row, op, wm);
    }
    this.flush();
  }

  private onProbe(row: Row, op: RowOp, wm: number): void {
    const t = row[this.leftTime] as number | null;
    if (t !== null && t > wm) {
      const o = this.ord.get();
      this.ord.set(o + 1);
      this.probes.put(t, o, { o, row, op });
      return;
    }
    // Behind the watermark: joined now if the kept versions still decide it, else late.
    const key = versionKey(this.leftKeys, row);
    const v = key === null ? undefined : this.versions.get(NS, key);
    if (t === null || v === undefined || t < v.from) {
      this.ctx.late(row, wm, 0);
      return;
    }
    this.emit(row, op, v, wm);
  }

  private onVersion(row: Row, op: RowOp, wm: number): void {
    if (op === '-U') return; // the +U that follows starts the next version
    if (op === '-D' && !this.deletes) return; // a deduplication's retraction: the +I that follows replaces it
    const ts = row[this.rightTime] as number | null;
    const key = versionKey(this.rightKeys, row);
    if (ts === null || key === null) return;
    let v = this.versions.get(NS, key);
    const fresh = v === undefined;
    if (v === undefined) v = { k: key, from: -Infinity, ts: [], rows: [] };
    const at = insertVersion(v, ts, op === '-D' ? null : row);
    if (at < 0) return; // older than every version a probe can still need
    if (fresh) this.versions.put(NS, key, v);
    else this.versions.touch(NS, key);
    // When this version makes an older one (or itself, a tombstone) purgeable, and when it does so for
    // the version it was inserted before.
    if (v.ts.length > 1 || op === '-D') this.cleanup.put(ts, key, key);
    if (at === 0 && v.ts.length > 1) this.cleanup.put(v.ts[1]!, key, key);
    if (ts <= wm) this.purge(key, wm);
  }

  /** The joined (or padded) row of a probe, with the version valid at its time. */
  private emit(row: Row, op: RowOp, v: Versions | undefined, wm: number): void {
    const version = v === undefined ? null : findVersion(v, row[this.leftTime] as number);
    let out: Row | null = null;
    if (version !== null) {
      out = row.concat(version);
      if (this.residual !== null && !this.residual(out)) out = null;
    }
    if (out === null) {
      if (!this.outer) return;
      out = row.concat(new Array<unknown>(this.rightWidth).fill(null));
    }
    this.pendingRows.push(out);
    this.pendingOps.push(op);
    this.pendingWms.push(wm);
  }

  /** Fires the probes the watermark has passed (in time, then arrival order), then purges versions. */
  private advance(wm: number): void {
    const before = this.wm;
    this.wm = wm;
    for (const t of this.probes.namespacesWhile((ns) => ns <= wm)) {
      for (const p of this.probes.space(t)!.values()) {
        const key = versionKey(this.leftKeys, p.row);
        this.emit(p.row, p.op, key === null ? undefined : this.versions.get(NS, key), before);
      }
      this.probes.drop(t);
    }
    for (const ts of this.cleanup.namespacesWhile((ns) => ns <= wm)) {
      for (const key of this.cleanup.space(ts)!.keys()) this.purge(key, wm);
      this.cleanup.drop(ts);
    }
  }

  private purge(key: string, wm: number): void {
    const v = this.versions.get(NS, key);
    if (v === undefined) return;
    if (!purgeVersions(v, wm)) return;
    if (v.ts.length === 0) this.versions.delete(NS, key);
    else this.versions.touch(NS, key);
  }

  /** The watermark a row arriving on `input` sees; what it has passed is fired first (as join-state.ts). */
  private arrival(input: number, wms: number[] | null, i: number): number {
    const own = wms === null ? this.holder.inputWatermark(input) : wms[i]!;
    const eff = this.holder.effective(input, own);
    if (eff > this.wm) this.advance(eff);
    return this.wm;
  }

  protected override advanceWatermark(wm: number): void {
    if (wm > this.wm) this.advance(wm);
    this.flush();
    this.out.watermark(wm);
  }

  private flush(): void {
    if (this.pendingRows.length === 0) return;
    const batch: Batch = { rows: this.pendingRows, ops: this.changelog ? this.pendingOps : null, wms: this.pendingWms };
    this.pendingRows = [];
    this.pendingOps = [];
    this.pendingWms = [];
    this.out.data(batch);
  }
}
