/**
 * A set of small non-negative integers — the slots of a GroupStore (aggregates/group-store.ts) — as a
 * growable bitmap. What GroupTable tracks for checkpoints per slot: changed since the last snapshot,
 * pending in the snapshot being encoded, written by a snapshot. Marking a slot is one word update with
 * no allocation, where a Set of keys grew (and was collected) by 100k entries per checkpoint interval
 * for a window of 100k keys.
 *
 * Iteration (`next`) is in slot order and skips empty words, so visiting the members of a set costs
 * O(members + capacity / 32).
 */
export class SlotSet {
  private words: Uint32Array;
  /** Members. */
  size = 0;

  constructor(capacity = 64) {
    this.words = new Uint32Array(Math.max(1, (capacity + 31) >>> 5));
  }

  /** Slots it holds without growing. */
  get capacity(): number {
    return this.words.length << 5;
  }

  add(s: number): void {
    const i = s >>> 5;
    if (i >= this.words.length) this.grow(i);
    const w = this.words[i]!;
    const bit = 1 << (s & 31);
    if ((w & bit) === 0) {
      this.words[i] = w | bit;
      this.size++;
    }
  }

  has(s: number): boolean {
    const i = s >>> 5;
    return i < this.words.length && (this.words[i]! & (1 << (s & 31))) !== 0;
  }

  /** Removes `s`; true when it was a member. */
  delete(s: number): boolean {
    const i = s >>> 5;
    if (i >= this.words.length) return false;
    const w = this.words[i]!;
    const bit = 1 << (s & 31);
    if ((w & bit) === 0) return false;
    this.words[i] = w & ~bit;
    this.size--;
    return true;
  }

  /** The smallest member ≥ `from`, or -1 when there is none. */
  next(from: number): number {
    const words = this.words;
    let i = from >>> 5;
    if (i >= words.length) return -1;
    // The word of `from` without its bits below `from`.
    let w = words[i]! & (~0 << (from & 31));
    while (w === 0) {
      if (++i >= words.length) return -1;
      w = words[i]!;
    }
    return (i << 5) + (31 - Math.clz32(w & -w));
  }

  /** The members of `a` and of `b`, one word at a time. */
  static union(a: SlotSet, b: SlotSet): SlotSet {
    const [big, small] = a.words.length >= b.words.length ? [a, b] : [b, a];
    const out = new SlotSet(big.capacity);
    const w = out.words;
    w.set(big.words);
    const sw = small.words;
    for (let i = 0; i < sw.length; i++) w[i]! |= sw[i]!;
    let n = 0;
    for (let i = 0; i < w.length; i++) {
      // Population count of a 32-bit word.
      let x = w[i]!;
      if (x === 0) continue;
      x -= (x >>> 1) & 0x55555555;
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      n += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
    }
    out.size = n;
    return out;
  }

  private grow(i: number): void {
    let n = this.words.length * 2;
    while (n <= i) n *= 2;
    const words = new Uint32Array(n);
    words.set(this.words);
    this.words = words;
  }
}
