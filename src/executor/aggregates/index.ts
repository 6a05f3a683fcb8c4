/**
 * Aggregate functions as accumulators with SQL NULL semantics:
 *   COUNT(*) counts rows; COUNT(x), SUM, AVG, MIN, MAX skip NULL inputs; SUM/AVG/MIN/MAX of no
 *   non-NULL input is NULL; COUNT of nothing is 0. DISTINCT keeps a value → multiplicity map.
 *   COUNT(a, b) counts rows where no argument is NULL (its argument is the tuple: groups.ts).
 *   STDDEV/VAR and BOOL_AND/BOOL_OR: statistics.ts. ARRAY_AGG: array-agg.ts.
 *
 * Accumulators are plain values where possible (a number for COUNT, the running sum for SUM) so the
 * per-event update allocates nothing: `acc = add(acc, v)`. Retractable variants (for changelog input of
 * a non-windowed GROUP BY) keep what retraction needs (non-NULL counts; for MIN/MAX a value multiset
 * with its extreme kept in a heap, O(log n) per update: extreme-multiset.ts).
 * `merge` combines two partial accumulators (HOP panes → window); `copy` clones one for merging into.
 */
import { decimalAvgResult, decimalSumResult } from '../../functions/decimal.js';
import type { AggCall } from '../../parser/logical-plan.js';
import { wrapLong } from '../../functions/integer.js';
import { ExtremeMultiset } from './extreme-multiset.js';
import { arrayAgg, arrayAggDistinct } from './array-agg.js';
import { boolAgg, boolResult, distinctVarianceResult, varianceAgg } from './statistics.js';

export interface AggImpl {
  create(): unknown;
  /** v is never NULL here except for COUNT(*) (the caller skips NULLs). */
  add(acc: unknown, v: unknown): unknown;
  retract(acc: unknown, v: unknown): unknown;
  merge(into: unknown, from: unknown): unknown;
  copy(acc: unknown): unknown;
  result(acc: unknown): unknown;
  /** JSON-able form for checkpoints, and back. */
  save(acc: unknown): unknown;
  load(saved: unknown): unknown;
}

/**
 * A number — or a bigint for DECIMAL arguments: never mixed within one aggregate, so the same `+` code
 * serves both (typed as number to keep it one code path).
 */
type Num = number;

const count: AggImpl = {
  create: () => 0,
  add: (a) => (a as Num) + 1,
  retract: (a) => (a as Num) - 1,
  merge: (a, b) => (a as Num) + (b as Num),
  copy: (a) => a,
  result: (a) => a,
  save: (a) => a,
  load: (s) => s,
};

/**
 * How SUM/AVG add up and what they return, by argument type (Flink's SumAggFunction/AvgAggFunction and
 * LogicalTypeMerging.findSumAggType/findAvgAggType):
 *   INT      sum wraps at 32 bits as Java's int does; SUM is INT; AVG is the sum as a long / count,
 *            truncated toward zero, an INT
 *   BIGINT   sum wraps at 64 bits (exact while within 2^53); SUM and AVG (truncated) are BIGINT
 *   DECIMAL  exact bigint sum; SUM is DECIMAL(38, s), NULL past 38 digits; AVG is DECIMAL(38, max(6, s)),
 *            the quotient rounded half up
 *   FLOAT, DOUBLE  double sum; AVG is sum / count
 */
export type SumKind = 'int' | 'long' | 'decimal' | 'double';

/** The arithmetic of an aggregate's argument type: INT wraps at 32 bits, BIGINT at 64, DECIMAL is exact. */
export function argumentKind(call: AggCall): SumKind {
  switch (call.arg?.type.name) {
    case 'INT':
      return 'int';
    case 'BIGINT':
      return 'long';
    case 'DECIMAL':
      return 'decimal';
    default:
      return 'double';
  }
}

/** How a SUM/AVG accumulates: AVG of INT sums as a long (Flink's IntAvgAggFunction sums in a BIGINT). */
export function sumKind(call: AggCall): SumKind {
  const kind = argumentKind(call);
  return kind === 'int' && call.fn !== 'SUM' ? 'long' : kind;
}

