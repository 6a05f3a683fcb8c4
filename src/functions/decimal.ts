/**
 * DECIMAL(p, s) at run time: a bigint holding the unscaled value (value × 10^s). The scale lives in the
 * static type, not in the value — as in Arrow's Decimal128 and DataFusion — so equal decimals of one
 * type are equal bigints: `===`, `<`, Map and Set keys, String() group keys all work without a wrapper
 * object, and SUM is plain bigint addition. Every operation that mixes scales is told both scales by
 * the code generator (the binder knows the types).
 *
 * Rounding is Java's BigDecimal HALF_UP (half away from zero, also for negative ties), which is what
 * Flink's DecimalData uses; a result with more than p digits is NULL, as Flink's
 * DecimalData.fromBigDecimal gives. Division rounds the exact quotient to 34 significant digits
 * half-even (MathContext.DECIMAL128) before rounding half-up to the result scale, as Flink's
 * DecimalDataUtils.divide does, so even the rare double-rounding cases agree.
 *
 * The state codec (executor/state/codec.ts) writes a decimal as the text of its unscaled integer
 * (encodeDecimalValue / decodeDecimalValue): exact, and independent of the scale.
 */

export const MAX_PRECISION = 38;

const POW10N: bigint[] = [];
for (let i = 0, p = 1n; i <= 96; i++, p *= 10n) POW10N.push(p);

/** 10^n as a bigint (n ≥ 0). */
export function pow10n(n: number): bigint {
  return POW10N[n] ?? 10n ** BigInt(n);
}

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const MAX_SAFE_N = BigInt(Number.MAX_SAFE_INTEGER);

/** A runtime DECIMAL value (for codecs that tag values by their JS type). */
export function isDecimalValue(v: unknown): v is bigint {
  return typeof v === 'bigint';
}

/** The state form of a decimal: its unscaled integer as text. Exact; the scale is the column's. */
export function encodeDecimalValue(v: bigint): string {
  return v.toString();
}

/** Inverse of encodeDecimalValue. */
export function decodeDecimalValue(text: string): bigint {
  return BigInt(text);
}

/** Whether |u| < 10^precision, i.e. the value fits DECIMAL(precision, s). */
export function fitsPrecision(u: bigint, precision: number): boolean {
  const lim = pow10n(precision);
  return u < lim && u > -lim;
}

/** u when it fits `precision` digits, else null (Flink: overflow is NULL). */
export function fit(u: bigint, precision: number): bigint | null {
  const lim = pow10n(precision);
  return u < lim && u > -lim ? u : null;
}

// A safe integer's bigint through a shared 8-byte buffer: its two's-complement halves written as two
// uint32 and read back as one int64. Reading a BigInt64Array element is compiled inline (the bigint is
// allocated in place), where the BigInt constructor is a call into the runtime: about half the cost on
// Node 20, on q1's one bigint per row (bench/HISTORY.md). Little-endian layout; BigInt() otherwise.
const I64 = new BigInt64Array(1);
const U32 = new Uint32Array(I64.buffer);
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
const TWO32 = 4294967296;

/** BigInt(x) for a safe integer x (|x| ≤ 2^53 − 1; callers check), exactly the same value. */
export function bigintOfSafe(x: number): bigint {
  if (!LITTLE_ENDIAN) return BigInt(x);
  const lo = x % TWO32; // exact, with the sign of x
  const hi = (x - lo) / TWO32; // exact integer, |hi| < 2^21
  U32[0] = lo; // ToUint32: a negative lo becomes lo + 2^32 ...
  U32[1] = lo < 0 ? hi - 1 : hi; // ... which borrows 1 from the high half
  return I64[0]!;
}

/**
 * x × c for an integer x (INT or BIGINT, a JS number) and a DECIMAL constant's unscaled value c (also
 * given as the bigint cBig), NULL past `precision` digits. A double product that is a safe integer is
 * the exact product (IEEE rounding is monotonic, so an exact product past 2^53 − 1 cannot round below
 * it), so such rows cost one bigint (bigintOfSafe) instead of two and a multiplication; the precision
 * check is on the double too (10^p ≤ 10^15 is exact), and past 15 digits a safe integer always fits.
 */
export function mulIntByConstant(x: number, c: number, cBig: bigint, precision: number): bigint | null {
  const p = x * c;
  if (Number.isSafeInteger(p)) {
    if (precision >= 16) return bigintOfSafe(p);
    const lim = POW10[precision]!;
    return p < lim && p > -lim ? bigintOfSafe(p) : null;
  }
  return fit(BigInt(x) * cBig, precision);
}

/** u / 10^k rounded half away from zero (k > 0), or u × 10^-k (k ≤ 0). */
export function shiftHalfUp(u: bigint, k: number): bigint {
  if (k <= 0) return k === 0 ? u : u * pow10n(-k);
  const d = pow10n(k);
  const q = u / d;
  const r = u - q * d;
  if ((r < 0n ? -r : r) * 2n >= d) return u < 0n ? q - 1n : q + 1n;
  return q;
}

