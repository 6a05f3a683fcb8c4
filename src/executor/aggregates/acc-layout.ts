/**
 * Where each accumulator of an aggregation lives in a GroupStore slot, and the per-slot code that
 * updates, merges, reads and saves them (generated once per aggregation, like Aggregation.add).
 *
 * A slot is a row of doubles in the store's Float64Array — [n, ord, t, ...flat accumulators] — plus,
 * only when some aggregate needs one, a row of JS values (boxed accumulators):
 *
 *   aggregate                                   flat doubles        boxed
 *   COUNT (not DISTINCT)                        count
 *   SUM/AVG of INT, BIGINT, FLOAT, DOUBLE       sum, non-NULL count
 *   MIN/MAX of numbers and times, append-only   has value (0/1), value
 *   SUM/AVG of DECIMAL (bigints)                                    [sum, count] (the AggImpl's)
 *   MIN/MAX of VARCHAR, BOOLEAN, DECIMAL                            the extreme or null
 *   DISTINCT, retractable MIN/MAX                                   the AggImpl's multiset
 *   LISTAGG, FIRST_VALUE, LAST_VALUE                                the AggImpl's value or list
 *   STDDEV/VAR, BOOL_AND/BOOL_OR                                    [Σx, Σx², n] / [trues, falses]
 *
 * The flat doubles are the same numbers the AggImpl accumulators hold (Float64Array stores every JS
 * number exactly, NaN and −0.0 included), and `save`/`load` give and take the AggImpl's stored form, so
 * a group's stored form is the one Aggregation.codec writes for a Group: state from either restores
 * into the other.
 */
import type { AggCall } from '../../parser/logical-plan.js';
import type { Row } from '../operator.js';
import type { Aggregation } from './groups.js';
import { comparatorFor, compareDouble, inlinedAdd, sumKind, sumResult, type AggImpl } from './index.js';
import { savedFlat, type FlatPlace } from '../state/slot-entries.js';

/** Slot offsets of the bookkeeping doubles. */
export const N = 0;
export const ORD = 1;
/** Last write time (state.ttl); NaN when never set. */
export const T = 2;
const HEAD = 3;

export type AccPlace =
  | { readonly kind: 'count'; readonly at: number }
  | { readonly kind: 'sum'; readonly at: number; readonly result: (sum: never, n: number) => unknown }
  | { readonly kind: 'extreme'; readonly at: number }
  | { readonly kind: 'boxed'; readonly at: number; readonly impl: AggImpl };

/** What the generated functions read: a store's current arrays (replaced when the store grows). */
export interface SlotArrays {
  f: Float64Array;
  b: unknown[];
}

const FLAT_EXTREME_TYPES = new Set(['INT', 'BIGINT', 'FLOAT', 'DOUBLE', 'TIMESTAMP', 'DATE', 'TIME']);

function placeOf(call: AggCall, impl: AggImpl, retractable: boolean, flat: number, boxed: number): AccPlace {
  if (!call.distinct) {
    switch (call.fn) {
      case 'COUNT':
        return { kind: 'count', at: flat };
      case 'SUM':
      case 'AVG':
        if (sumKind(call) !== 'decimal') return { kind: 'sum', at: flat, result: sumResult(call) };
        break;
      case 'MIN':
      case 'MAX':
        if (!retractable && FLAT_EXTREME_TYPES.has(call.arg?.type.name ?? '')) return { kind: 'extreme', at: flat };
        break;
    }
  }
  return { kind: 'boxed', at: boxed, impl };
}

export class AccLayout {
  readonly places: readonly AccPlace[];
  /** Doubles per slot. */
  readonly stride: number;
  /** Boxed values per slot (0: the store keeps no boxed array). */
  readonly boxWidth: number;
  /** Adds a row to slot s (n, then every aggregate whose FILTER passes and whose argument is not NULL). */
  readonly add: (a: SlotArrays, s: number, row: Row) => void;
  /** Takes a row back out of slot s (changelog input of a non-windowed GROUP BY: `retractable`). */
  readonly retract: (a: SlotArrays, s: number, row: Row) => void;
  /** Adds slot s of `src` into slot d of `dst` (panes into a window). */
  readonly merge: (dst: SlotArrays, d: number, src: SlotArrays, s: number) => void;

  /** Every place when all are flat (a slot is then its doubles alone: state/slot-entries.ts); null otherwise. */
  readonly flatPlaces: readonly FlatPlace[] | null;

  constructor(readonly agg: Aggregation) {
    let flat = HEAD;
    let boxed = 0;
    const places: AccPlace[] = [];
    agg.aggs.forEach((call, j) => {
      const p = placeOf(call, agg.impls[j]!, agg.retractable, flat, boxed);
      places.push(p);
      if (p.kind === 'boxed') boxed++;
      else flat += p.kind === 'count' ? 1 : 2;
    });
    this.places = places;
    this.stride = flat;
    this.boxWidth = boxed;
    // Plain data (no functions): it crosses to the commit thread with the groups.
    this.flatPlaces = boxed === 0 ? places.map((p) => ({ kind: p.kind as FlatPlace['kind'], at: p.at })) : null;
    this.add = makeAdd(this);
    this.retract = makeRetract(this);
    this.merge = makeMerge(this);
  }