/** SUM / AVG state: [sum, non-NULL count]; the sum is a bigint for DECIMAL. */
type SumAcc = [Num, Num];

function sumAgg(kind: SumKind, result: (sum: never, n: number) => unknown): AggImpl {
  const zero = (kind === 'decimal' ? 0n : 0) as unknown as Num;
  const plus = kind === 'int' ? (a: Num, b: Num): Num => (a + b) | 0 : (a: Num, b: Num): Num => a + b;
  const minus = kind === 'int' ? (a: Num, b: Num): Num => (a - b) | 0 : (a: Num, b: Num): Num => a - b;
  return {
    create: () => [zero, 0],
    add: (a, v) => {
      const s = a as SumAcc;
      s[0] = plus(s[0], v as Num);
      s[1]++;
      return s;
    },
    retract: (a, v) => {
      const s = a as SumAcc;
      s[0] = minus(s[0], v as Num);
      s[1]--;
      return s;
    },
    merge: (a, b) => {
      const s = a as SumAcc;
      const t = b as SumAcc;
      s[0] = plus(s[0], t[0]);
      s[1] += t[1];
      return s;
    },
    copy: (a) => [(a as SumAcc)[0], (a as SumAcc)[1]],
    result: (a) => ((a as SumAcc)[1] === 0 ? null : result((a as SumAcc)[0] as never, (a as SumAcc)[1])),
    save: (a) => a,
    load: (s) => [...(s as SumAcc)],
  };
}

/** The SUM or AVG of a non-empty group from its sum and count. */
export function sumResult(call: AggCall): (sum: never, n: number) => unknown {
  const kind = sumKind(call);
  if (call.fn === 'SUM') {
    if (kind === 'long') return (s: number) => wrapLong(s);
    if (kind === 'decimal') return (s: bigint) => decimalSumResult(s);
    return (s: number) => s;
  }
  switch (kind) {
    case 'int':
      return (s: number, n) => Math.trunc(s / n) + 0;
    case 'long':
      return (s: number, n) => Math.trunc(wrapLong(s) / n) + 0;
    case 'decimal': {
      const s = call.arg?.type.scale ?? 0;
      const scale = call.type.scale ?? 6;
      return (sum: bigint, n) => decimalAvgResult(sum, n, s, scale);
    }
    case 'double':
      return (s: number, n) => s / n;
  }
}

/**
 * Java's Double.compare, which MIN/MAX over FLOAT/DOUBLE follow: -0.0 < 0.0 and NaN above everything
 * (+Infinity included), so the result does not depend on the order rows arrive in.
 */
export function compareDouble(a: number, b: number): number {
  if (a < b) return -1;
  if (a > b) return 1;
  if (a === b) {
    if (a !== 0) return 0;
    const ia = 1 / a;
    const ib = 1 / b;
    return ia === ib ? 0 : ia < ib ? -1 : 1;
  }
  const an = a !== a;
  const bn = b !== b;
  return an === bn ? 0 : an ? 1 : -1;
}

function compareValues(a: unknown, b: unknown): number {
  return (a as Num) < (b as Num) ? -1 : (a as Num) > (b as Num) ? 1 : 0;
}

/** The ordering MIN/MAX use for an argument: Double.compare for FLOAT/DOUBLE, else <, >. */
export function comparatorFor(call: AggCall): (a: unknown, b: unknown) => number {
  const t = call.arg?.type.name;
  return t === 'DOUBLE' || t === 'FLOAT' ? (compareDouble as (a: unknown, b: unknown) => number) : compareValues;
}

/** Append-only MIN/MAX: the current extreme (null until a value arrives). */
function extreme(sign: 1 | -1, compare: (a: unknown, b: unknown) => number): AggImpl {
  const better = (v: unknown, cur: unknown): boolean => cur === null || compare(v, cur) * sign > 0;
  return {
    create: () => null,
    add: (a, v) => (better(v, a) ? v : a),
    retract: () => {
      throw new Error('invariant: append-only MIN/MAX cannot retract');
    },
    merge: (a, b) => (b !== null && better(b, a) ? b : a),
    copy: (a) => a,
    result: (a) => a,
    save: (a) => a,
    load: (s) => s,
  };
}

