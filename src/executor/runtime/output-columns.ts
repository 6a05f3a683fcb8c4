/**
 * One column of the output ring (output-log.ts): the values of one output column for the ring's slots,
 * stored so that a retained value is not a live JavaScript object wherever that can be done exactly.
 * An object kept alive for the ring's 100,000 rows is copied out of V8's young generation and promoted;
 * on a query that outputs DECIMALs, a bigint per row kept that way cost more than the query itself.
 *
 *   kind NUM   a number                          in `num`
 *   kind BIG   a bigint (DECIMAL) of |v| < 2^53  in `num`, exactly (BigInt(num) gives it back)
 *   kind OBJ   anything else (NULL, text, booleans, larger bigints) as it is, in `obj`
 *
 * Text stays a string: copying it into a byte ring (one native write per value, ASCII checked by the
 * byte count) measured no faster on a pass-through query with a 67-char text column than keeping it.
 */
export const NUM = 0;
export const OBJ = 1;
export const BIG = 2;

export class OutputColumn {
  num: Float64Array;
  kind: Uint8Array;
  /** Allocated on the column's first OBJ value. */
  obj: unknown[] | null = null;

  constructor(private size: number) {
    this.num = new Float64Array(size);
    this.kind = new Uint8Array(size);
  }

  /** Stores `v` at `slot`, whose previous value (an evicted row's, if any) is dropped. */
  put(slot: number, v: unknown): void {
    const kind = this.kind;
    if (kind[slot] === OBJ) this.obj![slot] = null; // let go of what the slot held
    if (typeof v === 'number') {
      this.num[slot] = v;
      kind[slot] = NUM;
      return;
    }
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

  get(slot: number): unknown {
    switch (this.kind[slot]) {
      case NUM:
        return this.num[slot];
      case BIG:
        return BigInt(this.num[slot]!);
      default:
        return this.obj![slot];
    }
  }

  /** A ring of `size` slots holding slots 0..held−1 of this one (the ring below its capacity never wraps). */
  resize(size: number, held: number): void {
    const grow = <T extends Float64Array | Uint8Array>(a: T, b: T): T => {
      b.set(a.subarray(0, held));
      return b;
    };
    this.num = grow(this.num, new Float64Array(size));
    this.kind = grow(this.kind, new Uint8Array(size));
    if (this.obj !== null) for (let k = this.obj.length; k < size; k++) this.obj.push(null);
    this.size = size;
  }

  /** No row is held any more (a restart): drops the values. */
  clear(): void {
    this.obj?.fill(null);
    this.kind.fill(NUM);
  }
}
