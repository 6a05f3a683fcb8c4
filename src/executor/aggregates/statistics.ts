/**
 * STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP and BOOL_AND, BOOL_OR as accumulators (AggImpl, boxed in a
 * slot: aggregates/acc-layout.ts). All of them retract, merge and save as they add, so one form serves
 * append-only input, changelog input (non-windowed GROUP BY, TUMBLE/HOP/CUMULATE/SESSION over a
 * changelog), HOP panes and bounded OVER frames.
 *
 * The variances are Flink's, which has no variance accumulator of its own: Calcite's
 * AggregateReduceFunctionsRule rewrites them, in the argument's type, into
 *
 *   VAR_POP(x)     = (SUM(x * x) - SUM(x) * SUM(x) / COUNT(x)) / COUNT(x)
 *   VAR_SAMP(x)    = (SUM(x * x) - SUM(x) * SUM(x) / COUNT(x)) / CASE COUNT(x) WHEN 1 THEN NULL ELSE COUNT(x) - 1 END
 *   STDDEV_*(x)    = POWER(VAR_*(x), 0.5), cast back to the argument's type
 *
 * so the state is [Σx, Σx², count] and the result follows the same arithmetic:
 *   INT      x * x and both sums wrap at 32 bits (Java's int), the divisions are BIGINT ones (truncating),
 *            the result an INT: VAR_POP of 2900, 2500, 2600 is 28889, not 28888.89
 *   BIGINT   the same in 64 bits (the squares as bigints, wrapped as Java's long)
 *   DECIMAL  exact: the quotient rounded half up once, at the result's scale max(6, s) (Calcite rounds
 *            each intermediate division at its own scale, which can differ in the last digit)
 *   FLOAT, DOUBLE  double arithmetic
 * NULL arguments are skipped; no non-NULL value gives NULL, and so does one for the _SAMP forms.
 * DISTINCT is Calcite's rewrite too: SUM(DISTINCT x * x), SUM(DISTINCT x), COUNT(DISTINCT x), so the
 * squares are summed once per distinct square (−1 and 1 add 1 once).
 *
 * BOOL_AND / BOOL_OR (RisingWave's and PostgreSQL's; Flink has neither): counts of TRUE and FALSE inputs,
 * so a retraction takes one back; NULL when no non-NULL input is left.
 */
import { decimalFromNumber, decimalToNumber, divideDecimal, fit, MAX_PRECISION } from '../../functions/decimal.js';
import { wrapLong } from '../../functions/integer.js';
import type { AggCall } from '../../parser/logical-plan.js';
import { argumentKind, type AggImpl, type SumKind } from './index.js';

/** How a variance's argument is summed: its type's arithmetic (see the header). */
export type MomentKind = SumKind;
export function momentKind(call: AggCall): MomentKind {
  return argumentKind(call);
}

/** Σx, Σx², count. Σx is a bigint for DECIMAL; Σx² a bigint for BIGINT and DECIMAL. */
type Moments = [unknown, unknown, number];

interface Arithmetic {
  zero(): Moments;
  square(x: unknown): unknown;
  plus(a: unknown, b: unknown): unknown;
  minus(a: unknown, b: unknown): unknown;
  /** The variance (VAR_*) or standard deviation (STDDEV_*) of a group of n ≥ 1 values; denom is n or n − 1 ≥ 1. */
  result(sum: unknown, sumSq: unknown, n: number, denom: number, sqrt: boolean): unknown;
}

const TWO_31 = 2147483648;

/** INT → INT as Flink's CAST of a double: truncated; out of range (or NaN) is NULL, as the engine's CAST. */
function doubleToInt(x: number): number | null {
  const v = Math.trunc(x);
  return v >= -TWO_31 && v < TWO_31 ? v + 0 : null;
}

function doubleToLong(x: number): number | null {
  const v = Math.trunc(x);
  return Number.isFinite(v) && Math.abs(v) <= 2 ** 63 ? wrapLong(v) + 0 : null;
}

const intArithmetic: Arithmetic = {
  zero: () => [0, 0, 0],
  square: (x) => Math.imul(x as number, x as number),
  plus: (a, b) => ((a as number) + (b as number)) | 0,
  minus: (a, b) => ((a as number) - (b as number)) | 0,
  result: (sum, sumSq, n, denom, sqrt) => {
    // SUM(x) * SUM(x) is an INT product (wraps); dividing it by the BIGINT count makes a BIGINT.
    const sq = Math.imul(sum as number, sum as number);
    const diff = (sumSq as number) - Math.trunc(sq / n);
    const v = Math.trunc(diff / denom);
    return sqrt ? doubleToInt(Math.pow(v, 0.5)) : v | 0;
  },
};

const longArithmetic: Arithmetic = {
  zero: () => [0, 0n, 0],
  square: (x) => BigInt.asIntN(64, BigInt(x as number) * BigInt(x as number)),
  // Σx as the number SUM keeps (wrapped when read); Σx² as a bigint wrapped at 64 bits.
  plus: (a, b) => (typeof a === 'bigint' ? BigInt.asIntN(64, a + (b as bigint)) : (a as number) + (b as number)),
  minus: (a, b) => (typeof a === 'bigint' ? BigInt.asIntN(64, a - (b as bigint)) : (a as number) - (b as number)),
  result: (sum, sumSq, n, denom, sqrt) => {
    const s = BigInt(wrapLong(sum as number));
    const diff = BigInt.asIntN(64, (sumSq as bigint) - BigInt.asIntN(64, s * s) / BigInt(n));
    const v = Number(diff / BigInt(denom));
    return sqrt ? doubleToLong(Math.pow(v, 0.5)) : v;
  },
};

