/**
 * java.util.Random, bit for bit, so a Nexmark event seeded by its event id (Beam's `new Random(eventId)`)
 * gets the same ids, prices and lengths here as in the JVM generators.
 *
 * The 48-bit LCG  seed' = (seed * 0x5DEECE66D + 0xB) mod 2^48  is kept as two 24-bit halves so every
 * intermediate product stays below 2^53 (exact in a double) and the low halves can use Math.imul.
 *   seed = hi * 2^24 + lo,   M = mHi * 2^24 + mLo,   mHi = 0x5DE, mLo = 0xECE66D
 *   lo' = (lo * mLo + 0xB) mod 2^24,   carry = floor((lo * mLo + 0xB) / 2^24)
 *   hi' = (hi * mLo + lo * mHi + carry) mod 2^24          (hi * mHi * 2^48 vanishes mod 2^48)
 * One instance is reseeded per event, so there is no allocation on the hot path.
 */

const M_LO = 0xece66d;
const M_HI = 0x5de;
const TWO_24 = 16777216;
const TWO_31 = 2147483648;
const TWO_53 = 9007199254740992;

export class JavaRandom {
  private hi = 0;
  private lo = 0;

  constructor(seed = 0) {
    this.setSeed(seed);
  }

  /** `new Random(seed)` / `setSeed(seed)` for a non-negative integer seed below 2^53 (event ids). */
  setSeed(seed: number): void {
    // Java: (seed ^ 0x5DEECE66D) & (2^48 - 1); only bits 0..47 of the seed matter.
    this.lo = (seed & 0xffffff) ^ M_LO;
    this.hi = (Math.floor(seed / TWO_24) & 0xffffff) ^ M_HI;
  }

  /** Sets the 48-bit state directly (two 24-bit halves), for seeds that were already scrambled. */
  setState(hi24: number, lo24: number): void {
    this.hi = hi24 & 0xffffff;
    this.lo = lo24 & 0xffffff;
  }

  /** Advances the LCG; the new state is in hi/lo. */
  private step(): void {
    const lo = this.lo;
    const hi = this.hi;
    const pLo = lo * M_LO + 0xb; // < 2^48 + 11: exact
    const nLo = (Math.imul(lo, M_LO) + 0xb) & 0xffffff;
    const carry = (pLo - nLo) / TWO_24; // exact integer
    // Sum < 2^34, exact; `& 0xffffff` takes it mod 2^24 through ToInt32 (mod 2^32).
    this.hi = (Math.imul(hi, M_LO) + Math.imul(lo, M_HI) + carry) & 0xffffff;
    this.lo = nLo;
  }

  /** next(31): the top 31 bits of the state, non-negative. */
  next31(): number {
    this.step();
    return this.hi * 128 + (this.lo >>> 17);
  }

  /** nextInt(): next(32) as a signed 32-bit int. */
  nextInt(): number {
    this.step();
    return (this.hi << 8) | (this.lo >>> 16);
  }

  /** nextInt(bound), bound in 1..2^31-1, including Java's rejection loop (so the stream stays aligned). */
  nextIntBounded(bound: number): number {
    let r = this.next31();
    const m = bound - 1;
    if ((bound & m) === 0) {
      // Power of two: (int)((bound * (long)r) >> 31). The product is exact (bound is a power of two).
      return Math.floor((bound * r) / TWO_31);
    }
    // for (int u = r; u - (r = u % bound) + m < 0; u = next(31)); — the test is int32 overflow.
    for (let u = r; ((u - (r = u % bound) + m) | 0) < 0; u = this.next31());
    return r;
  }

  /** nextDouble(): ((long)next(26) << 27) + next(27)) * 2^-53. */
  nextDouble(): number {
    this.step();
    const a = (this.hi << 2) | (this.lo >>> 22); // next(26)
    this.step();
    const b = (this.hi << 3) | (this.lo >>> 21); // next(27)
    return (a * 134217728 + b) / TWO_53;
  }

  /** nextLong(): ((long)next(32) << 32) + next(32). Rare (auction lengths at very low rates): BigInt is fine. */
  nextLong(): bigint {
    const a = BigInt(this.nextInt());
    const b = BigInt(this.nextInt());
    return BigInt.asIntN(64, (a << 32n) + b);
  }
}

/** murmur3's 32-bit finalizer: a bijection with full avalanche (int32 in, int32 out). */
export function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  return x ^ (x >>> 16);
}

/**
 * Seeds `r` from (n, key) through a hash, so consecutive n give unrelated streams. `new Random(n)` for
 * consecutive n has correlated first outputs (the LCG's low-bit structure): e.g. the first nextInt(2)
 * of 300 000 consecutive seeds can be 0 only 48 % of the time. Used for non-zero generator seeds.
 * Everything stays int32 (no heap numbers on the per-event path).
 */
export function seedHashed(r: JavaRandom, n: number, k1: number, k2: number): void {
  const lo = n | 0; // n mod 2^32
  const hi = (n / 4294967296) | 0; // n < 2^53: truncation is floor
  const a = fmix32(lo ^ k1 ^ Math.imul(hi, 0x9e3779b1));
  const b = fmix32(a ^ k2 ^ Math.imul(lo, 0x27d4eb2f) ^ hi);
  r.setState(a >>> 8, b);
}
