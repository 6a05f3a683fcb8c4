/**
 * Reads a join's bound ON condition (over [...left, ...right]) as conjuncts and sorts them:
 *   - `l = r` / `l IS NOT DISTINCT FROM r` with l reading only the left input and r only the right:
 *     an equality key (each side rebased onto its own row);
 *   - L.window_start = R.window_start, L.window_end = R.window_end (window columns of both inputs);
 *   - comparisons of the two inputs' event-time attributes, each plus or minus constant intervals
 *     (`<`, `<=`, `>`, `>=`, `=`, BETWEEN): folded into one range leftTime − rightTime ∈ [lower, upper];
 *     timestamps are whole milliseconds, so an exclusive bound is the inclusive one moved by 1 ms;
 *   - anything else: the residual, evaluated on each candidate pair.
 */
import type { BoundExpr } from './bound-expr.js';
import type { Column } from './logical-plan.js';

export interface JoinKey {
  readonly left: BoundExpr;
  readonly right: BoundExpr;
  readonly nullSafe: boolean;
}

export interface JoinCondition {
  readonly keys: JoinKey[];
  /** Positions [left, right] of the equated window columns, each in its own input's row. */
  readonly window: { start?: [number, number]; end?: [number, number] };
  /** `proctime`: the bounds are on both inputs' processing-time attributes (else their event-time ones). */
  readonly interval: { leftTime: number; rightTime: number; lower: number; upper: number; proctime: boolean } | null;
  readonly residual: BoundExpr[];
  /** The conjuncts folded into `interval` (residual again when the join is not an interval join). */
  readonly timeConjuncts: BoundExpr[];
}

type Side = 'left' | 'right' | 'both' | 'none';

export function conjuncts(e: BoundExpr): BoundExpr[] {
  return e.kind === 'call' && e.fn === 'AND' ? e.args.flatMap(conjuncts) : [e];
}

export function analyzeCondition(on: BoundExpr, left: readonly Column[], right: readonly Column[]): JoinCondition {
  const lw = left.length;
  const sideOf = (e: BoundExpr): Side => {
    const [lo, hi] = inputRange(e);
    if (hi < 0) return 'none';
    if (hi < lw) return 'left';
    return lo >= lw ? 'right' : 'both';
  };
  // An input may carry several time attributes (an inner interval join keeps both of its inputs'): a bound
  // may use any of them, but all bounds must use the same one per side.
  let lTime = -1;
  let rTime = -1;
  const keys: JoinKey[] = [];
  const window: JoinCondition['window'] = {};
  const residual: BoundExpr[] = [];
  let lower = -Infinity;
  let upper = Infinity;
  let timed = false;
  const timeConjuncts: BoundExpr[] = [];

  /**
   * `t + offset` where t is a time attribute of one side: which side, and the offset in ms. Every bound is
   * on event-time attributes, or every one on processing-time ones (Flink's processing-time interval join).
   */
  let proctime: boolean | null = null;
  const timeTerm = (e: BoundExpr): { side: 'left' | 'right'; col: number; off: number } | null => {
    if (e.kind === 'input') {
      const col = e.index < lw ? left[e.index] : right[e.index - lw];
      const pt = col?.proctime === true;
      if (col === undefined || (col.rowtime !== true && !pt) || (proctime !== null && proctime !== pt)) return null;
      return e.index < lw ? { side: 'left', col: e.index, off: 0 } : { side: 'right', col: e.index - lw, off: 0 };
    }
    if (e.kind === 'call' && (e.fn === '+' || e.fn === '-') && e.args.length === 2) {
      const [a, b] = e.args as [BoundExpr, BoundExpr];
      const iv = (x: BoundExpr) => (x.kind === 'const' && x.type.name === 'INTERVAL' && typeof x.value === 'number' ? x.value : null);
      const bv = iv(b);
      if (bv !== null) {
        const t = timeTerm(a);
        return t && { ...t, off: t.off + (e.fn === '+' ? bv : -bv) };
      }
      const av = iv(a);
      if (av !== null && e.fn === '+') {
        const t = timeTerm(b);
        return t && { ...t, off: t.off + av };
      }
    }
    return null;
  };

  /** a op b over time terms of opposite sides, as bounds on d = left − right. */
  const bound = (a: BoundExpr, op: string, b: BoundExpr): boolean => {
    const ta = timeTerm(a);
    const tb = timeTerm(b);
    if (!ta || !tb || ta.side === tb.side) return false;
    // Put the left term first: L + lo op R + ro  ⇔  d op ro − lo.
    const [l, r, o] = ta.side === 'left' ? [ta, tb, op] : [tb, ta, FLIP[op]!];
    if ((lTime >= 0 && l.col !== lTime) || (rTime >= 0 && r.col !== rTime)) return false;
    const pt = left[l.col]?.proctime === true;
    if (pt !== (right[r.col]?.proctime === true)) return false;
    proctime = pt;
    lTime = l.col;
    rTime = r.col;
    const c = r.off - l.off;
    switch (o) {
      case '<=': upper = Math.min(upper, c); break;
      case '<': upper = Math.min(upper, c - 1); break;
      case '>=': lower = Math.max(lower, c); break;
      case '>': lower = Math.max(lower, c + 1); break;
      case '=': upper = Math.min(upper, c); lower = Math.max(lower, c); break;
      default: return false;
    }
    timed = true;
    return true;
  };

  for (const c0 of conjuncts(on)) {
    // `(a IS NULL AND b IS NULL) OR a = b` is a null-safe equality (Flink rewrites it to IS NOT DISTINCT FROM).
    const c = nullSafeEquality(c0) ?? c0;
    if (c.kind === 'call' && (c.fn === '=' || c.fn === 'IS_NOT_DISTINCT_FROM') && c.args.length === 2) {
      const [a, b] = c.args as [BoundExpr, BoundExpr];
      const sa = sideOf(a);
      const sb = sideOf(b);
      if ((sa === 'left' && sb === 'right') || (sa === 'right' && sb === 'left')) {
        const [l, r] = sa === 'left' ? [a, b] : [b, a];
        const prop = windowPair(l, r, left, right, lw);
        if (prop && c.fn === '=') {
          if (window[prop]) residual.push(c);
          else window[prop] = [(l as { index: number }).index, (r as { index: number }).index - lw];
          continue;
        }
        if (c.fn === '=' && bound(a, '=', b)) {
          timeConjuncts.push(c);
          continue;
        }
        keys.push({ left: l, right: shift(r, -lw), nullSafe: c.fn === 'IS_NOT_DISTINCT_FROM' });
        continue;
      }
    }
    if (c.kind === 'call' && ['<', '<=', '>', '>='].includes(c.fn) && c.args.length === 2) {
      if (bound(c.args[0]!, c.fn, c.args[1]!)) {
        timeConjuncts.push(c);
        continue;
      }
    }
    if (c.kind === 'call' && c.fn === 'BETWEEN' && c.args.length === 3) {
      const [x, lo, hi] = c.args as [BoundExpr, BoundExpr, BoundExpr];
      const tx = timeTerm(x);
      const tlo = timeTerm(lo);
      const thi = timeTerm(hi);
      if (tx && tlo && thi && tlo.side === thi.side && tlo.col === thi.col && tlo.side !== tx.side) {
        bound(x, '>=', lo);
        bound(x, '<=', hi);
        timeConjuncts.push(c);
        continue;
      }
    }
    residual.push(c);
  }
  const interval = timed ? { leftTime: lTime, rightTime: rTime, lower, upper, proctime: proctime === true } : null;
  return { keys, window, interval, residual, timeConjuncts };
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };

