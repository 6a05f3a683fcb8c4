/**
 * Group key → slot of one namespace, in creation order: what a `Map<unknown, number>` gave GroupSpace,
 * without its cost on many keys. Integers of 32 bits go to an open-addressing table in one Int32Array
 * (key and slot+1 side by side, linear probing, at most half full: 8 bytes a bucket, so 100k keys take
 * 2 MB where a Map's entries take about as much and its rehashing more); any other key (other numbers,
 * strings, null, …) to a Map. Either way the slot is also appended to `order`, so iteration is in creation order across
 * both, as a Map's is.
 *
 *   t:     [k0, s0+1, 0, 0, k1, s1+1, …]   bucket h at t[2h], t[2h+1]; slot+1 = 0: empty
 *   order: [s0, s1, -1, s3, …]            creation order; -1: deleted (posOf[slot] finds its place)
 *
 * A window of 100k new keys was 100k misses and inserts into a Map grown (rehashed) from empty, whose
 * backing store was promoted before the window fired. Here `reset` keeps the arrays for the next
 * namespace, sized from the group count of the one that used them last (GroupTable reuses an index
 * with its GroupStore), so a steady stream of windows allocates nothing and rarely rehashes.
 *
 * Keys compare as a Map's do (SameValueZero: -0 is 0, NaN is NaN). Iterators are live, as a Map's:
 * deleting while iterating is fine; an insert may compact `order`, so no iterator may be used across
 * an insert (no caller does).
 */

/** Slot+1 of an empty bucket. */
const EMPTY = 0;
const MIN_CAP = 16;

/** 32 well-mixed bits of an int32 key (its top bits are its bucket). */
function hash32(x: number): number {
  return Math.imul(x ^ (x >>> 16), 0x9e3779b1);
}

/** A key the table holds: a number equal to its int32 (-0 included: it is 0, as in a Map). */
function small(key: unknown): key is number {
  return typeof key === 'number' && (key | 0) === key;
}

/** The smallest power of two ≥ 2n (at least MIN_CAP): a table that holds n keys at most half full. */
function capFor(n: number): number {
  let c = MIN_CAP;
  while (c < 2 * n) c *= 2;
  return c;
}

export class GroupIndex {
  /** Buckets: key, slot+1 (EMPTY: none). */
  private t: Int32Array;
  private cap: number;
  /** 32 − log2(cap): a hash's top bits are its bucket. */
  private shift: number;
  /** Keys in `t`. */
  private nums = 0;
  /** Keys that are not int32 numbers; null until one comes. */
  private other: Map<unknown, number> | null = null;
  /** Slots in creation order, -1 where deleted; `end` entries used. */
  private order: Int32Array;
  private end = 0;
  /** Place in `order` of each slot in use. */
  private posOf: Int32Array;

  constructor(expected = 0) {
    this.cap = capFor(expected);
    this.shift = 32 - Math.log2(this.cap);
    this.t = new Int32Array(this.cap * 2);
    this.order = new Int32Array(Math.max(MIN_CAP, expected));
    this.posOf = new Int32Array(Math.max(MIN_CAP, expected));
  }

  get size(): number {
    return this.nums + (this.other === null ? 0 : this.other.size);
  }

  /** The slot of `key`, -1 when it has none. */
  get(key: unknown): number {
    if (small(key)) {
      const t = this.t;
      const mask = this.cap - 1;
      let h = hash32(key) >>> this.shift;
      for (;;) {
        const v = t[2 * h + 1]!;
        if (v === EMPTY) return -1;
        if (t[2 * h] === key) return v - 1;
        h = (h + 1) & mask;
      }
    }
    const other = this.other;
    if (other === null) return -1;
    const s = other.get(key);
    return s === undefined ? -1 : s;
  }

