/**
 * Grouped aggregation over sliding (HOP) event-time windows, on slide-sized panes: an event updates the
 * one pane it falls in (O(1) state updates per event, whatever size/slide is), and a window is the merge
 * of its size/slide panes when it fires (Flink's slicing, Arroyo's panes).
 *
 *   panes:   |p0|p1|p2|p3|p4|          slide = pane, size = 3 panes
 *   windows: [p0 p1 p2]                fires at watermark ≥ end − 1, then p0 is no longer needed
 *               [p1 p2 p3]
 *
 * A pane is purged once the last window containing it (the one starting at the pane) has fired.
 * Lateness is per window: a row is dropped from the windows that already fired and still counted in
 * the open ones; it is reported as late if it missed at least one window.
 * EMIT CHANGES recomputes the updated key's open windows from their panes on every update.
 * Output row: [...keys, window_start, window_end, window_time, ...aggs].
 */
import type { Aggregation, Group } from '../aggregates/groups.js';
import { windowStart, type Batch, type Row, type StateEntry } from '../operator.js';
import { WindowAggregateBase } from './window-aggregate-base.js';

/** Epoch of a merge copy made by `fire` (pane groups have epochs ≥ -1). */
const SCRATCH = -2;

export class HopAggregateOperator extends WindowAggregateBase {  /** Start of the next window to fire; windows before it have fired. */
  private nextFire = -Infinity;
  /** EMIT CHANGES: last emitted row per (window start, key). */
  private readonly emitted = new Map<string, Row>();

  constructor(
    agg: Aggregation,
    timeCol: number,
    private readonly slide: number,
    size: number,
    private readonly offset: number,
    emitChanges: boolean,
  ) {
    super(agg, timeCol, size, emitChanges);
  }

  onData(batch: Batch): void {
    const { rows, wms } = batch;
    const { agg, slide, size, offset, timeCol, state } = this;
    for (let i = 0, n = rows.length; i < n; i++) {
      const row = rows[i]!;
      let wm = this.wm;
      // Per-row arrival watermarks: fire what the watermark before this row had closed (see operator.ts).
      if (wms !== null && wms[i]! > wm) this.advance((wm = wms[i]!));
      const ts = row[timeCol] as number;
      const pane = windowStart(ts, slide, offset);
      // The last window holding this pane starts at the pane; the first starts size − slide earlier.
      if (wm >= pane + size - 1) {
        this.ctx.late(row, wm);
        continue;
      }
      if (wm >= pane + slide - 1) this.ctx.late(row, wm); // missed some windows, counts in the rest
      let bucket = state.windows.get(pane);
      if (bucket === undefined) bucket = state.openWindow(pane);
      const key = agg.keyOf(row);
      let g = bucket.get(key);
      if (g === undefined) {
        g = agg.newGroup(row);
        bucket.set(key, g);
      }
      agg.add(g, row);
      state.touch(pane, key, g);
      if (this.emitChanges) this.changesFor(key, g, pane, wm);
    }
    this.flush();
  }

  /** Fires every window the watermark `wm` closes and purges panes no open window needs. */
  protected advance(wm: number): void {
    const prev = this.wm;
    this.wm = wm;
    const { size, slide, state } = this;
    for (;;) {
      const first = state.firstStart;
      if (first === undefined) break;
      const s = Math.max(this.nextFire, first - size + slide);
      if (s + size - 1 > wm) break;
      if (!this.emitChanges) this.fire(s, prev);
      this.nextFire = s + slide;
      for (const p of state.dueWindows((p) => p <= s)) state.purge(p);
    }
    // Windows the watermark has passed count as fired even if they never held a row: a late row must
    // not bring one back.
    if (Number.isFinite(wm)) this.nextFire = Math.max(this.nextFire, windowStart(wm - size + 1, slide, this.offset) + slide);
    if (this.emitChanges && this.emitted.size > 0) {
      for (const k of this.emitted.keys()) if (Number(k.slice(0, k.indexOf('|'))) + size - 1 <= wm) this.emitted.delete(k);
    }
  }

  /**
   * Merges the panes of window [s, s + size) per key and emits one row per key. A key found in one pane
   * only is read from that pane's group as it is; a copy is made only when a second pane adds to it
   * (copies are marked with epoch SCRATCH so they are never confused with a pane's own group).
   */
  private fire(s: number, wm: number): void {
    const merged = new Map<unknown, Group>();
    for (const p of this.state.startsIn(s, s + this.size)) {
      for (const [key, g] of this.state.windows.get(p)!) {
        const m = merged.get(key);
        if (m === undefined) merged.set(key, g);
        else if (m.epoch === SCRATCH) this.agg.merge(m, g);
        else {
          const c = this.agg.copy(m);
          c.epoch = SCRATCH;
          this.agg.merge(c, g);
          merged.set(key, c);
        }
      }
    }
    for (const g of merged.values()) this.pend(this.output(g, s), '+I', wm);
  }

  private changesFor(key: unknown, g: Group, pane: number, wm: number): void {
    const { size, slide } = this;
    for (let s = pane - size + slide; s <= pane; s += slide) {
      if (s + size - 1 <= wm) continue; // already fired
      let m: Group | undefined;
      for (const p of this.state.startsIn(s, s + size)) {
        const pg = this.state.windows.get(p)!.get(key);
        if (!pg) continue;
        if (m === undefined) m = this.agg.copy(pg);
        else this.agg.merge(m, pg);
      }
      const row = this.output(m ?? g, s);
      const id = `${s}|${String(key)}`;
      const before = this.emitted.get(id);
      if (before) this.pend(before, '-U', wm);
      this.pend(row, before ? '+U' : '+I', wm);
      this.emitted.set(id, row);
    }
  }

  override checkpoint(): StateEntry[] {
    const entries = this.state.checkpoint(this.wm);
    entries.push(['next', Number.isFinite(this.nextFire) ? this.nextFire : null]);
    return entries;
  }

  override restore(entries: Iterable<StateEntry>): void {
    const rest: StateEntry[] = [];
    for (const e of entries) {
      if (e[0] === 'next') this.nextFire = typeof e[1] === 'number' ? e[1] : -Infinity;
      else rest.push(e);
    }
    this.wm = this.state.restore(rest);
  }

}
