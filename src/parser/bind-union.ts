/**
 * `SELECT ... UNION ALL SELECT ...`: the branches' rows, merged as they arrive (no deduplication);
 * `UNION` / `UNION DISTINCT` then keeps each distinct row once (a changelog).
 * Branches must have the same number of columns with compatible types (equal types; INT with BIGINT
 * gives BIGINT, FLOAT with DOUBLE gives DOUBLE); names come from the first branch. A column is an
 * event-time attribute (or a window column) of the union only when it is one in every branch. The
 * union's watermark is the minimum of its inputs' (Flink's union).
 */
import type { Pos, Select } from './ast.js';
import type { CatalogReader } from './catalog.js';
import { fail } from './diagnostics.js';
import type { Column, LogicalPlan } from './logical-plan.js';
import { typeToString, type SqlType } from './types.js';

type Bound = { plan: LogicalPlan; schema: readonly Column[] };

export function bindUnion(sel: Select, catalog: CatalogReader, bindOne: (s: Select, c: CatalogReader) => Bound): Bound {
  const { unionAll, ...head } = sel;
  const selects = [head as Select, ...(unionAll ?? [])];
  const bound = selects.map((s) => bindOne(s, catalog));
  // Left to right, as SQL reads `a UNION ALL b UNION c`: `UNION` (DISTINCT) makes the rows of everything
  // before it and its branch distinct (Flink's Union + Aggregate on every column: a changelog).
  let acc: Bound[] = [bound[0]!];
  let at: Pos[] = [selects[0]!.pos];
  selects.forEach((s, i) => {
    if (i === 0) return;
    acc.push(bound[i]!);
    at.push(s.pos);
    if (s.unionDistinct) {
      acc = [distinctOf(unionOf(acc, at))];
      at = [selects[0]!.pos];
    }
  });
  return acc.length === 1 ? acc[0]! : unionOf(acc, at);
}

/** The distinct rows of `b`: a group aggregate keyed by every column, without aggregates (no time attributes). */
function distinctOf(b: Bound): Bound {
  const schema: Column[] = b.schema.map((c) => ({ name: c.name, type: c.type }));
  const keys = b.schema.map((c, index) => ({ kind: 'input' as const, index, name: c.name, type: c.type }));
  return { plan: { kind: 'group_aggregate', inputs: [b.plan], keys, aggs: [], schema }, schema };
}

/** The union of bound branches (`at[i]` locates branch i for messages): column types merged, time attributes kept where all agree. */
export function unionOf(bound: readonly Bound[], at: readonly Pos[]): Bound {
  const first = bound[0]!.schema;
  const schema: Column[] = first.map((c) => ({ name: c.name, type: c.type }));
  bound.forEach((b, i) => {
    if (i === 0) return;
    const pos = at[i]!;
    if (b.schema.length !== first.length) {
      fail('TYPE_MISMATCH', `UNION ALL branch ${i + 1} has ${b.schema.length} columns, the first has ${first.length} (${first.map((c) => c.name).join(', ')})`, pos);
    }
    b.schema.forEach((c, k) => {
      const merged = mergeType(schema[k]!.type, c.type);
      if (merged === null) {
        fail('TYPE_MISMATCH', `UNION ALL column ${k + 1} ('${schema[k]!.name}') is ${typeToString(schema[k]!.type)} in the first branch and ${typeToString(c.type)} in branch ${i + 1}`, pos, 'CAST one of them');
      }
      schema[k] = { ...schema[k]!, type: merged };
    });
  });
  for (let k = 0; k < schema.length; k++) {
    const cols = bound.map((b) => b.schema[k]!);
    const rowtime = cols.every((c) => c.rowtime === true);
    const prop = cols[0]!.windowProp;
    const windowProp = prop !== undefined && cols.every((c) => c.windowProp === prop) ? prop : undefined;
    schema[k] = { ...schema[k]!, ...(rowtime ? { rowtime: true } : {}), ...(windowProp ? { windowProp } : {}) };
  }
  // Only one time attribute per row: keep the first.
  const t = schema.findIndex((c) => c.rowtime);
  for (let k = t + 1; t >= 0 && k < schema.length; k++) if (schema[k]!.rowtime) schema[k] = { name: schema[k]!.name, type: schema[k]!.type };
  return { plan: { kind: 'union', inputs: bound.map((b) => b.plan), schema }, schema };
}

function mergeType(a: SqlType, b: SqlType): SqlType | null {
  const nullable = a.nullable || b.nullable;
  if (a.name === 'NULL') return { ...b, nullable: true };
  if (b.name === 'NULL') return { ...a, nullable: true };
  if (a.name === b.name) return { ...a, nullable };
  const pair = new Set([a.name, b.name]);
  if (pair.has('INT') && pair.has('BIGINT')) return { ...(a.name === 'BIGINT' ? a : b), nullable };
  if (pair.has('FLOAT') && pair.has('DOUBLE')) return { ...(a.name === 'DOUBLE' ? a : b), nullable };
  return null;
}