/** A multiset of values: value → multiplicity. Used by DISTINCT and by retractable MIN/MAX. */
type Multiset = Map<unknown, number>;

function msAdd(m: Multiset, v: unknown, n = 1): void {
  m.set(v, (m.get(v) ?? 0) + n);
}
function msRemove(m: Multiset, v: unknown): void {
  const n = (m.get(v) ?? 0) - 1;
  if (n <= 0) m.delete(v);
  else m.set(v, n);
}

function multisetAgg(result: (m: Multiset) => unknown): AggImpl {
  return {
    create: () => new Map(),
    add: (a, v) => (msAdd(a as Multiset, v), a),
    retract: (a, v) => (msRemove(a as Multiset, v), a),
    merge: (a, b) => {
      for (const [v, n] of b as Multiset) msAdd(a as Multiset, v, n);
      return a;
    },
    copy: (a) => new Map(a as Multiset),
    result: (a) => result(a as Multiset),
    save: (a) => [...(a as Multiset)],
    load: (s) => new Map(s as [unknown, number][]),
  };
}

function distinctResult(call: AggCall): (m: Multiset) => unknown {
  switch (call.fn) {
    case 'COUNT':
      return (m) => m.size;
    case 'SUM':
    case 'AVG': {
      const kind = sumKind(call);
      const result = sumResult(call);
      return (m) => {
        if (m.size === 0) return null;
        let s = (kind === 'decimal' ? 0n : 0) as unknown as Num;
        for (const v of m.keys()) s = kind === 'int' ? (s + (v as Num)) | 0 : s + (v as Num);
        return result(s as never, m.size);
      };
    }
    case 'MIN':
    case 'MAX':
      throw new Error('invariant: MIN/MAX over a multiset use retractableExtreme');
    case 'STDDEV_POP':
    case 'STDDEV_SAMP':
    case 'VAR_POP':
    case 'VAR_SAMP': {
      const result = distinctVarianceResult(call);
      return (m) => result(m.keys());
    }
    case 'BOOL_AND':
    case 'BOOL_OR': {
      const result = boolResult(call);
      return (m) => result(m.has(true) ? 1 : 0, m.has(false) ? 1 : 0);
    }
    // The distinct values in the order they first came (a Map keeps insertion order).
    case 'LISTAGG':
    case 'FIRST_VALUE':
    case 'LAST_VALUE': {
      const result = sequenceResult(call);
      return (m) => result([...m.keys()]);
    }
    case 'ARRAY_AGG':
      throw new Error('invariant: ARRAY_AGG(DISTINCT) uses arrayAggDistinct');
  }
}

/** LISTAGG, FIRST_VALUE, LAST_VALUE of non-NULL values in arrival order: null when there are none. */
function sequenceResult(call: AggCall): (vs: readonly unknown[]) => unknown {
  const sep = call.separator ?? ',';
  if (call.fn === 'LISTAGG') return (vs) => (vs.length === 0 ? null : vs.join(sep));
  if (call.fn === 'FIRST_VALUE') return (vs) => (vs.length === 0 ? null : vs[0]);
  return (vs) => (vs.length === 0 ? null : vs.at(-1));
}

/**
 * LISTAGG, FIRST_VALUE, LAST_VALUE over a changelog: the non-NULL values in arrival order, a retraction
 * taking out one equal value (Flink's ListAggWithRetract, FirstValueWithRetract, LastValueWithRetract).
 * `merge` appends the later pane's values: panes merge in time order.
 */
function sequenceAgg(result: (vs: readonly unknown[]) => unknown): AggImpl {
  return {
    create: () => [],
    add: (a, v) => ((a as unknown[]).push(v), a),
    retract: (a, v) => {
      const vs = a as unknown[];
      const i = vs.indexOf(v);
      if (i >= 0) vs.splice(i, 1);
      return a;
    },
    merge: (a, b) => {
      for (const v of b as unknown[]) (a as unknown[]).push(v);
      return a;
    },
    copy: (a) => [...(a as unknown[])],
    result: (a) => result(a as unknown[]),
    save: (a) => [...(a as unknown[])],
    load: (s) => [...(s as unknown[])],
  };
}

