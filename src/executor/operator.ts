/**
 * One lifecycle for every operator (Arroyo's ArrowOperator): data in batches, then watermarks; no-op
 * defaults so a stateless operator writes one method. Inputs are numbered (0..n-1); a WatermarkHolder
 * per operator combines the inputs' watermarks (minimum over the active ones), and the operator acts on
 * the combined watermark only (`advanceWatermark`).
 *
 * A `Batch` carries rows (arrays), their change kinds (null = all +I), and the watermark each row saw
 * when it arrived (`wms`, null = the operator's current watermark). Carrying the arrival watermark lets a
 * source hand over many events at once while lateness stays exactly what per-event processing gives:
 * a row is late for a window iff the watermark *before* it had reached window_end − 1 ms.
 */
import type { RowOp } from './api.js';
import type { DeclaredState } from './state/state-table.js';
import { WatermarkHolder } from './watermark-holder.js';
import type { Pacer } from './runtime/pacer.js';
import { sameValue } from '../functions/collections.js';

export type Row = unknown[];

export interface Batch {
  readonly rows: Row[];
  readonly ops: RowOp[] | null;
  readonly wms: number[] | null;
  /**
   * The same arrival watermarks in run form (`WmRuns`), when the batch was made so (a `RunsBatch`:
   * then `wms` is derived from them on its first read). Absent or null: `wms` is all there is.
   */
  readonly runs?: WmRuns | null;
}

/**
 * Arrival watermarks as runs, flat pairs [from, wm, from, wm, ...] with `from` ascending and the first
 * 0: rows from `from` up to the next pair's `from` (or the end) arrived under `wm`. A source's batch is
 * a few dozen runs for thousands of rows (its watermark moves once per event-time millisecond at most),
 * so a reader that only passes arrival watermarks on, or none at all, costs nothing per row.
 */
export type WmRuns = readonly number[];

/** Each row's arrival watermark, from runs over `n` rows. */
export function expandRuns(runs: WmRuns, n: number): number[] {
  const wms = new Array<number>(n);
  for (let r = 0; r < runs.length; r += 2) {
    const to = r + 2 < runs.length ? runs[r + 2]! : n;
    wms.fill(runs[r + 1]!, runs[r]!, to);
  }
  return wms;
}

/**
 * A source's arrival watermarks not made yet: the source's loop (`run`, compile-batch.ts `compileArrival`
 * of `expr`), its split and its watermark before the batch. The first loop over the rows that knows
 * `expr` may make them on the way (`RunsBatch.settle`); else the first read of `runs`/`wms`, or the
 * source after delivering the batch, runs `run`.
 */
export interface PendingArrival {
  readonly expr: unknown;
  readonly run: (rows: readonly (readonly unknown[])[], runs: number[], split: { wm: number }, wm: number) => number;
  readonly split: { wm: number };
  readonly wm: number;
}

/**
 * A batch whose arrival watermarks are held as runs; `wms` (the per-row array every other reader
 * takes) is made from them on its first read and kept. Both forms give every row the same watermark.
 * With `pending`, the runs themselves are made on first need (see PendingArrival).
 */
export class RunsBatch implements Batch {
  private expanded: number[] | null = null;
  private made: WmRuns | null;
  /** The source's watermark after the batch (once the runs are made). */
  private after = NaN;

  constructor(
    readonly rows: Row[],
    readonly ops: RowOp[] | null,
    runs: WmRuns | null,
    private pending: PendingArrival | null = null,
  ) {
    if (runs === null && pending === null) throw new Error('invariant: a RunsBatch needs runs or a pending arrival');
    this.made = runs;
  }

  /** The arrival still to be made (null once made, or when the batch came with runs). */
  get pendingArrival(): PendingArrival | null {
    return this.pending;
  }

  get runs(): WmRuns {
    if (this.made === null) {
      const p = this.pending!;
      const runs: number[] = [];
      this.after = p.run(this.rows, runs, p.split, p.wm);
      this.settle(runs, this.after);
    }
    return this.made!;
  }

  /** The runs made by a loop that went over the rows anyway (it moved the split's watermark as `run` does). */
  settle(runs: WmRuns, after: number): void {
    if (this.pending === null) throw new Error('invariant: arrival settled twice');
    this.made = runs;
    this.after = after;
    this.pending = null;
  }

  /** The source's watermark after the batch (makes the runs if nobody did). */
  arrivalAfter(): number {
    void this.runs;
    return this.after;
  }

  get wms(): number[] {
    return (this.expanded ??= expandRuns(this.runs, this.rows.length));
  }
}

export interface Emitter {
  data(batch: Batch): void;
  watermark(wm: number): void;
  /**
   * The input went idle (every split of its source idle past `idle_timeout`) or came back: an idle
   * input does not hold a multi-input operator's watermark back. Optional: most readers ignore it.
   */
  idle?(idle: boolean): void;
}

/** What an operator may tell the engine about, besides emitting rows. */
export interface ProcessingClock {
  every(ms: number, fn: () => void): () => void;
  latest(): number;
}

