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
 * EMIT CHANGES (a mini-batch, as Flink's mini-batch aggregation): the panes a batch touched are noted per
 * key (window-changes.ts), and the changed windows are emitted once per batch — or, with 'emit.interval',
 * once per interval of event time — and before the watermark closes them, so a window's last change
 * always precedes its closing. Each changed window's value comes from a sliding combine over
 * the key's panes (prefix and suffix merges within blocks of size/slide panes), O(panes + windows) merges
 * per touched key and emission instead of O((size/slide)²) per row; one −U/+U per changed window and key.
 * Output row: [...keys, window_start, window_end, window_time, ...aggs].
 */
import type { Aggregation } from '../aggregates/groups.js';
import { GroupStore } from '../aggregates/group-store.js';
import type { GroupSpace, GroupTable } from '../aggregates/group-table.js';
import { KeyIds } from '../aggregates/key-ids.js';
import { windowStart, type Batch, type Row } from '../operator.js';
import { ValueState } from '../state/state-table.js';
import { valueCodec } from '../state/value-codec.js';
import { WindowAggregateBase } from './window-aggregate-base.js';
import type { Pending, WindowChanges } from './window-changes.js';

export class HopAggregateOperator extends WindowAggregateBase {
  /** Start of the next window to fire; windows before it have fired. */
  private readonly nextFire: ValueState<number>;
  /** Windows combined from panes while firing or emitting changes (reset after each use; reused). */
  private readonly combined: GroupStore;
  /** Firing: dense ids of the panes' keys; per id its slot in `combined` (-1: none yet); ids in merge order. */
  private readonly keyIds = new KeyIds();
  private slotOfId: Int32Array = new Int32Array(0);
  private order: Int32Array = new Int32Array(0);
  /** EMIT CHANGES (emitCluster, reused): per pane of a cluster the key's group (store, slot), and the suffixes. */
  private readonly paneStores: (GroupStore | undefined)[] = [];
  private paneSlot: Int32Array = new Int32Array(0);
  private suffix: Int32Array = new Int32Array(0);
  /** EMIT CHANGES: the namespaces of the emission in progress. */
  private readonly near: NearNamespaces;

  constructor(
    agg: Aggregation,
    timeCol: number,
    private readonly slide: number,
    size: number,
    private readonly offset: number,
    emitChanges: boolean,
    emitIntervalMs: number | null = null,
  ) {
    super(agg, timeCol, size, emitChanges, 'panes', emitIntervalMs, true);
    this.nextFire = this.declare(new ValueState('next_fire', -Infinity, valueCodec<number>()));
    this.combined = new GroupStore(agg);
    this.near = new NearNamespaces(slide, this.buckets, this.changes);
  }

  onData(input: number, batch: Batch): void {
    if (this.frozen) return this.stash(() => this.onData(input, batch));
    const { rows, wms } = batch;
    const { agg, slide, size, offset, timeCol, buckets, changes } = this;
    const ops = agg.retractable ? batch.ops : null;
    // Below next_fire + size − 1 a rising watermark fires no window and marks none as passed
    // (`advance` would only move it), nor (EMIT CHANGES with an interval) reaches an interval end, so
    // most rows skip `advance`. Consecutive rows mostly share a pane: its Maps are looked up again only
    // when the pane changes or `advance` purged panes.
    let fireAt = Math.min(this.nextFire.get() + size - 1, this.nextTick);
    let lastPane = NaN;
    let lastBucket: GroupSpace | undefined;
    let lastPending: Map<unknown, Pending> | undefined;
    for (let i = 0, n = rows.length; i < n; i++) {
      const row = rows[i]!;
      let wm = this.wm;
      // Per-row arrival watermarks: fire what the watermark before this row had closed (see operator.ts).
      if (wms !== null && wms[i]! > wm) {
        wm = wms[i]!;
        if (wm >= fireAt) {
          this.advance(wm);
          // A firing left to the pacer: this row and the rest of the batch wait until it is done.
          if (this.frozen) return this.stashRest(input, batch, i);
          fireAt = Math.min(this.nextFire.get() + size - 1, this.nextTick);
          lastPane = NaN;
        } else this.wm = wm;
      }
      const ts = row[timeCol] as number;
      const pane = windowStart(ts, slide, offset);
      // The last window holding this pane starts at the pane; the first starts size − slide earlier.
      if (wm >= pane + size - 1) {
        this.ctx.late(row, wm);
        continue;
      }
      if (wm >= pane + slide - 1) this.ctx.late(row, wm); // missed some windows, counts in the rest
      let bucket = pane === lastPane ? lastBucket : undefined;
      if (bucket === undefined) {
        bucket = buckets.open(pane);
        lastPane = pane;
        lastBucket = bucket;
        lastPending = changes?.pending.open(pane);
      }
      const key = agg.keyOf(row);
      if (ops !== null && (ops[i] === '-U' || ops[i] === '-D')) {
        // A changelog input (EMIT FINAL only): the retraction leaves its pane, so every window still open
        // over the pane; a key left with no rows in a window emits nothing for it.
        const g = bucket.find(key);
        if (g >= 0) bucket.store.retract(g, row);
        continue;
      }
      let s = bucket.find(key);
      if (s < 0) s = bucket.create(key, row);
      bucket.store.add(s, row);
      bucket.touch(key);
      if (changes !== null) changes.mark(pane, key, lastPending);
    }
    // Without an interval, the batch's changes leave with it.
    if (changes !== null && changes.intervalMs === null) this.emitPending(this.wm, Infinity);
    this.flush();
  }

  /** Fires every window the watermark `wm` closes and purges panes no open window needs. */
  protected advance(wm: number): void {
    const { size, slide, buckets } = this;
    const next = this.nextFire.get();
    const first = buckets.firstNamespace;
    const closes = first !== undefined && Math.max(next, first - size + slide) + size - 1 <= wm;
    const changes = this.changes;
    if (changes !== null) {
      // A window about to close gets its last changes first, under the old watermark; a watermark that
      // closes nothing (most rows move it a little) leaves the batch's changes to be emitted together.
      if (changes.intervalMs !== null) this.changesBefore(wm, closes);
      else if (closes) this.emitPending(this.wm, Infinity);
    }
    const prev = this.wm;
    this.wm = wm;
    // Most watermark moves close nothing: no firing to set up.
    if (!closes) this.closed(wm, next);
    else this.fire(this.fireClosed(wm, prev, next));
  }

  /** Fires the windows `wm` closes, pane by pane (yielding after each chunk), then purges. */
  private *fireClosed(wm: number, prev: number, next: number): Generator<void, void, void> {
    const { size, slide, buckets } = this;
    for (;;) {
      const first = buckets.firstNamespace;
      if (first === undefined) break;
      const s = Math.max(next, first - size + slide);
      if (s + size - 1 > wm) break;
      if (!this.emitChanges) yield* this.fireWindow(s, prev);
      next = s + slide;
      for (const p of buckets.namespacesWhile((p) => p <= s)) {
        buckets.drop(p);
        this.keyIds.drop(p);
      }
    }
    this.closed(wm, next);
  }

  /** What every watermark move ends with: the next window to fire, and EMIT CHANGES' retractions purged. */
  private closed(wm: number, next: number): void {
    const size = this.size;
    // Windows the watermark has passed count as fired even if they never held a row: a late row must
    // not bring one back.
    if (Number.isFinite(wm)) next = Math.max(next, windowStart(wm - size + 1, this.slide, this.offset) + this.slide);
    this.nextFire.set(next);
    const changes = this.changes;
    if (changes !== null) {
      changes.closed(wm, size);
      // A pane whose last window (the one starting at it) has ended has no change left to emit.
      for (const p of changes.pending.namespacesWhile((p) => p + size - 1 <= wm)) changes.pending.drop(p);
    }
  }

  /**
   * Merges the panes of window [s, s + size) per key into `combined` (a key's first pane is copied
   * there, the others added: numbers into reused columns, no object per key) and emits one row per
   * key, keys in order of their first pane, then creation. A key's merged slot is found by its id
   * (`keyIds`) in `slotOfId`, so a firing builds no Map. Yields every chunk of merges and of rows
   * (the panes do not change meanwhile: the operator is frozen).
   */
  private *fireWindow(s: number, wm: number): Generator<void, void, void> {
    const merged = this.combined;
    merged.reset();
    const chunk = this.chunkLimit;
    let work = 0;
    let count = 0;
    for (const p of this.buckets.namespacesIn(s, s + this.size)) {
      const pane = this.buckets.space(p)!;
      const store = pane.store;
      const ids = this.keyIds.of(pane);
      const at = this.slotsById(this.keyIds.capacity);
      if (this.order.length < count + pane.size) this.order = grown(this.order, count + pane.size);
      const order = this.order;
      for (const g of pane.slots()) {
        const id = ids[g]!;
        const m = at[id]!;
        if (m < 0) {
          at[id] = merged.copyFrom(store, g, false);
          order[count++] = id;
        } else merged.mergeFrom(m, store, g);
        if (++work >= chunk) {
          work = 0;
          yield;
        }
      }
    }
    const at = this.slotOfId;
    const order = this.order;
    for (let i = 0; i < count; i++) {
      const id = order[i]!;
      const m = at[id]!;
      at[id] = -1;
      if (merged.n(m) === 0) continue; // every row of the key in this window was retracted (a changelog input)
      this.pend(this.output(merged, m, s), '+I', wm);
      if (this.chunkFull) yield;
    }
    merged.reset();
  }

  /** `slotOfId` with room for ids below `n` (new entries -1). */
  private slotsById(n: number): Int32Array {
    if (this.slotOfId.length < n) this.slotOfId = grown(this.slotOfId, n);
    return this.slotOfId;
  }

  /**
   * Emits every window starting at or before `upTo` that holds a pending pane, for each key with one
   * (keys in the order of their first pending pane), under watermark `wm`. With `upTo` = +∞ every
   * pending pane is then forgotten; otherwise they stay pending for their later windows.
   */
  protected override emitPending(wm: number, upTo: number): void {
    const pending = this.changes!.pending;
    const first = pending.firstNamespace;
    if (first === undefined) return;
    const { size, slide } = this;
    // Windows starting at or before upTo hold panes before upTo + size.
    const namespaces = upTo === Infinity ? pending.namespacesIn(-Infinity, Infinity) : pending.namespacesWhile((p) => p < upTo + size);
    const byKey = new Map<unknown, number[]>();
    for (const p of namespaces) {
      for (const key of pending.space(p)!.keys()) {
        const panes = byKey.get(key);
        if (panes === undefined) byKey.set(key, [p]);
        else panes.push(p);
      }
    }
    if (namespaces.length === 0) return;
    if (upTo === Infinity) for (const p of namespaces) pending.drop(p);
    // Every key looks up the same panes and windows: each namespace once per emission, by position —
    // unless the pending panes are so far apart that the positions between them outnumber the look-ups.
    const k = size / slide;
    const span = (namespaces.at(-1)! - first) / slide + 2 * k;
    this.near.reset(first - size + slide, span <= 2 * (namespaces.length + 2 * k) ? span : 0);
    for (const [key, panes] of byKey) {
      // Clusters of panes (ascending) whose windows overlap; far-apart panes are combined separately.
      let from = 0;
      for (let i = 1; i <= panes.length; i++) {
        if (i < panes.length && panes[i]! - panes[i - 1]! < size) continue;
        this.emitCluster(key, panes, from, i, upTo, wm);
        from = i;
      }
    }
    this.near.reset(0, 0);
  }

  /**
   * The windows of `key` starting at or before `upTo` holding any of panes[from..to) (ascending, each
   * window's panes within [first window start, last pane + size)), each emitted once. With k =
   * size/slide panes per window and windows counted from the first one, j, in block b = ⌊j/k⌋:
   *
   *   panes:     | block b: j … bk+k−1 | block b+1: bk+k … j+k−1 |
   *   window j = suffix(j)             ⊕ prefix(j)                 (j = bk: the suffix alone)
   *
   * Per block, the suffixes are made from its end backwards (one copy and one merge each); the windows
   * then go forwards with one running prefix (one merge of a pane each), and window j is suffix(j) with
   * the prefix merged into it in place (suffix(j) serves no other window). So each window costs about
   * one copy and three merges, whatever size/slide is (Arroyo's tiers, two of them). The panes are only
   * read: every group made is a slot of `combined`.
   */
  private emitCluster(key: unknown, panes: readonly number[], from: number, to: number, upTo: number, wm: number): void {
    const { size, slide, near } = this;
    const k = size / slide;
    const last = upTo === Infinity ? panes[to - 1]! : Math.min(panes[to - 1]!, windowStart(upTo, slide, this.offset));
    // The first window holding panes[from] that has not fired (start + size − 1 > wm).
    let s0 = panes[from]! - size + slide;
    if (s0 + size - 1 <= wm) s0 += Math.ceil((wm - (s0 + size - 1) + 1) / slide) * slide;
    if (s0 > last) return;
    const windows = (last - s0) / slide + 1;
    const c = this.combined;
    c.reset();
    const changes = this.changes!;
    if (windows === 1) {
      // One window (with an interval, mostly the one about to close): its k panes merged straight into
      // one slot, k − 1 merges.
      let t = from;
      while (t < to && panes[t]! < s0) t++;
      if (t === to || panes[t]! >= s0 + size) return; // no touched pane in it: unchanged
      let g = -1;
      for (let i = 0; i < k; i++) {
        const space = near.pane(s0 + i * slide);
        const p = space === undefined ? -1 : space.peek(key);
        if (p < 0) continue;
        if (g < 0) g = c.copyFrom(space!.store, p, false);
        else c.mergeFrom(g, space!.store, p);
      }
      if (g >= 0) changes.emitIn(near.emitted(s0), s0, key, this.output(c, g, s0), wm, this.pendRow);
      return;
    }
    // The key's group in each pane i (pane s0 + i·slide): its store, or undefined, and its slot.
    const n = windows + k - 1;
    if (this.paneSlot.length < n) {
      this.paneSlot = new Int32Array(n * 2);
      this.suffix = new Int32Array(n * 2);
    }
    const stores = this.paneStores;
    const slot = this.paneSlot;
    const suffix = this.suffix;
    for (let i = 0; i < n; i++) {
      const space = near.pane(s0 + i * slide);
      const g = space === undefined ? -1 : space.peek(key);
      stores[i] = g < 0 ? undefined : space!.store;
      slot[i] = g;
    }
    let t = from; // the first touched pane not before window j's start
    for (let lo = 0; lo < windows; lo += k) {
      const hi = Math.min(windows, lo + k) - 1; // this block's windows: lo … hi
      // suffix[j] for j = hi … lo: panes j … lo + k − 1 (−1: the key has none); a slot kept in
      // suffix[] is copied before a pane is merged into it, any other one is merged into in place.
      let acc = -1;
      let kept = false;
      for (let i = lo + k - 1; i >= lo; i--) {
        const st = stores[i];
        if (st !== undefined) {
          if (acc < 0) acc = c.copyFrom(st, slot[i]!, false);
          else {
            if (kept) acc = c.copyFrom(c, acc, false);
            c.mergeFrom(acc, st, slot[i]!);
          }
          kept = false;
        }
        if (i <= hi) {
          suffix[i] = acc;
          kept = acc >= 0;
        }
      }
      // Forwards: the prefix of window j is panes lo + k … j + k − 1 of the next block.
      let prefix = -1;
      for (let j = lo; j <= hi; j++) {
        if (j > lo) {
          const i = j + k - 1;
          const st = stores[i];
          if (st !== undefined) {
            if (prefix < 0) prefix = c.copyFrom(st, slot[i]!, false);
            else c.mergeFrom(prefix, st, slot[i]!);
          }
        }
        const s = s0 + j * slide;
        while (t < to && panes[t]! < s) t++;
        if (t === to || panes[t]! >= s + size) continue; // no touched pane in this window: unchanged
        const sj = suffix[j]!;
        let g: number;
        if (prefix < 0) g = sj;
        else if (sj < 0) g = prefix;
        else {
          // A suffix shared with the next window (no group of the key in pane j + 1) is copied first.
          g = j < hi && suffix[j + 1] === sj ? c.copyFrom(c, sj, false) : sj;
          c.mergeFrom(g, c, prefix);
        }
        if (g < 0) continue;
        changes.emitIn(near.emitted(s), s, key, this.output(c, g, s), wm, this.pendRow);
      }
    }
    stores.fill(undefined, 0, n); // no dropped pane's store kept alive from here
  }
}

/**
 * The pane groups and emitted rows of the namespaces near one emission, by position on the slide grid
 * (base + i·slide), so that the keys of one emission look each namespace up once rather than once per
 * key and window. A namespace outside the span (or a span too wide to keep) is looked up each time.
 */
class NearNamespaces {
  private base = 0;
  private span = 0;
  private readonly panes: (GroupSpace | null | undefined)[] = [];
  private readonly rows: (Map<unknown, Row> | undefined)[] = [];

  constructor(
    private readonly slide: number,
    private readonly buckets: GroupTable,
    private readonly changes: WindowChanges | null,
  ) {}

  /** Starts an emission over namespaces base … base + (span − 1)·slide (span 0: none kept); (0, 0) ends it. */
  reset(base: number, span: number): void {
    this.base = base;
    this.span = span;
    this.panes.length = 0;
    this.rows.length = 0;
    for (let i = 0; i < this.span; i++) {
      this.panes.push(undefined);
      this.rows.push(undefined);
    }
  }

  private at(ns: number): number {
    const i = (ns - this.base) / this.slide;
    return i >= 0 && i < this.span ? i : -1;
  }

  /** The pane starting at `ns` (undefined: none). */
  pane(ns: number): GroupSpace | undefined {
    const i = this.at(ns);
    if (i < 0) return this.buckets.space(ns);
    let p = this.panes[i];
    if (p === undefined) this.panes[i] = p = this.buckets.space(ns) ?? null;
    return p ?? undefined;
  }

  /** The emitted rows of the window starting at `ns`. */
  emitted(ns: number): Map<unknown, Row> {
    const i = this.at(ns);
    if (i < 0) return this.changes!.emittedOf(ns);
    let m = this.rows[i];
    if (m === undefined) this.rows[i] = m = this.changes!.emittedOf(ns);
    return m;
  }
}

/** A copy of `a` with room for at least `n` entries, the new ones -1. */
function grown(a: Int32Array, n: number): Int32Array {
  const b = new Int32Array(Math.max(1024, n * 2));
  b.fill(-1);
  b.set(a);
  return b;
}
