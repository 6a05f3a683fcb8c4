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
import { windowStart, type Batch, type Row } from '../operator.js';
import { KeyedStateTable, ValueState } from '../state/state-table.js';
import { valueCodec } from '../state/value-codec.js';
import { WindowAggregateBase } from './window-aggregate-base.js';

export class HopAggregateOperator extends WindowAggregateBase {
  /** Start of the next window to fire; windows before it have fired. */
  private readonly nextFire: ValueState<number>;
  /** EMIT CHANGES: last emitted row per (window start, key): what the next change retracts. */
  private readonly emitted: KeyedStateTable<unknown, Row>;

  constructor(
    agg: Aggregation,
    timeCol: number,
    private readonly slide: number,
    size: number,
    private readonly offset: number,
    emitChanges: boolean,
  ) {
    super(agg, timeCol, size, emitChanges, 'panes');
    this.nextFire = this.declare(new ValueState('next_fire', -Infinity, valueCodec<number>()));
    const keys = agg.keyFns.length;
    this.emitted = this.declare(
      new KeyedStateTable<unknown, Row>('emitted', { codec: valueCodec<Row>(), keyText: agg.keyText, keyOf: (row) => agg.keyFromValues(row.slice(0, keys)) }),
    );
  }

  onData(_input: number, batch: Batch): void {
    const { rows, wms } = batch;
    const { agg, slide, size, offset, timeCol, buckets } = this;
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
      const bucket = buckets.open(pane);
      const key = agg.keyOf(row);
      let g = bucket.get(key);
      if (g === undefined) {
        g = agg.newGroup(row);
        buckets.put(pane, key, g, bucket);
      }
      agg.add(g, row);
      buckets.touch(pane, key);
      if (this.emitChanges) this.changesFor(key, g, pane, wm);
    }
    this.flush();
  }

  /** Fires every window the watermark `wm` closes and purges panes no open window needs. */
  protected advance(wm: number): void {
    const prev = this.wm;
    this.wm = wm;
    const { size, slide, buckets } = this;
    let next = this.nextFire.get();
    for (;;) {
      const first = buckets.firstNamespace;
      if (first === undefined) break;
      const s = Math.max(next, first - size + slide);
      if (s + size - 1 > wm) break;
      if (!this.emitChanges) this.fire(s, prev);
      next = s + slide;
      for (const p of buckets.namespacesWhile((p) => p <= s)) buckets.drop(p);
    }
    // Windows the watermark has passed count as fired even if they never held a row: a late row must
    // not bring one back.
    if (Number.isFinite(wm)) next = Math.max(next, windowStart(wm - size + 1, slide, this.offset) + slide);
    this.nextFire.set(next);
    if (this.emitChanges) for (const s of this.emitted.namespacesWhile((s) => s + size - 1 <= wm)) this.emitted.drop(s);
  }

  /**
   * Merges the panes of window [s, s + size) per key and emits one row per key. A key found in one pane
   * only is read from that pane's group as it is; a copy is made only when a second pane adds to it.
   */
  private fire(s: number, wm: number): void {
    const merged = new Map<unknown, Group>();
    const copies = new Set<Group>();
    for (const p of this.buckets.namespacesIn(s, s + this.size)) {
      for (const [key, g] of this.buckets.space(p)!) {
        const m = merged.get(key);
        if (m === undefined) merged.set(key, g);
        else if (copies.has(m)) this.agg.merge(m, g);
        else {
          const c = this.agg.copy(m);
          copies.add(c);
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
      for (const p of this.buckets.namespacesIn(s, s + size)) {
        const pg = this.buckets.space(p)!.get(key);
        if (!pg) continue;
        if (m === undefined) m = this.agg.copy(pg);
        else this.agg.merge(m, pg);
      }
      const row = this.output(m ?? g, s);
      const before = this.emitted.get(s, key);
      if (before) this.pend(before, '-U', wm);
      this.pend(row, before ? '+U' : '+I', wm);
      this.emitted.put(s, key, row);
    }
  }
}
