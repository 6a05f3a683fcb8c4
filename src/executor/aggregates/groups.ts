/**
 * Per-group aggregation state shared by the window and group operators: the compiled group key, the
 * compiled aggregate arguments and filters, and the accumulators of one group. TUMBLE, HOP, CUMULATE and
 * GROUP BY keep their groups in slot stores (group-table.ts, laid out by acc-layout.ts); SESSION and OVER
 * keep Group objects.
 *
 * Group keys (the in-memory Map key): one key column uses its value directly (numbers, strings and null
 * are all valid Map keys, and a column has one type, so values cannot collide); several columns use the
 * injective tuple encoding of state/value-codec.ts, so no two different key tuples share a group. One
 * ARRAY or MAP key column uses its encoded text (arrays and Maps are equal by contents, not identity).
 * `keyText` is the stored form of either (always an encoded tuple).
 */
import type { BoundExpr } from '../../parser/bound-expr.js';
import type { AggCall } from '../../parser/logical-plan.js';
import { isComposite } from '../../parser/types.js';
import { compileExpr, compilePredicate } from '../../planner/compile-expr.js';
import type { Row } from '../operator.js';
import { anyCodec, encodeKey, encodeKeyPart, type Codec } from '../state/value-codec.js';
import { AccLayout } from './acc-layout.js';
import { nullAsElement } from './array-agg.js';
import { comparatorFor, compareDouble, inlinedAdd, makeAgg, sumKind, type AggImpl } from './index.js';

/**
 * The argument of COUNT(a, b, ...): NULL when any argument is NULL (the row is not counted), else the
 * tuple's injective key text, so COUNT(DISTINCT a, b) counts distinct tuples.
 */
function tupleArg(args: readonly BoundExpr[]): (row: Row) => unknown {
  const fns = args.map((a) => compileExpr(a));
  return (row) => {
    const values: unknown[] = [];
    for (const f of fns) {
      const v = f(row);
      if (v === null) return null;
      values.push(v);
    }
    return encodeKey(values);
  };
}

export interface Group {
  readonly key: unknown[];
  readonly acc: unknown[];
  /** Rows currently in the group (inserts − retractions). */
  n: number;
  /**
   * Creation order. Rows of a window are emitted in group creation order; a restore puts groups back in
   * this order, so a restarted run numbers its rows (seqs) exactly as the run that crashed did.
   */
  ord: number;
  /** state.ttl (non-windowed GROUP BY): when the group was last written, on the engine's clock. */
  t?: number;
}


export class Aggregation {
  readonly keyFns: ((row: Row) => unknown)[];
  readonly argFns: (((row: Row) => unknown) | null)[];
  readonly filterFns: (((row: Row) => boolean) | null)[];
  readonly impls: AggImpl[];
  readonly width: number;
  readonly keyOf: (row: Row) => unknown;
  /** Which key columns are ARRAY or MAP values (keyed by their contents). */
  readonly keyComposite: readonly boolean[];
  private nextOrd = 0;

  constructor(keys: readonly BoundExpr[], readonly aggs: readonly AggCall[], readonly retractable: boolean) {
    this.keyFns = keys.map((k) => compileExpr(k));
    this.argFns = aggs.map((a) => {
      if (a.args !== undefined) return tupleArg(a.args);
      if (!a.arg) return null;
      const f = compileExpr(a.arg);
      // ARRAY_AGG keeps NULL values unless IGNORE NULLS: they must get past the loops' NULL skip.
      return a.fn === 'ARRAY_AGG' && !a.ignoreNulls ? nullAsElement(f) : f;
    });
    this.filterFns = aggs.map((a) => (a.filter ? compilePredicate(a.filter) : null));
    this.impls = aggs.map((a) => makeAgg(a, retractable));
    this.width = aggs.length;
    this.add = makeAdd(this);
    this.layout = new AccLayout(this);
    this.keyComposite = keys.map((k) => isComposite(k.type));
    const key = tupleKey(this.keyFns, this.keyComposite);
    this.keyOf = key.of;
    this.keyText = key.text;
    this.codec = {
      // The last write time (state.ttl) only when set, so state without a TTL keeps its stored form.
      encode: (g) => anyCodec.encode(g.t === undefined ? [g.key, g.n, g.acc.map((a, j) => this.impls[j]!.save(a)), g.ord] : [g.key, g.n, g.acc.map((a, j) => this.impls[j]!.save(a)), g.ord, g.t]),
      decode: (text) => this.load(anyCodec.decode(text)),
    };
  }

