/**
 * Grouped aggregation over CUMULATE windows on step-sized panes (Flink's cumulative slicing). A cycle
 * [cs, cs + size) is size-aligned; its windows all start at cs and end at every step boundary:
 *
 *   panes:    |p0|p1|p2|p3|          step = pane, size = 4 panes
 *   windows:  [p0]                   fires at watermark ≥ end − 1 ms
 *             [p0 p1]
 *             [p0 p1 p2]
 *             [p0 p1 p2 p3]          the last: the cycle is forgotten
 *
 * State: `panes` (pane start → key → accumulators of rows not yet in a fired window) and `cycles` (cycle
 * start → key → accumulators of every pane already fired). An event updates one pane (O(1) state updates);
 * when a window ends, its last pane is merged into the cycle (a key new to the cycle takes over its pane
 * group: numbers copied into a cycle slot, boxed accumulators moved) and the cycle's groups are
 * emitted, one row per key seen in the cycle so far, so a key without rows in the last step still
 * gets its running total. A row whose pane has fired but whose cycle has not is reported late and added
 * to the cycle, so it counts in the cycle's windows still open (as Flink does); a row whose whole cycle
 * has fired is late and dropped.
 * Output row: [...keys, window_start, window_end, window_time, ...aggs]. Append-only (EMIT FINAL).
 * Over a changelog input, -U/-D rows retract from their pane (or, once the pane has fired, from the
 * cycle) as inserts add to it, late ones dropped as any late row; a key whose rows in the cycle so far
 * were all retracted emits nothing for the window (Flink's record counter).
 */
import type { Aggregation } from '../aggregates/groups.js';
import { GroupTable } from '../aggregates/group-table.js';
import { windowStart, type Batch } from '../operator.js';
import { ValueState } from '../state/state-table.js';
import { valueCodec } from '../state/value-codec.js';
import { WindowAggregateBase } from './window-aggregate-base.js';

export class CumulateAggregateOperator extends WindowAggregateBase {
  private readonly cycles: GroupTable;
  /** End of the next window to fire; every window ending at or before it − step has fired. */
  private readonly nextEnd: ValueState<number>;

  constructor(
    agg: Aggregation,
    timeCol: number,
    private readonly step: number,
    size: number,
    private readonly offset: number,
  ) {
    super(agg, timeCol, size, false, 'panes');
    this.cycles = this.declare(new GroupTable('cycles', agg, { runs: true }));
    this.nextEnd = this.declare(new ValueState('next_end', -Infinity, valueCodec<number>()));
  }

  onData(input: number, batch: Batch): void {
    if (this.frozen) return this.stash(() => this.onData(input, batch));
    const { rows, wms } = batch;
    const { agg, step, size, offset, timeCol, buckets, cycles } = this;
    const ops = agg.retractable ? batch.ops : null;
    for (let i = 0, n = rows.length; i < n; i++) {
      const row = rows[i]!;
      let wm = this.wm;
      // Per-row arrival watermarks: fire what the watermark before this row had closed (see operator.ts).
      if (wms !== null && wms[i]! > wm) {
        this.advance((wm = wms[i]!));
        // A firing left to the pacer: this row and the rest of the batch wait until it is done.
        if (this.frozen) return this.stashRest(input, batch, i);
      }
      const ts = row[timeCol] as number;
      const cycle = windowStart(ts, size, offset);
      if (wm >= cycle + size - 1) {
        this.ctx.late(row, wm);
        continue;
      }
      const pane = windowStart(ts, step, offset);
      const key = agg.keyOf(row);
      let table = buckets;
      let ns = pane;
      if (wm >= pane + step - 1) {
        // Missed the windows ending up to the watermark; still in the cycle's later ones.
        this.ctx.late(row, wm);
        table = cycles;
        ns = cycle;
      }
      if (ops !== null && (ops[i] === '-U' || ops[i] === '-D')) {
        // A retraction leaves the pane (or cycle) its row went to; one that finds no group there is dropped.
        const space = table.space(ns);
        const s = space === undefined ? -1 : space.find(key);
        if (s >= 0) {
          space!.store.retract(s, row);
          space!.touch(key);
        }
        continue;
      }
      const space = table.open(ns);
      let s = space.find(key);
      if (s < 0) s = space.create(key, row);
      space.store.add(s, row);
      space.touch(key);
    }
    this.flush();
  }

  /** Fires, in order of their end, every window the watermark `wm` closes. */
  protected advance(wm: number): void {
    const prev = this.wm;
    this.wm = wm;
    const next = this.nextEnd.get();
    // Most watermark moves close nothing: no firing to set up.
    if (this.nextDue(next) - 1 > wm) this.closed(wm, next);
    else this.fire(this.fireClosed(wm, prev, next));
  }

  /** End of the next window that holds rows (Infinity: none). */
  private nextDue(next: number): number {
    const firstPane = this.buckets.firstNamespace;
    const firstCycle = this.cycles.firstNamespace;
    let end = Infinity;
    if (firstPane !== undefined) end = firstPane + this.step;
    if (firstCycle !== undefined) end = Math.min(end, Math.max(next, firstCycle + this.step));
    return end;
  }

  /** Fires the windows `wm` closes, yielding after each chunk of rows (see WindowAggregateBase.fire). */
  private *fireClosed(wm: number, prev: number, next: number): Generator<void, void, void> {
    const { step, size, offset, buckets, cycles } = this;
    for (;;) {
      const end = this.nextDue(next);
      if (end === Infinity || end - 1 > wm) break;
      const cycle = windowStart(end - 1, size, offset);
      const pane = end - step;
      const fresh = buckets.space(pane);
      if (fresh !== undefined) {
        const into = cycles.open(cycle);
        const from = fresh.store;
        for (const g of fresh.slots()) {
          const key = from.mapKey(g);
          const m = into.find(key);
          // Adopted with a new creation order, so that the cycle's order (insertion) is its order after
          // a restore (by ord).
          if (m < 0) into.adopt(key, from, g);
          else {
            into.store.mergeFrom(m, from, g);
            into.touch(key);
          }
        }
        buckets.drop(pane);
      }
      const groups = cycles.space(cycle);
      // Fired rows carry the watermark from before this advance (see TumbleAggregateOperator).
      if (groups !== undefined) {
        const store = groups.store;
        for (const g of groups.slots()) {
          if (store.n(g) === 0) continue; // every row of the key in the cycle so far was retracted (a changelog input)
          this.pend(this.output(store, g, cycle, end), '+I', prev);
          if (this.chunkFull) yield;
        }
      }
      if (end === cycle + size) cycles.drop(cycle);
      next = end + step;
    }
    this.closed(wm, next);
  }

  /** Windows the watermark has passed count as fired even if they held no row. */
  private closed(wm: number, next: number): void {
    if (Number.isFinite(wm)) next = Math.max(next, windowStart(wm + 1, this.step, this.offset) + this.step);
    this.nextEnd.set(next);
  }
}
