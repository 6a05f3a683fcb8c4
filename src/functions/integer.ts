/**
 * INT and BIGINT arithmetic with Java's wrap-around, which Flink inherits: INT wraps at 32 bits (the
 * generated code uses `| 0` and Math.imul, exact), BIGINT at 64 bits. BIGINT values are doubles, exact
 * up to 2^53: while a result stays within 2^53 it is computed in doubles; past that it is recomputed
 * with BigInt from the (integral) operands, wrapped with BigInt.asIntN(64, …), and given as the nearest
 * double. So the common case costs one comparison, and overflow wraps as in Flink.
 */

const MAX_EXACT = Number.MAX_SAFE_INTEGER;
const TWO_63 = 9223372036854775808;

/** A BigInt result wrapped to 64 bits, as Java's long arithmetic does, as the nearest double. */
const wrap64 = (x: bigint): number => Number(BigInt.asIntN(64, x));

/** BIGINT + - * with Java's 64-bit wrap-around; exact doubles while the result stays within 2^53. */
export function addLong(a: number, b: number): number {
  const r = a + b;
  return r <= MAX_EXACT && r >= -MAX_EXACT ? r : wrap64(BigInt(a) + BigInt(b));
}
export function subLong(a: number, b: number): number {
  const r = a - b;
  return r <= MAX_EXACT && r >= -MAX_EXACT ? r : wrap64(BigInt(a) - BigInt(b));
}
export function mulLong(a: number, b: number): number {
  const r = a * b;
  return r <= MAX_EXACT && r >= -MAX_EXACT ? r + 0 : wrap64(BigInt(a) * BigInt(b));
}
/** Long.MIN_VALUE / -1 wraps to Long.MIN_VALUE in Java. */
export const divLong = (a: number, b: number): number => {
  const r = Math.trunc(a / b) + 0;
  return r >= TWO_63 ? r - 2 * TWO_63 : r;
};
export const negLong = (a: number): number => (a <= -TWO_63 ? a : -a + 0);
/** A BIGINT sum (exact while within 2^53) wrapped to 64 bits, as Java's long sum. */
export function wrapLong(x: number): number {
  return x < TWO_63 && x >= -TWO_63 ? x : wrap64(BigInt(x));
}