  /** Where the accumulators sit in a GroupStore slot (the window operators' groups). */
  readonly layout: AccLayout;

  /** The next creation order (a group made in a GroupStore). */
  takeOrd(): number {
    return this.nextOrd++;
  }

  /** A restored group's creation order: later groups come after it. */
  seeOrd(ord: number): void {
    if (ord >= this.nextOrd) this.nextOrd = ord + 1;
  }

  /** Stored text of an in-memory group key (injective). */
  readonly keyText: (key: unknown) => string;
  /** Codec of a whole group (key values, row count, accumulators, creation order) for state tables. */
  readonly codec: Codec<Group>;

  /** The Map key of a group from its key values (what keyOf gives for a row of that group). */
  keyFromValues(values: readonly unknown[]): unknown {
    return keyFromValues(values);
  }

  newGroup(row: Row): Group {
    const key = this.keyFns.map((f) => f(row));
    return { key, acc: this.impls.map((a) => a.create()), n: 0, ord: this.nextOrd++ };
  }

  /**
   * Adds a row to a group: generated once per aggregation (`makeAdd`), with COUNT, SUM, AVG, MIN and MAX
   * inlined, so the per-event update is straight-line code instead of a loop of indirect calls.
   */
  readonly add: (g: Group, row: Row) => void;

  /** The generic form of `add` (and the reference for the generated one). */
  addGeneric(g: Group, row: Row): void {
    g.n++;
    const argFns = this.argFns;
    const filterFns = this.filterFns;
    const impls = this.impls;
    const acc = g.acc;
    for (let j = 0; j < impls.length; j++) {
      const f = filterFns[j];
      if (f !== null && f !== undefined && !f(row)) continue;
      const arg = argFns[j];
      if (arg === null || arg === undefined) {
        acc[j] = impls[j]!.add(acc[j], 1);
        continue;
      }
      const v = arg(row);
      if (v !== null) acc[j] = impls[j]!.add(acc[j], v);
    }
  }

  retract(g: Group, row: Row): void {
    g.n--;
    for (let j = 0; j < this.impls.length; j++) {
      const f = this.filterFns[j];
      if (f && !f(row)) continue;
      const arg = this.argFns[j];
      const v = arg ? arg(row) : 1;
      if (v !== null) g.acc[j] = this.impls[j]!.retract(g.acc[j], v);
    }
  }

  /** Gives a group moved into another table the next creation order (it is now the newest there). */
  renumber(g: Group): void {
    g.ord = this.nextOrd++;
  }

  /** Adds `from`'s accumulators into `into` (panes into a window). */
  merge(into: Group, from: Group): void {
    into.n += from.n;
    for (let j = 0; j < this.impls.length; j++) into.acc[j] = this.impls[j]!.merge(into.acc[j], from.acc[j]);
  }

  /** Writes the aggregate results into `out` from position `at`. */
  results(g: Group, out: unknown[], at: number): void {
    for (let j = 0; j < this.impls.length; j++) out[at + j] = this.impls[j]!.result(g.acc[j]);
  }

  private load(saved: unknown): Group {
    const [key, n, acc, ord, t] = saved as [unknown[], number, unknown[], number, number | undefined];
    if (ord >= this.nextOrd) this.nextOrd = ord + 1;
    const g: Group = { key, n, acc: acc.map((a, j) => this.impls[j]!.load(a)), ord };
    if (t !== undefined) g.t = t;
    return g;
  }
}

