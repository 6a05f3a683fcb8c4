/**
 * EMIT CHANGES of a window aggregation (TUMBLE, HOP): which (window, key) changed since it was last
 * emitted, and what it emitted last, so that a change is a −U of that row and a +U of the new one (+I
 * the first time). Shared by the window operators through WindowAggregateBase.
 *
 * Pending changes are kept per namespace of the operator's buckets (a window start for TUMBLE, a pane
 * start for HOP) and key, in the order they were first marked. They are emitted:
 *   - without an interval: at the end of each batch (HOP; TUMBLE emits each update at once and marks
 *     nothing), and before a window closes;
 *   - with 'emit.interval' = I (event time): when the watermark reaches the end of an interval (k·I − 1,
 *     where a TUMBLE of size I would fire), and a window's own before it closes, so that its last
 *     update is its final row. Between two interval ends a (window, key) emits at most once, plus once as
 *     it closes.
 *
 *   watermark:  ───────|k·I − 1|──────────────|(k+1)·I − 1|────── window end − 1
 *   changes:     x  x x    ↓ one −U/+U     x  x    ↓ one −U/+U   x  ↓ the final −U/+U
 *
 * With an interval, pending changes outlive a batch, so they are declared state (`pending`): a restored
 * run emits them at the same watermark, in the same order, as the run that took the checkpoint.
 */
import type { Aggregation } from '../aggregates/groups.js';
import type { RowOp } from '../api.js';
import type { DeclaredState } from '../state/state-table.js';
import { KeyedStateTable } from '../state/state-table.js';
import { anyCodec, valueCodec, type Codec } from '../state/value-codec.js';
import { sameRow, type Row } from '../operator.js';

/** A pending change: the group key (as the operator's Maps hold it) and the order it was marked in. */
export type Pending = [key: unknown, ord: number];

/** Pending changes; restored in the order they were marked, and the order counter past the last one. */
class PendingTable extends KeyedStateTable<unknown, Pending> {
  ord = 0;

  override finishRestore(): void {
    super.finishRestore();
    for (const ns of this.namespacesIn(-Infinity, Infinity)) for (const p of this.space(ns)!.values()) if (p[1] >= this.ord) this.ord = p[1] + 1;
  }
}

const pendingCodec: Codec<Pending> = {
  encode: (p) => anyCodec.encode(p),
  decode: (text) => anyCodec.decode(text) as Pending,
};

export class WindowChanges {
  /** Last emitted row per (window start, key): what the next change retracts (null: not kept, TUMBLE without an interval). */
  readonly emitted: KeyedStateTable<unknown, Row> | null;
  /** Namespace → key → pending change. */
  readonly pending: PendingTable;

  /**
   * `declare` registers a table as operator state. `retainEmitted`: keep the emitted rows (an operator
   * that emits every update at once can retract from its state instead).
   */
  constructor(
    agg: Aggregation,
    /** 'emit.interval' in ms of event time; null: no coalescing across batches. */
    readonly intervalMs: number | null,
    retainEmitted: boolean,
    declare: <T extends DeclaredState>(table: T) => T,
  ) {
    const keys = agg.keyFns.length;
    this.emitted = retainEmitted
      ? declare(new KeyedStateTable<unknown, Row>('emitted', { codec: valueCodec<Row>(), keyText: agg.keyText, keyOf: (row) => agg.keyFromValues(row.slice(0, keys)) }))
      : null;
    const pending = new PendingTable('pending', { codec: pendingCodec, keyText: agg.keyText, keyOf: (p) => p[0], order: (p) => p[1] });
    // Without an interval nothing is pending between batches: plain memory, no state.
    this.pending = intervalMs === null ? pending : declare(pending);
  }

  /** Marks (ns, key) as changed; `space` is pending.open(ns) when the caller has it. */
  mark(ns: number, key: unknown, space: Map<unknown, Pending> = this.pending.open(ns)): void {
    if (space.get(key) === undefined) this.pending.put(ns, key, [key, this.pending.ord++], space);
  }

  /** True when the watermark moving from `prev` to `wm` reaches the end of an interval (the first watermark reaches none). */
  ticks(prev: number, wm: number): boolean {
    const i = this.intervalMs;
    return i !== null && prev !== -Infinity && Math.floor((wm + 1) / i) > Math.floor((prev + 1) / i);
  }

  /** The lowest watermark above `wm` that reaches the end of an interval (+∞ without an interval). */
  nextTick(wm: number): number {
    const i = this.intervalMs;
    if (i === null) return Infinity;
    if (!Number.isFinite(wm)) return wm === -Infinity ? -Infinity : Infinity;
    return (Math.floor((wm + 1) / i) + 1) * i - 1;
  }

  /**
   * Emits `row` as the running row of window `start` and key `key` through `pend`: −U of the row
   * emitted before and +U, or +I the first time, or nothing when it equals the row emitted before
   * (`emitted` must be kept).
   */
  emit(start: number, key: unknown, row: Row, wm: number, pend: (row: Row, op: RowOp, wm: number) => void): void {
    this.emitIn(this.emitted!.open(start), start, key, row, wm, pend);
  }

  /** `emit` with the emitted rows of window `start` at hand (`emittedOf(start)`): one Map look-up for the row before, none for the window. */
  emitIn(space: Map<unknown, Row>, start: number, key: unknown, row: Row, wm: number, pend: (row: Row, op: RowOp, wm: number) => void): void {
    const before = space.get(key);
    if (before !== undefined) {
      // Marked but left as it was (rows that moved no result, or changes that cancelled out): nothing.
      if (sameRow(before, row)) return;
      pend(before, '-U', wm);
    }
    pend(row, before !== undefined ? '+U' : '+I', wm);
    this.emitted!.put(start, key, row, space);
  }

  /** The emitted rows of window `start` (created empty), for `emitIn`; valid until the window closes. */
  emittedOf(start: number): Map<unknown, Row> {
    return this.emitted!.open(start);
  }

  /** Forgets the emitted rows of the windows that ended by `wm` (`size`: window size). */
  closed(wm: number, size: number): void {
    const emitted = this.emitted;
    if (emitted !== null) for (const s of emitted.namespacesWhile((s) => s + size - 1 <= wm)) emitted.drop(s);
  }
}
