/**
 * Aggregate functions as accumulators with SQL NULL semantics:
 *   COUNT(*) counts rows; COUNT(x), SUM, AVG, MIN, MAX skip NULL inputs; SUM/AVG/MIN/MAX of no
 *   non-NULL input is NULL; COUNT of nothing is 0. DISTINCT keeps a value → multiplicity map.
 *
 * Accumulators are plain values where possible (a number for COUNT, the running sum for SUM) so the
 * per-event update allocates nothing: `acc = add(acc, v)`. Retractable variants (for changelog input of
 * a non-windowed GROUP BY) keep what retraction needs (non-NULL counts, value multisets for MIN/MAX).
 * `merge` combines two partial accumulators (HOP panes → window); `copy` clones one for merging into.
 */
import type { AggCall } from '../../parser/logical-plan.js';

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

/** SUM / AVG state: [sum, non-NULL count]. */
type SumAcc = [Num, Num];

const sum: AggImpl = {
  create: (): SumAcc => [0, 0],
  add: (a, v) => {
    const s = a as SumAcc;
    s[0] += v as Num;
    s[1]++;
    return s;
  },
  retract: (a, v) => {
    const s = a as SumAcc;
    s[0] -= v as Num;
    s[1]--;
    return s;
  },
  merge: (a, b) => {
    const s = a as SumAcc;
    const t = b as SumAcc;
    s[0] += t[0];
    s[1] += t[1];
    return s;
  },
  copy: (a) => [(a as SumAcc)[0], (a as SumAcc)[1]],
  result: (a) => ((a as SumAcc)[1] === 0 ? null : (a as SumAcc)[0]),
  save: (a) => a,
  load: (s) => [...(s as SumAcc)],
};

const avg: AggImpl = { ...sum, result: (a) => ((a as SumAcc)[1] === 0 ? null : (a as SumAcc)[0] / (a as SumAcc)[1]) };

function compare(a: unknown, b: unknown): number {
  return (a as Num) < (b as Num) ? -1 : (a as Num) > (b as Num) ? 1 : 0;
}

/** Append-only MIN/MAX: the current extreme (null until a value arrives). */
function extreme(sign: 1 | -1): AggImpl {
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

function distinctResult(fn: AggCall['fn']): (m: Multiset) => unknown {
  switch (fn) {
    case 'COUNT':
      return (m) => m.size;
    case 'SUM':
      return (m) => (m.size === 0 ? null : [...m.keys()].reduce((s: Num, v) => s + (v as Num), 0));
    case 'AVG':
      return (m) => (m.size === 0 ? null : [...m.keys()].reduce((s: Num, v) => s + (v as Num), 0) / m.size);
    case 'MIN':
    case 'MAX': {
      const sign = fn === 'MAX' ? 1 : -1;
      return (m) => {
        let best: unknown = null;
        for (const v of m.keys()) if (best === null || compare(v, best) * sign > 0) best = v;
        return best;
      };
    }
  }
}

/** The accumulator for one aggregate call; `retractable` when the input may carry -U/-D rows. */
export function makeAgg(call: AggCall, retractable: boolean): AggImpl {
  if (call.distinct) return multisetAgg(distinctResult(call.fn));
  switch (call.fn) {
    case 'COUNT':
      return count;
    case 'SUM':
      return sum;
    case 'AVG':
      return avg;
    case 'MIN':
    case 'MAX':
      return retractable ? multisetAgg(distinctResult(call.fn)) : extreme(call.fn === 'MAX' ? 1 : -1);
  }
}