/** Generates the per-event update of an aggregation; DISTINCT and other accumulators call their impl. */
function makeAdd(a: Aggregation): (g: Group, row: Row) => void {
  const lines: string[] = ['g.n++;', 'const acc = g.acc;'];
  a.aggs.forEach((call, j) => {
    const body: string[] = [];
    const v = call.arg ? `v${j}` : '1';
    if (call.arg) body.push(`const v${j} = arg[${j}](row);`, `if (v${j} !== null) {`);
    if (!inlinedAdd(call, a.retractable)) {
      body.push(`acc[${j}] = impl[${j}].add(acc[${j}], ${v});`);
    } else {
      switch (call.fn) {
        case 'COUNT':
          body.push(`acc[${j}]++;`);
          break;
        case 'SUM':
        case 'AVG':
          // INT sums wrap at 32 bits as Java's int (Flink); DECIMAL sums are bigints, others doubles.
          if (sumKind(call) === 'int') body.push(`const s${j} = acc[${j}]; s${j}[0] = (s${j}[0] + ${v}) | 0; s${j}[1]++;`);
          else body.push(`const s${j} = acc[${j}]; s${j}[0] += ${v}; s${j}[1]++;`);
          break;
        default: {
          // MIN, MAX: FLOAT/DOUBLE order as Java's Double.compare (NaN above all, -0.0 below 0.0), as compareDouble.
          const m = `m${j}`;
          const dbl = comparatorFor(call) === compareDouble;
          const better =
            call.fn === 'MIN'
              ? `${v} < ${m}` + (dbl ? ` || (${m} !== ${m} ? ${v} === ${v} : ${v} === 0 && ${m} === 0 && 1 / ${v} < 1 / ${m})` : '')
              : `${v} > ${m}` + (dbl ? ` || (${v} !== ${v} ? ${m} === ${m} : ${v} === 0 && ${m} === 0 && 1 / ${v} > 1 / ${m})` : '');
          body.push(`const ${m} = acc[${j}]; if (${m} === null || ${better}) acc[${j}] = ${v};`);
          break;
        }
      }
    }
    if (call.arg) body.push('}');
    lines.push(call.filter ? `if (filter[${j}](row)) { ${body.join(' ')} }` : body.join(' '));
  });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- generated once per query, from no user text
  const make = new Function('arg', 'filter', 'impl', `return function add(g, row) {\n${lines.join('\n')}\n};`) as (
    arg: unknown,
    filter: unknown,
    impl: unknown,
  ) => (g: Group, row: Row) => void;
  return make(a.argFns, a.filterFns, a.impls);
}

/**
 * The in-memory key of a tuple of key expressions and its stored text: '' for none, the value itself for
 * one, the encoded parts for several (injective either way). Aggregation keys groups with it; an operator
 * keys by a part of a GROUP BY key (a SESSION's PARTITION BY) the same way.
 */
export function tupleKey(fns: readonly ((row: Row) => unknown)[], composite: readonly boolean[] = []): { of: (row: Row) => unknown; text: (key: unknown) => string } {
  const text = fns.length === 1 ? (k: unknown) => encodeKeyPart(k) : (k: unknown) => k as string;
  if (fns.length === 0) return { of: () => '', text };
  if (fns.length === 1) {
    // An ARRAY or MAP is a Map key by its contents (its encoded text), not by identity.
    const f = fns[0]!;
    return { of: composite[0] === true ? (row) => keyOfValue(f(row)) : f, text };
  }
  return {
    of: (row) => {
      let s = '';
      for (let i = 0; i < fns.length; i++) s += encodeKeyPart(fns[i]!(row));
      return s;
    },
    text,
  };
}

/** What `tupleKey(fns).of` gives for a row whose key expressions have these values. */
export function keyFromValues(values: readonly unknown[]): unknown {
  if (values.length === 0) return '';
  if (values.length === 1) return keyOfValue(values[0]);
  return encodeKey(values);
}

/** One key column's Map key: the value itself, or for an ARRAY or MAP its injective text. */
function keyOfValue(v: unknown): unknown {
  return typeof v === 'object' && v !== null ? encodeKeyPart(v) : v;
}
