/**
 * The groups of one namespace (a window, a pane, a cycle) as slots in columns instead of objects:
 * accumulators and bookkeeping in one Float64Array (`layout.stride` doubles per slot, grown by
 * doubling), boxed accumulators and key values in two plain arrays. A group costs no object of its
 * own, so a window of 100k groups is three arrays for the collector, not 400k small objects, and the
 * per-row update is a few indexed stores into memory that stays put.
 *
 * A store is reused whole once its namespace is dropped (GroupTable keeps a few spare ones), so a
 * steady stream of windows allocates no new accumulator memory.
 */
import type { Row } from '../operator.js';
import { ORD, N, T, type AccLayout, type SlotArrays } from './acc-layout.js';
import type { Aggregation } from './groups.js';

export class GroupStore implements SlotArrays {
  f: Float64Array;
  b: unknown[] = [];
  /** Key values: `keyWidth` per slot. */
  readonly k: unknown[] = [];
  /** Several key columns: the Map key (encoded tuple) per slot; one column's Map key is its value. */
  private readonly mk: unknown[] = [];
  readonly keyWidth: number;
  /** Whether the Map key is kept apart from the key values: several columns, or one ARRAY/MAP column. */
  private readonly ownMapKey: boolean;
  readonly layout: AccLayout;
  private cap: number;
  /** Slots handed out so far (the next new one). */
  private top = 0;
  /** Slots given back (`release`), reused before new ones. */
  private readonly free: number[] = [];

  constructor(readonly agg: Aggregation, cap = 16) {
    this.layout = agg.layout;
    this.keyWidth = agg.keyFns.length;
    this.ownMapKey = this.keyWidth > 1 || agg.keyComposite[0] === true;
    this.cap = cap;
    this.f = new Float64Array(cap * this.layout.stride);
  }

  /** Slots handed out so far: every slot in use is below it. */
  get slotsUsed(): number {
    return this.top;
  }

  /** A slot with empty accumulators (keys and ord still to be set). */
  alloc(): number {
    const s = this.take();
    this.layout.init(this, s);
    return s;
  }

  /** A slot whose every value the caller sets (a copy, a restored group). */
  private take(): number {
    let s = this.free.pop();
    if (s === undefined) {
      s = this.top++;
      if (s >= this.cap) this.grow();
    }
    return s;
  }

  /** A new group for `row`: its key values, the next creation order, empty accumulators. */
  create(row: Row, mapKey: unknown): number {
    const s = this.alloc();
    const fns = this.agg.keyFns;
    const w = this.keyWidth;
    // One key column: the Map key is the value itself (no second evaluation).
    if (!this.ownMapKey) {
      if (w === 1) this.k[s] = mapKey;
    } else {
      for (let i = 0; i < w; i++) this.k[s * w + i] = fns[i]!(row);
      this.mk[s] = mapKey;
    }
    this.f[s * this.layout.stride + ORD] = this.agg.takeOrd();
    return s;
  }

  /** A copy of slot s of `src` (same aggregation) in a new slot here; boxed accumulators moved or copied. */
  copyFrom(src: GroupStore, s: number, move: boolean): number {
    const d = this.take();
    this.layout.copy(this, d, src, s, move);
    const w = this.keyWidth;
    for (let i = 0; i < w; i++) this.k[d * w + i] = src.k[s * w + i];
    if (this.ownMapKey) this.mk[d] = src.mk[s];
    return d;
  }

  /** Adds slot s of `src` into slot d here. */
  mergeFrom(d: number, src: GroupStore, s: number): void {
    this.layout.merge(this, d, src, s);
  }

  add(s: number, row: Row): void {
    this.layout.add(this, s, row);
  }

  retract(s: number, row: Row): void {
    this.layout.retract(this, s, row);
  }

  /** Rows in the group (inserts − retractions). */
  n(s: number): number {
    return this.f[s * this.layout.stride + N]!;
  }

  ord(s: number): number {
    return this.f[s * this.layout.stride + ORD]!;
  }

  setOrd(s: number, ord: number): void {
    this.f[s * this.layout.stride + ORD] = ord;
  }

  /** Last write time (state.ttl), undefined when never set. */
  time(s: number): number | undefined {
    const t = this.f[s * this.layout.stride + T]!;
    return t !== t ? undefined : t;
  }

  /** The group's Map key (what Aggregation.keyOf gives for its rows). */
  mapKey(s: number): unknown {
    const w = this.keyWidth;
    return this.ownMapKey ? this.mk[s] : w === 1 ? this.k[s] : '';
  }

  setTime(s: number, t: number): void {
    this.f[s * this.layout.stride + T] = t;
  }

  keyValues(s: number): unknown[] {
    const w = this.keyWidth;
    return this.k.slice(s * w, s * w + w);
  }

  /** Writes slot s's key values into `out` from 0 and its aggregate results from `at`. */
  output(s: number, out: unknown[], at: number): void {
    const w = this.keyWidth;
    const k = this.k;
    for (let i = 0; i < w; i++) out[i] = k[s * w + i];
    this.layout.results(this, s, out, at);
  }

  /** The stored form of a group: [key values, n, accumulators, ord (, t)] — Aggregation.codec's. */
  save(s: number): unknown[] {
    const t = this.time(s);
    const saved = [this.keyValues(s), this.n(s), this.layout.save(this, s), this.ord(s)];
    if (t !== undefined) saved.push(t);
    return saved;
  }

  /** A slot holding a stored group (`save`'s form or a Group's). */
  load(saved: readonly unknown[]): number {
    const [key, n, acc, ord, t] = saved as [unknown[], number, unknown[], number, number | undefined];
    const s = this.alloc();
    const w = this.keyWidth;
    for (let i = 0; i < w; i++) this.k[s * w + i] = key[i];
    if (this.ownMapKey) this.mk[s] = this.agg.keyFromValues(key);
    const o = s * this.layout.stride;
    this.f[o + N] = n;
    this.f[o + ORD] = ord;
    this.f[o + T] = t ?? NaN;
    this.layout.load(this, s, acc);
    this.agg.seeOrd(ord);
    return s;
  }

  /** Gives slot s back (its group was deleted). */
  release(s: number): void {
    this.clearRefs(s, s + 1);
    this.free.push(s);
  }

  /** Forgets every group, keeping the memory for the next namespace. */
  reset(): void {
    this.clearRefs(0, this.top);
    this.top = 0;
    this.free.length = 0;
  }

  private clearRefs(from: number, to: number): void {
    // Boxed accumulators (multisets) would otherwise stay reachable from a spare store. Key values are
    // left to be overwritten: clearing them would turn an array of numbers into one of boxed values.
    const bw = this.layout.boxWidth;
    if (bw > 0) this.b.fill(undefined, from * bw, to * bw);
  }

  private grow(): void {
    this.cap *= 2;
    const f = new Float64Array(this.cap * this.layout.stride);
    f.set(this.f);
    this.f = f;
  }
}
