/**
 * What every join operator shares: the rows of each input, kept in declared state as buckets
 * (namespace → join key → rows with that key, in arrival order), the key text of a row, the joined
 * and padded output rows, and emission in batches that carry each row's watermark.
 *
 * Namespaces: the window_end for a window join, the row's expiry time bucket for an interval join
 * (see there), 0 for a regular join. Key text: the injective tuple encoding of the key values (with the
 * window start first for a window join). A row whose key holds NULL under `=` can never match: it gets a
 * key of its own (`!<n>`, which no tuple encoding starts with) so that outer joins can still pad it.
 */
import type { RowOp } from '../api.js';
import type { OperatorSpec, RowFn, RowPredicate } from '../../planner/compile.js';
import { Operator, type Batch, type OperatorContext, type Row } from '../operator.js';
import { KeyedStateTable, ValueState } from '../state/state-table.js';
import { encodeKey, encodeKeyPart, valueCodec } from '../state/value-codec.js';
import { FiringSlicer } from './firing-slicer.js';

export type JoinSpec = Extract<OperatorSpec, { kind: 'join' }>;

/** Rows of one input sharing a key (and namespace). `m[i]`: how many output rows rows[i] has joined into. */
export interface JoinBucket {
  readonly k: string;
  /** Creation order: restored buckets are put back in it, so emission order survives a restart. */
  readonly ord: number;
  readonly rows: Row[];
  readonly m: number[];
  /** state.ttl: when the bucket was last written, on the engine's clock (absent without a TTL). */
  t?: number;
}

export type JoinTable = KeyedStateTable<string, JoinBucket>;

export abstract class JoinOperator extends Operator {
  protected ctx!: OperatorContext;
  /** 0: left input's rows, 1: right input's. */
  protected readonly sides: [JoinTable, JoinTable];
  private readonly ord: ValueState<number>;
  private readonly keyFns: [RowFn[], RowFn[]];
  protected readonly residual: RowPredicate | null;
  protected readonly leftWidth: number;
  protected readonly rightWidth: number;
  /** Whether unmatched rows of the left (0) / right (1) input are emitted padded with NULLs. */
  protected readonly outer: [boolean, boolean];
  /** state.ttl of a regular join (ms of processing time), or null. */
  protected readonly ttl: number | null;
  /** When the next sweep for expired buckets is due (processing time; not state: a restart sweeps first). */
  private nextSweep = -Infinity;
  private pendingRows: Row[] = [];
  private pendingOps: RowOp[] = [];
  private pendingWms: number[] = [];
  /**
   * Firing in chunks (operators/firing-slicer.ts), for a join whose watermark step emits a window's
   * pairs (`slicesFirings`); the others never freeze.
   */
  protected readonly slicer = new FiringSlicer(
    () => this.pendingRows.length,
    () => this.flush(),
  );

  constructor(protected readonly spec: JoinSpec, private readonly changelog: boolean) {
    super();
    const table = (name: string) =>
      this.declare(new KeyedStateTable<string, JoinBucket>(name, { codec: valueCodec<JoinBucket>(), keyText: encodeKeyPart, keyOf: (b) => b.k, order: (b) => b.ord }));
    this.sides = [table('left'), table('right')];
    this.ord = this.declare(new ValueState<number>('ord', 0, valueCodec<number>()));
    this.keyFns = [spec.leftKeys, spec.rightKeys];
    this.residual = spec.residual;
    this.leftWidth = spec.leftWidth;
    this.rightWidth = spec.rightWidth;
    this.outer = [spec.type === 'left' || spec.type === 'full', spec.type === 'right' || spec.type === 'full'];
    this.ttl = spec.strategy.kind === 'regular' ? spec.strategy.ttlMs : null;
  }

  override open(ctx: OperatorContext): void {
    this.ctx = ctx;
    if (this.slicesFirings) this.slicer.open(ctx);
    if (this.ttl !== null && ctx.now === undefined) throw new Error('invariant: a join with state.ttl needs the engine clock');
  }

  /** Processing time (state.ttl only). */
  protected now(): number {
    return this.ctx.now!();
  }

  /**
   * The bucket under (ns, key) of `input`, unless state.ttl has expired it (then it is dropped: Flink's
   * state TTL never returns an expired value). Without a TTL, a plain lookup.
   */
  protected live(input: number, ns: number, key: string): JoinBucket | undefined {
    const table = this.sides[input]!;
    const b = table.get(ns, key);
    if (b === undefined || this.ttl === null) return b;
    const now = this.now();
    if (b.t === undefined) b.t = now; // written before a TTL was set: its clock starts now
    if (now - b.t < this.ttl) return b;
    table.delete(ns, key);
    return undefined;
  }

  /** A bucket changed in place: marks it for the next checkpoint and (state.ttl) refreshes its time. */
  protected written(input: number, ns: number, b: JoinBucket): void {
    if (this.ttl !== null) b.t = this.now();
    this.sides[input]!.touch(ns, b.k);
  }

