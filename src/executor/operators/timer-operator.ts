/**
 * The base of operators driven by event-time timers kept in one namespaced state table, where a
 * namespace is the time its entries fire at (keep-first dedup, OVER aggregation, window Top-N):
 *
 *   timers:  ns 3 → {a, b}   ns 5 → {c}   ns 9 → {d}        watermark 5: fire a, b, c (in ns order), drop 3, 5
 *
 * It owns what they share: the watermark step (fire what the watermark closes, then the rows out, then
 * the watermark on), the per-row step of `onData` (the watermark a row arrived under fires first, exactly
 * as if rows came one at a time), the output buffer (fired rows carry the watermark from before the
 * advance, so a downstream window that closes at the same instant still counts them), and a creation
 * counter (`ord`) that a restore continues, so entries restored in order fire in the crashed run's order.
 * A subclass whose onData honours `frozen` (window Top-N) sets `slicesFirings`: with a pacer its firings
 * then go in chunks (operators/firing-slicer.ts); the others fire at once, as before.
 */
import { Operator, type Batch, type OperatorContext, type Row } from '../operator.js';
import type { KeyedStateTable } from '../state/state-table.js';
import type { Codec } from '../state/value-codec.js';
import { ordCodec } from './ord-codec.js';
import { FiringSlicer } from './firing-slicer.js';

export abstract class TimerOperator<V> extends Operator {
  protected ctx!: OperatorContext;
  /** The next entry's creation order. */
  protected nextOrd = 0;
  private timers: KeyedStateTable<string, V> | null = null;
  private pendingRows: Row[] = [];
  private pendingWms: number[] = [];
  private readonly slicer = new FiringSlicer(
    () => this.pendingRows.length,
    () => this.flush(),
  );

  override open(ctx: OperatorContext): void {
    this.ctx = ctx;
    if (this.slicesFirings) this.slicer.open(ctx);
  }

  /** Firings may go in chunks (the subclass's onData returns at `frozen` and after `arrive` when it is set). */
  protected get slicesFirings(): boolean {
    return false;
  }

  /** A firing is in progress (sliced): input waits until it is done. */
  protected get frozen(): boolean {
    return this.slicer.frozen;
  }

  protected stash(run: () => void): void {
    this.slicer.stash(run);
  }

  /** The rest of a batch, from the row whose arrival started a firing: it runs once the firing is done. */
  protected stashRest(input: number, batch: Batch, from: number): void {
    this.slicer.stashRest(batch, from, (rest) => this.onData(input, rest));
  }

  override onWatermark(input: number, wm: number): void {
    this.slicer.whenThawed(() => super.onWatermark(input, wm));
  }

  override onIdle(input: number, idle: boolean): void {
    this.slicer.whenThawed(() => super.onIdle(input, idle));
  }

  /** Declares the timer table (the runtime snapshots it like any declared table). */
  protected declareTimers(table: KeyedStateTable<string, V>): KeyedStateTable<string, V> {
    this.timers = this.declare(table);
    return table;
  }

  /** Namespace `ns` fires once the watermark reaches `wm` (default: its time is at or behind it). */
  protected due(ns: number, wm: number): boolean {
    return ns <= wm;
  }

  /** Fires one entry of namespace `ns`; `wm` is the watermark before this advance (for `emit`). */
  protected abstract fire(ns: number, entry: V, wm: number): void;

  /** Called before the first entry of an advance fires (e.g. to build an index the firing updates). */
  protected beforeFire(): void {}

  /** The arrival watermark of a row: what it closes fires before the row is processed. */
  protected arrive(wm: number): void {
    if (wm > this.wm) this.advance(wm);
  }

  protected override advanceWatermark(wm: number): void {
    if (wm > this.wm) this.advance(wm);
    this.slicer.whenThawed(() => {
      this.flush();
      this.out.watermark(wm);
    });
  }

  /**
   * Fires what `due` allows now, without a watermark advance: for an operator whose timers run on a clock
   * of its own (`due` reads it), such as an OVER ordered by arrival.
   */
  protected fireDueNow(): void {
    const timers = this.timers;
    if (timers === null) throw new Error('invariant: a timer operator declares its timers');
    const first = timers.firstNamespace;
    if (first === undefined || !this.due(first, this.wm)) return;
    this.slicer.run(this.fireDue(timers, this.wm, this.wm));
  }

  /** Fires, namespace by namespace in ascending order, every entry that `wm` makes due, and drops them. */
  private advance(wm: number): void {
    const prev = this.wm;
    this.wm = wm;
    const timers = this.timers;
    if (timers === null) throw new Error('invariant: a timer operator declares its timers');
    const first = timers.firstNamespace;
    if (first === undefined || !this.due(first, wm)) return;
    this.slicer.run(this.fireDue(timers, wm, prev));
  }

  private *fireDue(timers: KeyedStateTable<string, V>, wm: number, prev: number): Generator<void> {
    this.beforeFire();
    for (const ns of timers.namespacesWhile((n) => this.due(n, wm))) {
      for (const entry of timers.space(ns)!.values()) {
        this.fire(ns, entry, prev);
        if (this.slicer.chunkFull) yield;
      }
      timers.drop(ns);
    }
  }

  /** A row out, with the watermark it leaves under; rows go in one batch at the end of the step. */
  protected emit(row: Row, wm: number): void {
    this.pendingRows.push(row);
    this.pendingWms.push(wm);
  }

  protected flush(): void {
    if (this.pendingRows.length === 0) return;
    const batch: Batch = { rows: this.pendingRows, ops: null, wms: this.pendingWms };
    this.pendingRows = [];
    this.pendingWms = [];
    this.out.data(batch);
  }

  /** A codec of entries stored as a tuple whose `ord` a restore continues from. */
  protected ordCodec<T extends { readonly ord: number }>(toTuple: (v: T) => unknown[], fromTuple: (t: unknown[]) => T): Codec<T> {
    return ordCodec(toTuple, fromTuple, (ord) => {
      if (ord >= this.nextOrd) this.nextOrd = ord + 1;
    });
  }
}