  /** `key`'s slot becomes `slot`: a new key is the newest in creation order, a known one keeps its place. */
  set(key: unknown, slot: number): void {
    let old: number;
    if (small(key)) {
      if (2 * (this.nums + 1) > this.cap) this.rehash(this.cap * 2);
      const t = this.t;
      const mask = this.cap - 1;
      let h = hash32(key) >>> this.shift;
      for (;;) {
        const v = t[2 * h + 1]!;
        if (v === EMPTY) {
          t[2 * h] = key;
          t[2 * h + 1] = slot + 1;
          this.nums++;
          old = -1;
          break;
        }
        if (t[2 * h] === key) {
          t[2 * h + 1] = slot + 1;
          old = v - 1;
          break;
        }
        h = (h + 1) & mask;
      }
    } else {
      const other = (this.other ??= new Map());
      const s = other.get(key);
      other.set(key, slot);
      old = s === undefined ? -1 : s;
    }
    if (slot >= this.posOf.length) this.posOf = grown(this.posOf, slot + 1);
    if (old >= 0) {
      const p = this.posOf[old]!;
      this.order[p] = slot;
      this.posOf[slot] = p;
      return;
    }
    if (this.end === this.order.length) this.makeRoom();
    this.order[this.end] = slot;
    this.posOf[slot] = this.end++;
  }

  /** Removes `key`; false when it had no slot. */
  delete(key: unknown): boolean {
    let s: number;
    if (small(key)) {
      const t = this.t;
      const mask = this.cap - 1;
      const shift = this.shift;
      let i = hash32(key) >>> shift;
      for (;;) {
        const v = t[2 * i + 1]!;
        if (v === EMPTY) return false;
        if (t[2 * i] === key) {
          s = v - 1;
          break;
        }
        i = (i + 1) & mask;
      }
      // Backward-shift deletion: every key after the hole that may move back into it does.
      let j = i;
      for (;;) {
        j = (j + 1) & mask;
        if (t[2 * j + 1] === EMPTY) break;
        const home = hash32(t[2 * j]!) >>> shift;
        // The key at j stays when its home lies cyclically in (i, j].
        if (i <= j ? i < home && home <= j : i < home || home <= j) continue;
        t[2 * i] = t[2 * j]!;
        t[2 * i + 1] = t[2 * j + 1]!;
        i = j;
      }
      t[2 * i + 1] = EMPTY;
      this.nums--;
    } else {
      const other = this.other;
      const v = other?.get(key);
      if (v === undefined) return false;
      other!.delete(key);
      s = v;
    }
    this.order[this.posOf[s]!] = -1;
    return true;
  }

  /** Places in creation order used so far (`slotAt` 0..positions−1). */
  get positions(): number {
    return this.end;
  }

  /** The slot at place `p` in creation order; −1: deleted. Valid until the next insert (which may compact). */
  slotAt(p: number): number {
    return this.order[p]!;
  }

  /** Slots in creation order. */
  *values(): Generator<number, void, undefined> {
    for (let p = 0; p < this.end; p++) {
      const s = this.order[p]!;
      if (s >= 0) yield s;
    }
  }

  /** Forgets every key, keeping the arrays for the next namespace sized for as many keys as this one had. */
  reset(): void {
    const n = this.size;
    const cap = capFor(n);
    if (this.cap < cap || this.cap > 4 * cap) {
      this.cap = cap;
      this.shift = 32 - Math.log2(cap);
      this.t = new Int32Array(cap * 2);
    } else if (this.nums > 0) this.t.fill(0);
    this.nums = 0;
    this.other?.clear();
    if (this.order.length < n) this.order = new Int32Array(n);
    this.end = 0;
  }

  /** A full `order`: compacted when at least half of it is deleted entries, grown otherwise. */
  private makeRoom(): void {
    const order = this.order;
    const live = this.size - 1; // the key being set is counted already
    if (2 * live > this.end) {
      this.order = grown(order, this.end + 1);
      return;
    }
    let w = 0;
    for (let p = 0; p < this.end; p++) {
      const s = order[p]!;
      if (s < 0) continue;
      order[w] = s;
      this.posOf[s] = w++;
    }
    this.end = w;
  }

  private rehash(cap: number): void {
    const old = this.t;
    const t = new Int32Array(cap * 2);
    const shift = 32 - Math.log2(cap);
    const mask = cap - 1;
    for (let i = 0, n = old.length; i < n; i += 2) {
      const v = old[i + 1]!;
      if (v === EMPTY) continue;
      const k = old[i]!;
      let h = hash32(k) >>> shift;
      while (t[2 * h + 1] !== EMPTY) h = (h + 1) & mask;
      t[2 * h] = k;
      t[2 * h + 1] = v;
    }
    this.t = t;
    this.cap = cap;
    this.shift = shift;
  }
}

function grown(a: Int32Array, min: number): Int32Array {
  const b = new Int32Array(Math.max(min, a.length * 2));
  b.set(a);
  return b;
}
