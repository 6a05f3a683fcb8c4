/**
 * Grouped aggregation over fixed, non-overlapping event-time windows.
 * State: window_start → (group key → accumulators).  Emits: one +I row per window and key once the
 * watermark reaches window_end − 1 ms, then forgets the window. A row whose window has already fired
 * (watermark at its arrival ≥ window_end − 1) is late: reported, never added.
 *
 *   |--- w0 ---|--- w1 ---|--- w2 ---|      window_start = ts − ((ts − offset) mod size)
 *                  ^ watermark: w0 fires
 *
 * EMIT CHANGES: every update of an open window emits the running row (+I first, then -U/+U; nothing when
 * the update leaves it as it was); with
 * 'emit.interval' an update only marks (window, key), and the marked ones emit their running row once
 * per interval of event time and before the window closes (window-changes.ts).
 * Output row: [...keys, window_start, window_end, window_time, ...aggs].
 * Over a changelog input (EMIT FINAL), -U/-D rows retract from their open window (late ones are dropped as
 * any late row), and a group whose rows were all retracted emits nothing.
 */
import type { Aggregation } from '../aggregates/groups.js';
import type { GroupSpace } from '../aggregates/group-table.js';
import { sameRow, windowStart, type Batch } from '../operator.js';
import { WindowAggregateBase } from './window-aggregate-base.js';
import type { Pending } from './window-changes.js';

export class TumbleAggregateOperator extends WindowAggregateBase {
  constructor(
    agg: Aggregation,
    timeCol: number,
    size: number,
    private readonly offset: number,
    emitChanges: boolean,
    emitIntervalMs: number | null = null,
  ) {
    super(agg, timeCol, size, emitChanges, 'windows', emitIntervalMs);
  }

  /** The watermark of the firing in progress: the windows ending by it are being fired. */
  private firingAt = -Infinity;

  /**
   * EMIT FINAL: rows go to windows that end after the firing's watermark (a row for a window being fired
   * is late), which it does not read, and make no rows themselves.
   */
  protected override runsAhead(): boolean {
    return !this.emitChanges;
  }

  protected override aheadLimit(): number {
    return this.fireAt();
  }

  onData(input: number, batch: Batch): void {
    if (this.frozen && !this.runningAhead) return this.stash(() => this.onData(input, batch));
    const { rows, wms } = batch;
    const ops = this.agg.retractable ? batch.ops : null;
    const agg = this.agg;
    const size = this.size;
    const offset = this.offset;
    const timeCol = this.timeCol;
    const buckets = this.buckets;
    // EMIT CHANGES: every update at once (`changes`), or marked for the interval's emission (`marks`).
    const marks = this.changes !== null && this.changes.intervalMs !== null ? this.changes : null;
    const changes = this.emitChanges && marks === null;
    let lastStart = NaN;
    let lastBucket: GroupSpace | undefined;
    let lastPending: Map<unknown, Pending> | undefined;
    // The watermark at which the oldest open window fires (or an interval ends): below it a rising
    // watermark only moves.
    let fireAt = this.fireAt();
    for (let i = 0, n = rows.length; i < n; i++) {
      const row = rows[i]!;
      let wm = this.wm;
      // Per-row arrival watermarks: fire what the watermark before this row had closed, exactly as if
      // events arrived one at a time. Most rows raise the watermark a little and close nothing.
      if (wms !== null && wms[i]! > wm) {
        wm = wms[i]!;
        if (wm >= fireAt) {
          // Running ahead of a firing: the next one starts once it is done, from this row.
          if (this.frozen) return this.stashRest(input, batch, i);
          this.advance(wm);
          lastStart = NaN;
          // A firing left to the pacer: this row and the rest of the batch wait until it is done, unless
          // they may run ahead of it (they then go on now, into later windows).
          if (this.frozen && !this.runningAhead) return this.stashRest(input, batch, i);
          fireAt = this.fireAt();
        } else this.wm = wm;
      }
      const ts = row[timeCol] as number;
      const start = windowStart(ts, size, offset);
      if (wm >= start + size - 1) {
        this.ctx.late(row, wm);
        continue;
      }
      // Consecutive rows mostly share a window: look the bucket up only when the window changes
      // (a purge by `advance` above invalidates the cache, hence the check of lastStart after it).
      let bucket = start === lastStart ? lastBucket : undefined;
      if (bucket === undefined) {
        bucket = buckets.open(start);
        lastStart = start;
        lastBucket = bucket;
        lastPending = marks?.pending.open(start);
        if (start + size - 1 < fireAt) fireAt = start + size - 1;
      }
      const key = agg.keyOf(row);
      const store = bucket.store;
      if (ops !== null && (ops[i] === '-U' || ops[i] === '-D')) {
        // A changelog input (EMIT FINAL only): the retraction takes its row out of the open window; a group
        // left with no rows emits nothing when the window fires (Flink's record counter).
        const g = bucket.find(key);
        if (g >= 0) store.retract(g, row);
        continue;
      }
      let s = bucket.find(key);
      if (s < 0) s = bucket.create(key, row);
      // EMIT CHANGES: the running row before and after, unless the row leaves it as it was (a MAX below
      // the maximum): Flink's early-fire windows and group aggregation send nothing then either.
      const before = changes && store.n(s) > 0 ? this.output(store, s, start) : null;
      store.add(s, row);
      bucket.touch(key);
      if (changes) {
        const after = this.output(store, s, start);
        if (before === null) this.pend(after, '+I', wm);
        else if (!sameRow(before, after)) {
          this.pend(before, '-U', wm);
          this.pend(after, '+U', wm);
        }
      } else if (marks !== null) marks.mark(start, key, lastPending);
    }
    this.flush();
  }