/** u / 10^k truncated toward zero (k > 0), or u × 10^-k (k ≤ 0). */
export function shiftDown(u: bigint, k: number): bigint {
  if (k <= 0) return k === 0 ? u : u * pow10n(-k);
  return u / pow10n(k);
}

/** A value at scale `from` at scale `to`, rounded half up when digits are dropped. */
export function rescale(u: bigint, from: number, to: number): bigint {
  return shiftHalfUp(u, from - to);
}

export type RoundingMode = 'half_up' | 'down';

const TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;

/**
 * Exact decimal text ('1.50', '-3e2', '.5', ' 7 ') as [unscaled, scale] with scale ≥ 0; null when it is
 * not a number or its exponent is beyond ±400 (no DECIMAL(38) holds such a value).
 */
export function parseExact(text: string): [bigint, number] | null {
  const m = TEXT.exec(text.trim());
  if (m === null) return null;
  const int = m[2] ?? '';
  const frac = m[3] ?? '';
  if (int === '' && frac === '') return null;
  const exp = m[4] === undefined ? 0 : Number(m[4]);
  let u = BigInt((int + frac).replace(/^0+(?=\d)/, '') || '0');
  if (u === 0n) return [0n, 0];
  if (exp > 400 || exp < -400) return null;
  let scale = frac.length - exp;
  if (scale < 0) {
    u *= pow10n(-scale);
    scale = 0;
  }
  return [m[1] === '-' ? -u : u, scale];
}

/** Decimal text at `scale`, rounded half up (or toward zero); null when it is not a number. */
export function parseDecimal(text: string, scale: number, mode: RoundingMode = 'half_up'): bigint | null {
  const e = parseExact(text);
  if (e === null) {
    // A tiny exponent is a value that rounds to zero, not a malformed number.
    return /^\s*[+-]?(?:\d+\.?\d*|\.\d+)[eE]-\d+\s*$/.test(text) ? 0n : null;
  }
  return (mode === 'down' ? shiftDown : shiftHalfUp)(e[0], e[1] - scale);
}

/**
 * A double as a decimal at `scale`: the decimal its shortest text stands for (0.1 is 0.1, not
 * 0.1000000000000000055…), as Flink's BigDecimal.valueOf(double) reads it; null for NaN and ±Infinity.
 */
export function decimalFromNumber(x: number, scale: number, mode: RoundingMode = 'half_up'): bigint | null {
  if (Number.isInteger(x) && x <= Number.MAX_SAFE_INTEGER && x >= -Number.MAX_SAFE_INTEGER) return bigintOfSafe(x) * pow10n(scale);
  if (!Number.isFinite(x)) return null;
  return parseDecimal(String(x), scale, mode);
}

/** An integral double as DECIMAL(precision, scale); null when it has too many digits. */
export function decimalFromInteger(x: number, precision: number, scale: number): bigint | null {
  return fit((Number.isSafeInteger(x) ? bigintOfSafe(x) : BigInt(x)) * pow10n(scale), precision);
}

/** Plain text with exactly `scale` digits after the point: 110n, 2 → '1.10'; -5n, 2 → '-0.05'. */
export function decimalToString(u: bigint, scale: number): string {
  if (scale <= 0) return u.toString();
  const neg = u < 0n;
  let s = (neg ? -u : u).toString();
  if (s.length <= scale) s = '0'.repeat(scale - s.length + 1) + s;
  return (neg ? '-' : '') + s.slice(0, -scale) + '.' + s.slice(-scale);
}

/** The double nearest to the decimal (correctly rounded, as BigDecimal.doubleValue()). */
export function decimalToNumber(u: bigint, scale: number): number {
  if (u <= MAX_SAFE_N && u >= -MAX_SAFE_N) {
    const n = Number(u);
    if (scale === 0) return n;
    // Both operands are exact doubles, so the one division is correctly rounded.
    if (scale < POW10.length) return n / POW10[scale]!;
  }
  return Number(decimalToString(u, scale));
}

/**
 * JSON output: a number when a double holds the value exactly enough that its shortest text reads
 * back as the same decimal (every value of up to 15 significant digits, and most others); otherwise
 * the exact plain text as a JSON string, so no digit is silently changed (tumbleql reads it back).
 */
export function decimalToJson(u: bigint, scale: number): number | string {
  const n = decimalToNumber(u, scale);
  if (u < 1_000_000_000_000_000n && u > -1_000_000_000_000_000n) return n;
  return parseDecimal(String(n), scale) === u ? n : decimalToString(u, scale);
}

const digitCount = (u: bigint): number => (u < 0n ? -u : u).toString().length;