/**
 * `(a IS NULL AND b IS NULL) OR a = b` (in any order of its parts) as `a IS NOT DISTINCT FROM b`, which it
 * is: true when both are NULL or both equal, false otherwise. Null otherwise.
 */
function nullSafeEquality(c: BoundExpr): BoundExpr | null {
  if (c.kind !== 'call' || c.fn !== 'OR' || c.args.length !== 2) return null;
  const isCall = (e: BoundExpr, fn: string, n: number): e is BoundExpr & { kind: 'call'; args: BoundExpr[] } => e.kind === 'call' && e.fn === fn && e.args.length === n;
  const [p, q] = c.args as [BoundExpr, BoundExpr];
  for (const [both, eq] of [[p, q], [q, p]] as const) {
    if (!isCall(both, 'AND', 2) || !isCall(eq, '=', 2)) continue;
    const [x, y] = both.args as [BoundExpr, BoundExpr];
    if (!isCall(x, 'IS_NULL', 1) || !isCall(y, 'IS_NULL', 1)) continue;
    const nulls = [JSON.stringify(x.args[0]), JSON.stringify(y.args[0])].sort();
    const sides = [JSON.stringify(eq.args[0]), JSON.stringify(eq.args[1])].sort();
    if (nulls[0] !== sides[0] || nulls[1] !== sides[1]) continue;
    return { ...eq, fn: 'IS_NOT_DISTINCT_FROM', type: { name: 'BOOLEAN', nullable: false } };
  }
  return null;
}

/** 'start' / 'end' when l and r are the same window column of each input. */
function windowPair(l: BoundExpr, r: BoundExpr, left: readonly Column[], right: readonly Column[], lw: number): 'start' | 'end' | null {
  if (l.kind !== 'input' || r.kind !== 'input') return null;
  const a = left[l.index]?.windowProp;
  const b = right[r.index - lw]?.windowProp;
  return a !== undefined && a === b && a !== 'time' ? a : null;
}

/** [lowest, highest] input position read (−1, −1 for a constant). */
export function inputRange(e: BoundExpr): [number, number] {
  switch (e.kind) {
    case 'const':
      return [Infinity, -1];
    case 'input':
      return [e.index, e.index];
    case 'call':
      return e.args.map(inputRange).reduce(([a, b], [c, d]) => [Math.min(a, c), Math.max(b, d)], [Infinity, -1]);
    case 'case': {
      const parts = [...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])].map(inputRange);
      return parts.reduce(([a, b], [c, d]) => [Math.min(a, c), Math.max(b, d)], [Infinity, -1]);
    }
    case 'cast':
      return inputRange(e.operand);
  }
}

/** Moves every input reference by `by` (rebasing right-side expressions onto the right row). */
export function shift(e: BoundExpr, by: number): BoundExpr {
  switch (e.kind) {
    case 'const':
      return e;
    case 'input':
      return { ...e, index: e.index + by };
    case 'call':
      return { ...e, args: e.args.map((a) => shift(a, by)) };
    case 'case':
      return { ...e, whens: e.whens.map((w) => ({ when: shift(w.when, by), then: shift(w.then, by) })), else: e.else ? shift(e.else, by) : null };
    case 'cast':
      return { ...e, operand: shift(e.operand, by) };
  }
}