  /**
   * The watermark that fires the oldest open window or ends an interval (+∞: neither); during a firing,
   * the oldest window it does not fire.
   */
  private fireAt(): number {
    const first = this.frozen ? this.firstUnfired() : this.buckets.firstNamespace;
    return Math.min(first === undefined ? Infinity : first + this.size - 1, this.nextTick);
  }

  /** The oldest window that the firing in progress leaves open (a handful of windows at most are open). */
  private firstUnfired(): number | undefined {
    const size = this.size;
    for (const start of this.buckets.namespacesIn(this.firingAt - size + 1, Infinity)) if (start + size - 1 > this.firingAt) return start;
    return undefined;
  }

  /** Fires every window that the watermark `wm` closes; rows wait in `pending` until the batch ends. */
  protected advance(wm: number): void {
    const size = this.size;
    const first = this.buckets.firstNamespace;
    const closes = first !== undefined && first + size - 1 <= wm;
    this.changesBefore(wm, closes);
    const prev = this.wm;
    this.wm = wm;
    if (this.changes !== null) this.changes.closed(wm, size);
    if (!closes) return;
    this.firingAt = wm;
    this.fire(this.fireClosed(wm, prev));
  }

  /** Emits the marked (window, key) of the windows starting at or before `upTo`, under watermark `wm`. */
  protected override emitPending(wm: number, upTo: number): void {
    const pending = this.changes!.pending;
    for (const start of pending.namespacesWhile((s) => s <= upTo)) {
      const space = this.buckets.space(start);
      if (space !== undefined) {
        const store = space.store;
        for (const key of pending.space(start)!.keys()) {
          const s = space.peek(key);
          if (s >= 0) this.changes!.emit(start, key, this.output(store, s, start), wm, this.pendRow);
        }
      }
      pending.drop(start);
    }
  }

  /** Emits and forgets the windows `wm` closes, yielding after each chunk (see WindowAggregateBase.fire). */
  private *fireClosed(wm: number, prev: number): Generator<void, void, void> {
    const size = this.size;
    for (const start of this.buckets.namespacesWhile((s) => s + size - 1 <= wm)) {
      // Fired rows carry the watermark from before this advance, so a downstream window that closes
      // at the same instant still counts them (cascaded windows lose nothing).
      if (!this.emitChanges) {
        const space = this.buckets.space(start)!;
        const store = space.store;
        // Read only, then dropped: a snapshot in progress encodes these groups on its own time. Nothing
        // adds to a window being fired (a row for it is late), so its slots' places stay put across yields.
        for (let p = 0; p < space.readPositions; p++) {
          const s = space.readSlotAt(p);
          if (s < 0) continue;
          if (store.n(s) === 0) continue; // every row of the group was retracted (a changelog input)
          this.pend(this.output(store, s, start), '+I', prev);
          if (this.chunkFull) yield;
        }
      }
      this.buckets.drop(start);
    }
  }
}