/**
 * Append-only LISTAGG, FIRST_VALUE, LAST_VALUE: the joined string, the first or the last non-NULL value
 * (null until one arrives; the caller never passes NULL). Flink's ListAggFunction, FirstValueAggFunction,
 * LastValueAggFunction, which skip NULL.
 */
function sequenceAppend(call: AggCall): AggImpl {
  const sep = call.separator ?? ',';
  const add =
    call.fn === 'LISTAGG'
      ? (a: unknown, v: unknown) => (a === null ? v : `${a as string}${sep}${v as string}`)
      : call.fn === 'FIRST_VALUE'
        ? (a: unknown, v: unknown) => (a === null ? v : a)
        : (_a: unknown, v: unknown) => v;
  return {
    create: () => null,
    add,
    retract: () => {
      throw new Error(`invariant: append-only ${call.fn} cannot retract`);
    },
    merge: (a, b) => (b === null ? a : a === null ? b : add(a, b)),
    copy: (a) => a,
    result: (a) => a,
    save: (a) => a,
    load: (s) => s,
  };
}

/** Retractable (and DISTINCT, which changes nothing for them) MIN/MAX over an ExtremeMultiset. */
function retractableExtreme(call: AggCall): AggImpl {
  const sign = call.fn === 'MAX' ? 1 : -1;
  const compare = comparatorFor(call);
  const before = (a: unknown, b: unknown): boolean => compare(a, b) * sign > 0;
  return {
    create: () => new ExtremeMultiset(before),
    add: (a, v) => ((a as ExtremeMultiset).add(v), a),
    retract: (a, v) => ((a as ExtremeMultiset).retract(v), a),
    merge: (a, b) => {
      for (const [v, n] of (b as ExtremeMultiset).counts) (a as ExtremeMultiset).add(v, n);
      return a;
    },
    copy: (a) => (a as ExtremeMultiset).copy(),
    result: (a) => (a as ExtremeMultiset).best(),
    // The same saved form as the multiset it replaces ([value, count] pairs), so checkpoints carry over.
    save: (a) => [...(a as ExtremeMultiset).counts],
    load: (s) => {
      const m = new ExtremeMultiset(before);
      for (const [v, n] of s as [unknown, number][]) m.add(v, n);
      return m;
    },
  };
}

/** The accumulator for one aggregate call; `retractable` when the input may carry -U/-D rows. */
export function makeAgg(call: AggCall, retractable: boolean): AggImpl {
  if (call.fn === 'ARRAY_AGG') return call.distinct ? arrayAggDistinct : arrayAgg;
  if ((call.fn === 'MIN' || call.fn === 'MAX') && (call.distinct || retractable)) return retractableExtreme(call);
  if (call.distinct) return multisetAgg(distinctResult(call));
  switch (call.fn) {
    case 'LISTAGG':
    case 'FIRST_VALUE':
    case 'LAST_VALUE':
      return retractable ? sequenceAgg(sequenceResult(call)) : sequenceAppend(call);
    case 'COUNT':
      return count;
    case 'SUM':
    case 'AVG':
      return sumAgg(sumKind(call), sumResult(call));
    case 'MIN':
    case 'MAX':
      return extreme(call.fn === 'MAX' ? 1 : -1, comparatorFor(call));
    case 'STDDEV_POP':
    case 'STDDEV_SAMP':
    case 'VAR_POP':
    case 'VAR_SAMP':
      return varianceAgg(call);
    case 'BOOL_AND':
    case 'BOOL_OR':
      return boolAgg(call);
  }
}

/**
 * Whether the generated per-row update inlines this aggregate (COUNT, SUM/AVG, append-only MIN/MAX, not
 * DISTINCT) instead of calling its AggImpl's `add`.
 */
export function inlinedAdd(call: AggCall, retractable: boolean): boolean {
  if (call.distinct) return false;
  switch (call.fn) {
    case 'COUNT':
    case 'SUM':
    case 'AVG':
      return true;
    case 'MIN':
    case 'MAX':
      return !retractable;
    default:
      return false;
  }
}