  /** Empty accumulators in slot s (n = 0, no value yet). */
  init(a: SlotArrays, s: number): void {
    const f = a.f;
    const o = s * this.stride;
    for (let i = 0; i < this.stride; i++) f[o + i] = 0;
    f[o + T] = NaN;
    const ob = s * this.boxWidth;
    for (const p of this.places) if (p.kind === 'boxed') a.b[ob + p.at] = p.impl.create();
  }

  /** Copies slot s of `src` into slot d of `dst`; boxed accumulators are copied unless `move`. */
  copy(dst: SlotArrays, d: number, src: SlotArrays, s: number, move: boolean): void {
    const w = this.stride;
    const f = dst.f;
    const g = src.f;
    for (let i = 0, o = d * w, q = s * w; i < w; i++) f[o + i] = g[q + i]!;
    const bw = this.boxWidth;
    if (bw === 0) return;
    for (const p of this.places) {
      if (p.kind !== 'boxed') continue;
      const v = src.b[s * bw + p.at];
      dst.b[d * bw + p.at] = move ? v : p.impl.copy(v);
    }
  }

  /** Writes the aggregate results of slot s into `out` from position `at`. */
  results(a: SlotArrays, s: number, out: unknown[], at: number): void {
    const f = a.f;
    const o = s * this.stride;
    const ob = s * this.boxWidth;
    const places = this.places;
    for (let j = 0; j < places.length; j++) {
      const p = places[j]!;
      switch (p.kind) {
        case 'count':
          out[at + j] = f[o + p.at];
          break;
        case 'sum': {
          const n = f[o + p.at + 1]!;
          out[at + j] = n === 0 ? null : p.result(f[o + p.at] as never, n);
          break;
        }
        case 'extreme':
          out[at + j] = f[o + p.at] === 0 ? null : f[o + p.at + 1];
          break;
        case 'boxed':
          out[at + j] = p.impl.result(a.b[ob + p.at]);
          break;
      }
    }
  }

  /** The accumulators of slot s in the AggImpl stored form (what Aggregation.codec writes). */
  save(a: SlotArrays, s: number): unknown[] {
    const f = a.f;
    const o = s * this.stride;
    const ob = s * this.boxWidth;
    // The flat kinds' stored form is state/slot-entries.ts's, which the commit thread also writes from a slot's doubles.
    return this.places.map((p) => (p.kind === 'boxed' ? p.impl.save(a.b[ob + p.at]) : savedFlat(p, f, o)));
  }

  /** Sets slot s's accumulators from their stored form (`save`'s or a Group's). */
  load(a: SlotArrays, s: number, saved: readonly unknown[]): void {
    const f = a.f;
    const o = s * this.stride;
    const ob = s * this.boxWidth;
    this.places.forEach((p, j) => {
      const v = saved[j];
      switch (p.kind) {
        case 'count':
          f[o + p.at] = v as number;
          break;
        case 'sum':
          f[o + p.at] = (v as [number, number])[0];
          f[o + p.at + 1] = (v as [number, number])[1];
          break;
        case 'extreme':
          f[o + p.at] = v === null ? 0 : 1;
          f[o + p.at + 1] = v === null ? 0 : (v as number);
          break;
        case 'boxed':
          a.b[ob + p.at] = p.impl.load(v);
          break;
      }
    });
  }
}

/** `better(v, m)` as generated code: MIN/MAX, FLOAT/DOUBLE ordered as Java's Double.compare. */
function better(call: AggCall, v: string, m: string): string {
  const dbl = comparatorFor(call) === compareDouble;
  return call.fn === 'MIN'
    ? `${v} < ${m}` + (dbl ? ` || (${m} !== ${m} ? ${v} === ${v} : ${v} === 0 && ${m} === 0 && 1 / ${v} < 1 / ${m})` : '')
    : `${v} > ${m}` + (dbl ? ` || (${v} !== ${v} ? ${m} === ${m} : ${v} === 0 && ${m} === 0 && 1 / ${v} > 1 / ${m})` : '');
}

/**
 * Compiles a row's update of a slot: `count` (`++` or `--`) on the row count, then per aggregate its `step`
 * (statements over `x`, the aggregate's first flat field, and `v`, its argument), skipped for a NULL
 * argument or a row its FILTER rejects: the frame add and retract share.
 */