  /**
   * state.ttl: drops every bucket not written within the TTL, at most once per quarter TTL (at least 1 s)
   * of processing time, so state held for keys never seen again is freed; lookups (`live`) never see an
   * expired bucket in between. Expiry is silent, as in Flink: nothing is retracted or padded.
   */
  protected sweep(): void {
    if (this.ttl === null) return;
    const now = this.now();
    if (now < this.nextSweep) return;
    this.nextSweep = now + Math.max(1000, this.ttl / 4);
    for (const table of this.sides) {
      for (const ns of table.namespacesWhile(() => true)) {
        const space = table.space(ns);
        if (space === undefined) continue;
        for (const [k, b] of space) {
          if (b.t === undefined) b.t = now;
          else if (now - b.t >= this.ttl) table.delete(ns, k);
        }
      }
    }
  }

  /** The key text of a row of `input` (prefixed by `prefix`, e.g. the window start); null: matches nothing. */
  protected keyText(input: number, row: Row, prefix: string): string | null {
    const fns = this.keyFns[input]!;
    const values = new Array<unknown>(fns.length);
    for (let i = 0; i < fns.length; i++) {
      const v = fns[i]!(row);
      if ((v === null || v === undefined) && !this.spec.nullSafe[i]) return null;
      values[i] = v ?? null;
    }
    return prefix + encodeKey(values);
  }

  protected nextOrd(): number {
    const n = this.ord.get();
    this.ord.set(n + 1);
    return n;
  }

  /** Adds a row to its bucket (a fresh bucket for a key that matches nothing). */
  protected store(input: number, ns: number, key: string | null, row: Row, matches: number): JoinBucket {
    const table = this.sides[input]!;
    const k = key ?? `!${this.ord.get()}`;
    let b = key === null ? undefined : this.live(input, ns, k);
    if (b === undefined) {
      b = { k, ord: this.nextOrd(), rows: [], m: [] };
      if (this.ttl !== null) b.t = this.now();
      table.put(ns, k, b);
    } else this.written(input, ns, b);
    b.rows.push(row);
    b.m.push(matches);
    return b;
  }

  /** left ++ right; null stands for the padded side. */
  protected joined(left: Row | null, right: Row | null): Row {
    const out = new Array<unknown>(this.leftWidth + this.rightWidth);
    for (let i = 0; i < this.leftWidth; i++) out[i] = left === null ? null : left[i];
    for (let i = 0; i < this.rightWidth; i++) out[this.leftWidth + i] = right === null ? null : right[i];
    return out;
  }

  /** The joined row of `row` (arrived on `input`) with `other`, or null when the residual rejects it. */
  protected pair(input: number, row: Row, other: Row): Row | null {
    const out = input === 0 ? this.joined(row, other) : this.joined(other, row);
    return this.residual === null || this.residual(out) ? out : null;
  }

  protected pend(row: Row, op: RowOp, wm: number): void {
    this.pendingRows.push(row);
    this.pendingOps.push(op);
    this.pendingWms.push(wm);
  }

  protected flush(): void {
    if (this.pendingRows.length === 0) return;
    const batch: Batch = { rows: this.pendingRows, ops: this.changelog ? this.pendingOps : null, wms: this.pendingWms };
    this.pendingRows = [];
    this.pendingOps = [];
    this.pendingWms = [];
    this.out.data(batch);
  }

  /**
   * The watermark a row arriving on `input` sees (its input's arrival watermark combined with the other
   * input's); state the combined watermark has already passed is expired first, exactly as if rows
   * arrived one at a time.
   */
  protected arrival(input: number, wms: number[] | null, i: number): number {
    const own = wms === null ? this.holder.inputWatermark(input) : wms[i]!;
    const eff = this.holder.effective(input, own);
    if (eff > this.wm) this.advance(eff);
    return this.wm;
  }

  /** Expires (and for window joins fires) what watermark `wm` closes; rows wait in `pending`. */
  protected abstract advance(wm: number): void;

  protected override advanceWatermark(wm: number): void {
    if (wm > this.wm) this.advance(wm);
    this.slicer.whenThawed(() => {
      this.flush();
      this.out.watermark(wm);
    });
  }

  /** Firings may go in chunks (the subclass's onData returns when frozen, at the start and after `arrival`). */
  protected get slicesFirings(): boolean {
    return false;
  }

  override onWatermark(input: number, wm: number): void {
    this.slicer.whenThawed(() => super.onWatermark(input, wm));
  }

  override onIdle(input: number, idle: boolean): void {
    this.slicer.whenThawed(() => super.onIdle(input, idle));
  }
}

/** Position of the first stored row equal to `row` (a retraction names the row it takes back), or -1. */
export function indexOfRow(rows: readonly Row[], row: Row): number {
  const text = encodeKey(row);
  for (let i = 0; i < rows.length; i++) if (rows[i]!.length === row.length && encodeKey(rows[i]!) === text) return i;
  return -1;
}
