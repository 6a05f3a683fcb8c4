/**
 * Per-split offsets and watermarks of a source read in splits (a nats table's partitions).
 *
 *   split (partition)   offset (stream seq)   watermark            idle?
 *   6                   1041                  12:00:04.000         no
 *   7                   988                   12:00:01.500         no     ← the source's watermark
 *   8                   0                     none yet             yes    (no message for idle_timeout)
 *
 * - A split's offset is the stream sequence of the last message whose rows were handed to the engine;
 *   it is written into `SourceRuntime.splits` in the same synchronous turn as those rows are pushed, so a
 *   checkpoint (which commits `splits` with the operator state) never holds one without the other.
 * - A split's watermark is the running max of the WATERMARK expression over its rows; the source's
 *   watermark is the minimum over the splits this worker reads, so no split's rows are made late by
 *   another split running ahead (Flink's per-partition watermarks).
 * - A split without messages for `idle_timeout` (on the engine's clock) does not hold that minimum back;
 *   when every split is idle the source takes the highest split watermark, and the engine's idle clock
 *   moves it on from there (engine.ts).
 *
 * The state lives in `SourceRuntime.splits` (by split id), which durability.ts checkpoints and restores; this
 * class is the only writer. It is kept behind this narrow interface so that a generic per-split runtime
 * can take it over without touching the connector.
 */
import type { Clock } from '../../api.js';
import type { Row } from '../../operator.js';
import type { SourceRuntime } from '../../runtime/source-runtime.js';

export class SplitTracker {
  private readonly lastActive = new Map<string, number>();

  constructor(
    private readonly rt: SourceRuntime,
    /** The splits this worker reads. */
    readonly ids: readonly string[],
    private readonly clock: Clock,
    private readonly idleMs: number | null,
    private readonly wmOf: ((row: Row) => number | null) | null,
  ) {
    const now = clock.now();
    for (const id of ids) this.lastActive.set(id, now);
  }

  /** Committed offsets of this worker's splits (restored from the state file); absent: never read. */
  offsets(): Map<string, number> {
    const out = new Map<string, number>();
    for (const id of this.ids) {
      const p = this.rt.splits.get(id);
      if (p !== undefined) out.set(id, p.offset);
    }
    return out;
  }

  /**
   * Records that `rows` of split `id` were taken, up to stream sequence `offset`, and moves the split's
   * watermark over them. Call in the same turn as the rows are pushed.
   */
  taken(id: string, rows: readonly Row[], offset: number): void {
    const before = this.rt.splits.get(id);
    let wm = before?.watermark ?? -Infinity;
    const f = this.wmOf;
    if (f !== null) {
      for (const r of rows) {
        const w = f(r);
        if (w !== null && w > wm) wm = w;
      }
    }
    this.rt.splits.set(id, { offset, watermark: Number.isFinite(wm) ? wm : null });
    this.lastActive.set(id, this.clock.now());
  }

  /**
   * The source's watermark: the minimum over active splits (-Infinity while one has none). When every
   * split is idle, the highest split watermark: everything read so far came from them, and the engine's
   * idle clock moves the source on from there.
   */
  watermark(): number {
    const now = this.clock.now();
    let min = Infinity;
    let max = -Infinity;
    let active = 0;
    for (const id of this.ids) {
      const w = this.rt.splits.get(id)?.watermark ?? null;
      if (w !== null && w > max) max = w;
      if (this.idleMs !== null && now - this.lastActive.get(id)! >= this.idleMs) continue;
      active++;
      if (w === null) min = -Infinity;
      else if (w < min) min = w;
    }
    return active === 0 ? max : min;
  }

  /** Moves the source's watermark to the minimum over the splits (never back). */
  advance(): void {
    if (this.wmOf === null) return;
    const wm = this.watermark();
    if (wm > this.rt.wm) this.rt.advanceTo(wm);
  }
}