function makeRowUpdate(
  l: AccLayout,
  name: string,
  count: '++' | '--',
  step: (call: AggCall, j: number, p: AccPlace, v: string, x: string) => string[],
): (a: SlotArrays, s: number, row: Row) => void {
  const { agg, stride, boxWidth } = l;
  const lines: string[] = ['const f = a.f;', `const o = s * ${stride};`, `f[o + ${N}]${count};`];
  if (boxWidth > 0) lines.push('const b = a.b;', `const ob = s * ${boxWidth};`);
  agg.aggs.forEach((call, j) => {
    const p = l.places[j]!;
    const body: string[] = [];
    const v = call.arg ? `v${j}` : '1';
    if (call.arg) body.push(`const v${j} = arg[${j}](row);`, `if (v${j} !== null) {`);
    body.push(...step(call, j, p, v, `f[o + ${p.at}]`));
    if (call.arg) body.push('}');
    lines.push(call.filter ? `if (filter[${j}](row)) { ${body.join(' ')} }` : body.join(' '));
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated once per query, from no user text
  const make = new Function('arg', 'filter', 'impl', `return function ${name}(a, s, row) {\n${lines.join('\n')}\n};`) as (
    arg: unknown,
    filter: unknown,
    impl: unknown,
  ) => (a: SlotArrays, s: number, row: Row) => void;
  return make(agg.argFns, agg.filterFns, agg.impls);
}

function makeAdd(l: AccLayout): (a: SlotArrays, s: number, row: Row) => void {
  const { agg } = l;
  return makeRowUpdate(l, 'addToSlot', '++', (call, j, p, v, x) => {
    const body: string[] = [];
    switch (p.kind) {
      case 'count':
        body.push(`${x}++;`);
        break;
      case 'sum':
        // INT sums wrap at 32 bits as Java's int (Flink); the others add doubles.
        body.push(sumKind(call) === 'int' ? `${x} = (${x} + ${v}) | 0;` : `${x} += ${v};`, `f[o + ${p.at + 1}]++;`);
        break;
      case 'extreme':
        body.push(`const m${j} = f[o + ${p.at + 1}]; if (${x} === 0 || ${better(call, v, `m${j}`)}) { ${x} = 1; f[o + ${p.at + 1}] = ${v}; }`);
        break;
      case 'boxed': {
        const y = `b[ob + ${p.at}]`;
        // DISTINCT, retractable MIN/MAX and the other aggregates call their AggImpl; DECIMAL SUM/AVG and
        // MIN/MAX of other types are inlined as Aggregation.add does.
        if (!inlinedAdd(call, agg.retractable)) body.push(`${y} = impl[${j}].add(${y}, ${v});`);
        else if (call.fn === 'SUM' || call.fn === 'AVG') body.push(`const s${j} = ${y}; s${j}[0] += ${v}; s${j}[1]++;`);
        else body.push(`const m${j} = ${y}; if (m${j} === null || ${better(call, v, `m${j}`)}) ${y} = ${v};`);
        break;
      }
    }
    return body;
  });
}

function makeRetract(l: AccLayout): (a: SlotArrays, s: number, row: Row) => void {
  return makeRowUpdate(l, 'retractFromSlot', '--', (call, j, p, v, x) => {
    const body: string[] = [];
    switch (p.kind) {
      case 'count':
        body.push(`${x}--;`);
        break;
      case 'sum':
        body.push(sumKind(call) === 'int' ? `${x} = (${x} - ${v}) | 0;` : `${x} -= ${v};`, `f[o + ${p.at + 1}]--;`);
        break;
      case 'extreme':
        // Retractable MIN/MAX keep a multiset (boxed): a flat extreme cannot forget a value.
        body.push(`throw new Error('invariant: append-only MIN/MAX cannot retract');`);
        break;
      case 'boxed':
        body.push(`b[ob + ${p.at}] = impl[${j}].retract(b[ob + ${p.at}], ${v});`);
        break;
    }
    return body;
  });
}

function makeMerge(l: AccLayout): (dst: SlotArrays, d: number, src: SlotArrays, s: number) => void {
  const { agg, stride, boxWidth } = l;
  const lines: string[] = ['const f = dst.f, g = src.f;', `const o = d * ${stride}, q = s * ${stride};`, `f[o + ${N}] += g[q + ${N}];`];
  if (boxWidth > 0) lines.push(`const ob = d * ${boxWidth}, qb = s * ${boxWidth};`);
  agg.aggs.forEach((call, j) => {
    const p = l.places[j]!;
    const x = (k: number): string => `f[o + ${p.at + k}]`;
    const y = (k: number): string => `g[q + ${p.at + k}]`;
    switch (p.kind) {
      case 'count':
        lines.push(`${x(0)} += ${y(0)};`);
        break;
      case 'sum':
        lines.push(sumKind(call) === 'int' ? `${x(0)} = (${x(0)} + ${y(0)}) | 0;` : `${x(0)} += ${y(0)};`, `${x(1)} += ${y(1)};`);
        break;
      case 'extreme':
        lines.push(`if (${y(0)} !== 0) { const v${j} = ${y(1)}, m${j} = ${x(1)}; if (${x(0)} === 0 || ${better(call, `v${j}`, `m${j}`)}) { ${x(0)} = 1; ${x(1)} = v${j}; } }`);
        break;
      case 'boxed':
        lines.push(`dst.b[ob + ${p.at}] = impl[${j}].merge(dst.b[ob + ${p.at}], src.b[qb + ${p.at}]);`);
        break;
    }
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated once per query, from no user text
  const make = new Function('impl', `return function mergeSlots(dst, d, src, s) {\n${lines.join('\n')}\n};`) as (
    impl: unknown,
  ) => (dst: SlotArrays, d: number, src: SlotArrays, s: number) => void;
  return make(agg.impls);
}