const doubleArithmetic: Arithmetic = {
  zero: () => [0, 0, 0],
  square: (x) => (x as number) * (x as number),
  plus: (a, b) => (a as number) + (b as number),
  minus: (a, b) => (a as number) - (b as number),
  result: (sum, sumSq, n, denom, sqrt) => {
    const s = sum as number;
    const v = ((sumSq as number) - (s * s) / n) / denom;
    return sqrt ? Math.pow(v, 0.5) : v;
  },
};

/** DECIMAL(p, s): Σx at scale s, Σx² at scale 2s, exact; the result at `scale` (max(6, s)). */
function decimalArithmetic(s: number, scale: number): Arithmetic {
  return {
    zero: () => [0n, 0n, 0],
    square: (x) => (x as bigint) * (x as bigint),
    plus: (a, b) => (a as bigint) + (b as bigint),
    minus: (a, b) => (a as bigint) - (b as bigint),
    result: (sum, sumSq, n, denom, sqrt) => {
      // (Σx² − (Σx)²/n) / denom = (n·Σx² − (Σx)²) / (n · denom), at scale 2s.
      const sx = sum as bigint;
      const num = BigInt(n) * (sumSq as bigint) - sx * sx;
      const v = divideDecimal(num, 2 * s, BigInt(n) * BigInt(denom), 0, scale);
      if (v === null) return null;
      if (!sqrt) return fit(v, MAX_PRECISION);
      const d = Math.pow(decimalToNumber(v, scale), 0.5);
      const u = Number.isFinite(d) ? decimalFromNumber(d, scale) : null;
      return u === null ? null : fit(u, MAX_PRECISION);
    },
  };
}

function arithmeticOf(call: AggCall): Arithmetic {
  switch (momentKind(call)) {
    case 'int':
      return intArithmetic;
    case 'long':
      return longArithmetic;
    case 'double':
      return doubleArithmetic;
    case 'decimal':
      return decimalArithmetic(call.arg?.type.scale ?? 0, call.type.scale ?? 6);
  }
}

/** The variance result of [Σx, Σx², n] (null for no value, and for one value in the _SAMP forms). */
function varianceResult(call: AggCall, ar: Arithmetic): (sum: unknown, sumSq: unknown, n: number) => unknown {
  const pop = call.fn === 'VAR_POP' || call.fn === 'STDDEV_POP';
  const sqrt = call.fn === 'STDDEV_POP' || call.fn === 'STDDEV_SAMP';
  return (sum, sumSq, n) => {
    if (n === 0 || (!pop && n === 1)) return null;
    return ar.result(sum, sumSq, n, pop ? n : n - 1, sqrt);
  };
}

/** STDDEV_POP, STDDEV_SAMP, VAR_POP, VAR_SAMP (not DISTINCT): [Σx, Σx², count], retracting and merging. */
export function varianceAgg(call: AggCall): AggImpl {
  const ar = arithmeticOf(call);
  const result = varianceResult(call, ar);
  return {
    create: () => ar.zero(),
    add: (a, v) => {
      const m = a as Moments;
      m[0] = ar.plus(m[0], v);
      m[1] = ar.plus(m[1], ar.square(v));
      m[2]++;
      return m;
    },
    retract: (a, v) => {
      const m = a as Moments;
      m[0] = ar.minus(m[0], v);
      m[1] = ar.minus(m[1], ar.square(v));
      m[2]--;
      return m;
    },
    merge: (a, b) => {
      const m = a as Moments;
      const o = b as Moments;
      m[0] = ar.plus(m[0], o[0]);
      m[1] = ar.plus(m[1], o[1]);
      m[2] += o[2];
      return m;
    },
    copy: (a) => [...(a as Moments)],
    result: (a) => result((a as Moments)[0], (a as Moments)[1], (a as Moments)[2]),
    save: (a) => [...(a as Moments)],
    load: (s) => [...(s as Moments)],
  };
}

/** A DISTINCT variance from its distinct values: Σ of the distinct values, Σ of the distinct squares, their count. */
export function distinctVarianceResult(call: AggCall): (values: Iterable<unknown>) => unknown {
  const ar = arithmeticOf(call);
  const result = varianceResult(call, ar);
  return (values) => {
    const [zero, zeroSq] = ar.zero();
    let sum = zero;
    let n = 0;
    const squares = new Set<unknown>();
    for (const v of values) {
      sum = ar.plus(sum, v);
      squares.add(ar.square(v));
      n++;
    }
    let sumSq = zeroSq;
    for (const q of squares) sumSq = ar.plus(sumSq, q);
    return result(sum, sumSq, n);
  };
}

/** BOOL_AND / BOOL_OR of counts of TRUE and FALSE inputs. */
export function boolResult(call: AggCall): (trues: number, falses: number) => boolean | null {
  if (call.fn === 'BOOL_AND') return (t, f) => (t + f === 0 ? null : f === 0);
  return (t, f) => (t + f === 0 ? null : t > 0);
}

type BoolCounts = [number, number];

export function boolAgg(call: AggCall): AggImpl {
  const result = boolResult(call);
  return {
    create: () => [0, 0],
    add: (a, v) => ((a as BoolCounts)[v === true ? 0 : 1]++, a),
    retract: (a, v) => ((a as BoolCounts)[v === true ? 0 : 1]--, a),
    merge: (a, b) => {
      (a as BoolCounts)[0] += (b as BoolCounts)[0];
      (a as BoolCounts)[1] += (b as BoolCounts)[1];
      return a;
    },
    copy: (a) => [...(a as BoolCounts)],
    result: (a) => result((a as BoolCounts)[0], (a as BoolCounts)[1]),
    save: (a) => [...(a as BoolCounts)],
    load: (s) => [...(s as BoolCounts)],
  };
}