export interface OperatorContext {
  /**
   * A row that arrived on `input` after all of its windows (or some, for HOP) had fired: recorded with
   * that input's schema and the source (or view) that input reads.
   */
  late(row: Row, watermark: number, input?: number): void;
  /** Processing time on the engine's clock, in ms (state.ttl); absent where no operator needs it. */
  now?(): number;
  /**
   * Processing time that moves by itself (the engine runs on its clock, not on arrival counts): `every`
   * calls `fn` every `ms` as an entry point of the engine (after any work in progress), `latest` is the
   * processing time now (never behind a stamp given out). Absent: processing time moves only with arrivals.
   */
  processingClock?: ProcessingClock;
  /**
   * Large outputs in slices (runtime/pacer.ts): present when the engine fires windows in chunks of
   * `pacer.chunkRows` rows with the event loop free between them; absent, everything runs at once.
   */
  pacer?: Pacer;
  /**
   * Nothing downstream of this operator in its view reads anything but what passes through it, and no
   * view reads the view: what reaches this operator's readers comes from it alone (a firing may then
   * let input run ahead of it, operators/firing-slicer.ts). Asked when needed (views over views come and
   * go); absent: never assumed.
   */
  isolated?(): boolean;
}

export abstract class Operator {
  protected out: Emitter = NOOP_EMITTER;
  protected wm = -Infinity;
  protected holder = new WatermarkHolder(1);

  connect(out: Emitter): void {
    this.out = out;
  }

  /** Sets the number of inputs (the runtime calls it before `open`; default one). */
  setInputs(n: number): void {
    this.holder = new WatermarkHolder(n);
  }

  /** Called once before the first batch (after `restore`, when recovering). */
  open(_ctx: OperatorContext): void {}

  /**
   * The only reader of this operator's rows is a projection that keeps columns `columns` of them, in
   * that order (and makes an absent value null): may this operator make its rows so itself? True: it
   * does from now on, and the runtime connects its output past the projection (view-runtime.ts), so
   * each row is made once instead of twice. Only an operator whose rows leave it and are never read
   * again by itself (nor stored in its state) says yes. Called before `open`; default no.
   */
  selectOutput(_columns: readonly number[]): boolean {
    return false;
  }

  abstract onData(input: number, batch: Batch): void;

  /** An input's watermark: the operator acts when the combined watermark moves. */
  onWatermark(input: number, wm: number): void {
    const combined = this.holder.update(input, wm);
    if (combined !== null) this.advanceWatermark(combined);
  }

  /**
   * An input went idle (or came back): an idle input does not hold the combined watermark back. When
   * every input is idle the operator's output is idle too, so the readers downstream stop waiting for it.
   */
  onIdle(input: number, idle: boolean): void {
    const was = this.holder.allIdle;
    const combined = this.holder.setIdle(input, idle);
    if (was && !this.holder.allIdle) this.out.idle?.(false);
    if (combined !== null) this.advanceWatermark(combined);
    if (!was && this.holder.allIdle) this.out.idle?.(true);
  }

  /** Puts back each input's watermark saved at a checkpoint (the runtime does this for multi-input operators). */
  restoreInputWatermarks(wms: readonly number[]): void {
    this.holder.restore(wms);
  }

  /** Each input's watermark, for the checkpoint. */
  get inputWatermarks(): readonly number[] {
    return this.holder.inputWatermarks;
  }

  /** The combined watermark moved forward; the default forwards it. */
  protected advanceWatermark(wm: number): void {
    if (wm > this.wm) this.wm = wm;
    this.out.watermark(wm);
  }

  /**
   * The operator's declared state (see state/state-table.ts): everything it needs to continue
   * identically after a restore. The runtime snapshots and restores these; stateless operators have none.
   */
  readonly tables: DeclaredState[] = [];

  protected declare<T extends DeclaredState>(table: T): T {
    if (this.tables.some((t) => t.name === table.name)) throw new Error(`invariant: state table '${table.name}' declared twice`);
    this.tables.push(table);
    return table;
  }

  /** The watermark the operator has seen (the runtime saves and restores it with the tables). */
  get watermark(): number {
    return this.wm;
  }

  restoreWatermark(wm: number): void {
    this.wm = wm;
  }

  /**
   * ALTER SOURCE ... RESET WATERMARK: forgets every input's watermark and the combined one (−∞ again); the
   * next watermark from any input counts. Operators that keep input watermarks in declared state clear
   * those too (`onWatermarkReset`).
   */
  resetWatermark(): void {
    this.wm = -Infinity;
    this.holder = new WatermarkHolder(this.holder.inputs);
    this.onWatermarkReset();
  }

  protected onWatermarkReset(): void {}

  close(): void {}
}

export const NOOP_EMITTER: Emitter = { data() {}, watermark() {} };

/**
 * Two rows (or result tuples) with the same values, position by position (===; ARRAY and MAP by
 * contents), but for column `skip` when given.
 */
export function sameRow(a: readonly unknown[], b: readonly unknown[], skip = -1): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (i === skip) continue;
    const x = a[i];
    // ARRAY and MAP values are equal by contents.
    if (x !== b[i] && !(typeof x === 'object' && x !== null && sameValue(x, b[i]))) return false;
  }
  return true;
}

/** Window start for a timestamp: the largest offset + k·size ≤ ts. */
export function windowStart(ts: number, size: number, offset: number): number {
  const r = (ts - offset) % size;
  return ts - (r < 0 ? r + size : r);
}