/** n / d (d > 0, n ≥ 0) rounded half to even. */
function divHalfEven(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r2 = (n - q * d) * 2n;
  if (r2 > d || (r2 === d && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/**
 * (a / 10^sa) ÷ (b / 10^sb) at `scale`, as Flink's DecimalDataUtils.divide: the quotient to 34
 * significant digits half-even, then half-up to `scale`. Null when b is 0.
 */
export function divideDecimal(a: bigint, sa: number, b: bigint, sb: number, scale: number): bigint | null {
  if (b === 0n) return null;
  if (a === 0n) return 0n;
  let n = a * pow10n(sb);
  let d = b * pow10n(sa);
  const neg = n < 0n !== d < 0n;
  if (n < 0n) n = -n;
  if (d < 0n) d = -d;
  // e: the quotient lies in [10^(e-1), 10^e)
  let e = digitCount(n) - digitCount(d);
  if (e >= 0 ? n >= d * pow10n(e) : n * pow10n(-e) >= d) e++;
  const k = 34 - e; // digits after the point that keep 34 significant digits
  const q34 = k >= 0 ? divHalfEven(n * pow10n(k), d) : divHalfEven(n, d * pow10n(-k));
  const r = shiftHalfUp(q34, k - scale);
  return neg ? -r : r;
}

/** Remainder with the sign of the dividend, at scale max(sa, sb) (BigDecimal.remainder). Null for b = 0. */
export function remainderDecimal(a: bigint, sa: number, b: bigint, sb: number): bigint | null {
  if (b === 0n) return null;
  const s = Math.max(sa, sb);
  return (a * pow10n(s - sa)) % (b * pow10n(s - sb));
}

/**
 * SQL ROUND / TRUNCATE of a decimal at scale s to d digits (d < 0: left of the point). The result is at
 * scale s when d ≥ s (unchanged), else at scale max(d, 0) — Flink's sround / struncate.
 */
export function roundDecimalValue(u: bigint, s: number, d: number, mode: RoundingMode): bigint {
  if (d >= s) return u;
  const shift = mode === 'down' ? shiftDown : shiftHalfUp;
  if (d >= 0) return shift(u, s - d);
  return shift(u, s - d) * pow10n(-d);
}

/**
 * SQL ROUND / TRUNCATE of a double: the decimal its shortest text stands for, rounded half up (or
 * toward zero), as Flink's sround(BigDecimal.valueOf(x), d).doubleValue(). ROUND(1.005, 2) = 1.01
 * and TRUNCATE(3.0E15, 0) = 3.0E15.
 */
export function roundNumber(x: number, d: number, mode: RoundingMode): number {
  if (!Number.isFinite(x)) return x;
  if (d >= 0 && d < POW10.length) {
    // Fast path: far from the rounding boundary, the binary value decides like its decimal text.
    const y = x * POW10[d]!;
    const a = Math.abs(y);
    if (a < 1e9) {
      const fl = Math.floor(a);
      const f = a - fl;
      const safe = mode === 'half_up' ? Math.abs(f - 0.5) > 1e-6 : f > 1e-6 && f < 1 - 1e-6;
      if (safe) {
        const r = mode === 'half_up' && f > 0.5 ? fl + 1 : fl;
        const v = r / POW10[d]!;
        return y < 0 && v !== 0 ? -v : v;
      }
    }
  }
  if (Number.isInteger(x) && d >= 0) return x;
  const e = parseExact(String(x));
  if (e === null || d >= e[1]) return x;
  const r = decimalToNumber(roundDecimalValue(e[0], e[1], d, mode), Math.max(d, 0));
  return r === 0 ? 0 : r;
}

// ---------------------------------------------------------------------------------------------------
// Operator helpers (called from generated code)

/** DECIMAL `/` at result type (p, s): NULL for a zero divisor and past p digits. */
export const divDecimal = (a: bigint, sa: number, b: bigint, sb: number, s: number, p: number): bigint | null => {
  const q = divideDecimal(a, sa, b, sb, s);
  return q === null ? null : fit(q, p);
};
/** DECIMAL `%` at result type (p, s). */
export const modDecimal = (a: bigint, sa: number, b: bigint, sb: number, s: number, p: number): bigint | null => {
  const r = remainderDecimal(a, sa, b, sb);
  return r === null ? null : fit(shiftHalfUp(r, Math.max(sa, sb) - s), p);
};
/** ROUND/TRUNCATE of a DECIMAL to a digit count known only at run time: the value keeps scale s. */
export const roundDecimalKeep = (u: bigint, s: number, d: number, mode: RoundingMode): bigint =>
  d >= s ? u : roundDecimalValue(u, s, d, mode) * pow10n(s - Math.max(d, 0));
/** FLOOR of DECIMAL(p, s), at scale 0. */
export const floorDecimal = (u: bigint, s: number): bigint => {
  const d = pow10n(s);
  const q = u / d;
  return u < 0n && q * d !== u ? q - 1n : q;
};
export const ceilDecimal = (u: bigint, s: number): bigint => -floorDecimal(-u, s);

// ---------------------------------------------------------------------------------------------------
// Aggregation helpers

/** SUM of DECIMAL(p, s) is DECIMAL(38, s): NULL when the exact sum has more than 38 digits. */
export function decimalSumResult(sum: bigint): bigint | null {
  return fit(sum, MAX_PRECISION);
}

/** AVG of DECIMAL(p, s): sum / count at scale max(6, s), as Flink divides DECIMAL(38, s) by a BIGINT. */
export function decimalAvgResult(sum: bigint, count: number, s: number, scale: number): bigint | null {
  const q = divideDecimal(sum, s, BigInt(count), 0, scale);
  return q === null ? null : fit(q, MAX_PRECISION);
}
