/**
 * ARRAY_AGG([DISTINCT] x [IGNORE NULLS | RESPECT NULLS]), as Flink 1.20's ArrayAggFunction: the values in
 * arrival order, NULL ones included unless IGNORE NULLS; NULL (not an empty array) when none is left.
 *
 * Retraction (a changelog input) takes out the first equal element; a retraction of an element not (yet)
 * there is kept aside and applied when partial accumulators merge (HOP panes, as Flink's retractList).
 * DISTINCT keeps value → count in first-arrival order: an element leaves when its count reaches 0 and
 * comes back at the end (Flink's distinct view calls accumulate/retract on the first/last copy).
 *
 * The callers skip an argument that is `null` (groups.ts, acc-layout.ts), so a NULL element arrives as
 * `undefined` (Aggregation wraps the argument of ARRAY_AGG RESPECT NULLS) and is written back as null.
 * Saved forms hold null for it (JSON has no undefined) and are read back to undefined.
 */
import type { AggImpl } from './index.js';
import { sameValue } from '../../functions/collections.js';

/** ARRAY_AGG's argument: NULL becomes `undefined`, which the aggregation loops pass on. */
export function nullAsElement(f: (row: readonly unknown[]) => unknown): (row: readonly unknown[]) => unknown {
  return (row) => {
    const v = f(row);
    return v === null ? undefined : v;
  };
}

type Acc = [list: unknown[], pending: unknown[]];

const toSaved = (vs: readonly unknown[]): unknown[] => vs.map((v) => (v === undefined ? null : v));
const fromSaved = (vs: readonly unknown[]): unknown[] => vs.map((v) => (v === null ? undefined : v));
const result = (vs: readonly unknown[]): unknown => (vs.length === 0 ? null : toSaved(vs));

function removeFirst(vs: unknown[], v: unknown): boolean {
  for (let i = 0; i < vs.length; i++) {
    if (vs[i] === v || sameValue(vs[i], v)) {
      vs.splice(i, 1);
      return true;
    }
  }
  return false;
}

export const arrayAgg: AggImpl = {
  create: (): Acc => [[], []],
  add: (a, v) => ((a as Acc)[0].push(v), a),
  retract: (a, v) => {
    const acc = a as Acc;
    if (!removeFirst(acc[0], v)) acc[1].push(v);
    return a;
  },
  merge: (a, b) => {
    const [list, pending] = a as Acc;
    const [bl, bp] = b as Acc;
    for (const v of bl) list.push(v);
    for (const v of bp) pending.push(v);
    const still: unknown[] = [];
    for (const v of pending) if (!removeFirst(list, v)) still.push(v);
    (a as Acc)[1] = still;
    return a;
  },
  copy: (a) => [[...(a as Acc)[0]], [...(a as Acc)[1]]],
  result: (a) => result((a as Acc)[0]),
  save: (a) => [toSaved((a as Acc)[0]), toSaved((a as Acc)[1])],
  load: (s) => [fromSaved((s as Acc)[0]), fromSaved((s as Acc)[1])],
};

/** DISTINCT: value → count, in first-arrival order (DISTINCT over ARRAY/MAP values is refused at bind time). */
export const arrayAggDistinct: AggImpl = {
  create: () => new Map<unknown, number>(),
  add: (a, v) => {
    const m = a as Map<unknown, number>;
    m.set(v, (m.get(v) ?? 0) + 1);
    return a;
  },
  retract: (a, v) => {
    const m = a as Map<unknown, number>;
    const n = (m.get(v) ?? 0) - 1;
    if (n > 0) m.set(v, n);
    else m.delete(v);
    return a;
  },
  merge: (a, b) => {
    const m = a as Map<unknown, number>;
    for (const [v, n] of b as Map<unknown, number>) m.set(v, (m.get(v) ?? 0) + n);
    return a;
  },
  copy: (a) => new Map(a as Map<unknown, number>),
  result: (a) => result([...(a as Map<unknown, number>).keys()]),
  save: (a) => [...(a as Map<unknown, number>)].map(([v, n]) => [v === undefined ? null : v, n]),
  load: (s) => new Map((s as [unknown, number][]).map(([v, n]) => [v === null ? undefined : v, n])),
};
