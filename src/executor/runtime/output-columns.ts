/**
 * One column of the output ring (output-log.ts): the values of one output column for the ring's slots,
 * stored so that a retained value is not a live JavaScript object wherever that can be done exactly.
 * An object kept alive for the ring's 100,000 rows would be copied out of V8's young generation and
 * promoted, and on a pass-through query that promotion cost more than the query itself.
 *
 *   kind NUM   a number                     in `num`
 *   kind BIG   a bigint (DECIMAL) |v| < 2^53 in `num`, exactly (BigInt(num) gives it back)
 *   kind TEXT  an ASCII string               its bytes in a byte ring, the start in `num`, the length in `len`
 *              no longer than MAX_TEXT
 *   kind OBJ   anything else (NULL, longer or non-ASCII text, booleans, larger bigints) in `obj`
 *
 * The byte ring holds the text of the held rows in slot order (the order rows are written and evicted),
 * so evicting the oldest row frees the ring's oldest bytes; it doubles when the held text would not fit.
 */
export const NUM = 0;
export const OBJ = 1;
export const BIG = 2;
export const TEXT = 3;

/** Longer strings are kept as they are (rare in output; a copy would cost more than it saves). */
const MAX_TEXT = 512;
const INITIAL_TEXT = 1 << 14;

export class OutputColumn {
  num: Float64Array;
  kind: Uint8Array;
  /** Allocated on the column's first OBJ value. */
  obj: unknown[] | null = null;
  /** Allocated on the column's first TEXT value. */
  len: Uint32Array | null = null;
  private chars = Buffer.alloc(0);
  /** Absolute positions in the byte ring: text of held rows is [tail, head). */
  private head = 0;
  private tail = 0;

  constructor(private size: number) {
    this.num = new Float64Array(size);
    this.kind = new Uint8Array(size);
  }

  /** Stores `v` at `slot`, whose previous value (an evicted row's, if any) is dropped. */
  put(slot: number, v: unknown): void {
    const kind = this.kind;
    const was = kind[slot]!;
    if (was === OBJ) this.obj![slot] = null; // let go of what the slot held
    else if (was === TEXT) {
      const end = this.num[slot]! + this.len![slot]!;
      if (end > this.tail) this.tail = end;
    }
    if (typeof v === 'number') {
      this.num[slot] = v;
      kind[slot] = NUM;
      return;
    }
    if (typeof v === 'string' && v.length <= MAX_TEXT && this.putText(slot, v)) return;
    if (typeof v === 'bigint') {
      const d = Number(v);
      // Safe integers round-trip; anything of magnitude ≥ 2^53 converts to a number that is not safe.
      if (Number.isSafeInteger(d)) {
        this.num[slot] = d;
        kind[slot] = BIG;
        return;
      }
    }
    (this.obj ??= new Array<unknown>(this.size).fill(null))[slot] = v;
    kind[slot] = OBJ;
  }

  private putText(slot: number, s: string): boolean {
    const n = s.length;
    // Room for the text's UTF-8 bytes (at most 3 per char) in one piece before the ring's end: a text
    // that would wrap starts at the ring's start instead, the bytes skipped unused this turn.
    const need = 3 * n;
    for (;;) {
      const cap = this.chars.length;
      const at = cap === 0 ? 0 : this.head % cap;
      const pad = at + need > cap ? cap - at : 0;
      if (this.head + pad + need - this.tail > cap) {
        this.growText(pad + need);
        continue;
      }
      this.head += pad;
      break;
    }
    // One native copy; as many bytes as chars means every char was ASCII (a lone surrogate or any other
    // char takes more), so the bytes are the text exactly. Otherwise the string is kept as it is.
    if (this.chars.write(s, this.head % this.chars.length, 'utf8') !== n) return false;
    this.num[slot] = this.head;
    (this.len ??= new Uint32Array(this.size))[slot] = n;
    this.kind[slot] = TEXT;
    this.head += n;
    return true;
  }

  private growText(n: number): void {
    let cap = Math.max(INITIAL_TEXT, this.chars.length);
    while (cap < 2 * (this.head - this.tail + n)) cap *= 2;
    const old = this.chars;
    const chars = Buffer.alloc(cap);
    // The live bytes [tail, head) in at most two pieces of the old ring, to the same positions mod cap.
    for (let p = this.tail; p < this.head; ) {
      const from = p % old.length;
      const len = Math.min(this.head - p, old.length - from, cap - (p % cap));
      old.copy(chars, p % cap, from, from + len);
      p += len;
    }
    this.chars = chars;
  }

  get(slot: number): unknown {
    switch (this.kind[slot]) {
      case NUM:
        return this.num[slot];
      case BIG:
        return BigInt(this.num[slot]!);
      case TEXT:
        return this.text(this.num[slot]!, this.len![slot]!);
      default:
        return this.obj![slot];
    }
  }

  private text(start: number, n: number): string {
    const at = start % this.chars.length;
    return this.chars.toString('latin1', at, at + n); // a text never wraps (see putText)
  }

  /** A ring of `size` slots holding slots 0..held−1 of this one (the ring below its capacity never wraps). */
  resize(size: number, held: number): void {
    const grow = <T extends Float64Array | Uint8Array | Uint32Array>(a: T, b: T): T => {
      b.set(a.subarray(0, held));
      return b;
    };
    this.num = grow(this.num, new Float64Array(size));
    this.kind = grow(this.kind, new Uint8Array(size));
    if (this.len !== null) this.len = grow(this.len, new Uint32Array(size));
    if (this.obj !== null) for (let k = this.obj.length; k < size; k++) this.obj.push(null);
    this.size = size;
  }

  /** No row is held any more (a restart): drops the values. */
  clear(): void {
    this.obj?.fill(null);
    this.kind.fill(NUM);
    this.tail = this.head;
  }
}
