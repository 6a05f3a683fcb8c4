/**
 * `SELECT ... UNION ALL SELECT ...`: the branches' rows, merged as they arrive (no deduplication);
 * `UNION` / `UNION DISTINCT` then keeps each distinct row once (a changelog); `INTERSECT` and `EXCEPT`
 * (distinct) keep the distinct rows of their left side that the right side has / has not;
 * `INTERSECT ALL` and `EXCEPT ALL` keep copies by count (multiset semantics).
 * Branches must have the same number of columns with compatible types (equal types; INT with BIGINT
 * gives BIGINT, FLOAT with DOUBLE gives DOUBLE); names come from the first branch. A column is an
 * event-time attribute (or a window column) of the union only when it is one in every branch. The
 * union's watermark is the minimum of its inputs' (Flink's union).
 */
import type { Pos, Select } from './ast.js';
import { scopeOf } from './bind-from.js';
import { joinNode } from './bind-join.js';
import type { BoundExpr } from './bound-expr.js';
import type { CatalogReader } from './catalog.js';
import { fail } from './diagnostics.js';
import type { Column, LogicalPlan } from './logical-plan.js';
import { T, typeToString, type SqlType } from './types.js';

type Bound = { plan: LogicalPlan; schema: readonly Column[] };

export function bindUnion(sel: Select, catalog: CatalogReader, bindOne: (s: Select, c: CatalogReader) => Bound): Bound {
  const { unionAll, ...head } = sel;
  const selects = [head as Select, ...(unionAll ?? [])];
  const bound = selects.map((s) => bindOne(s, catalog));
  // INTERSECT binds tighter than UNION and EXCEPT (SQL): its operands are combined first.
  type Piece = { b: Bound; pos: Pos };
  const pieces: Piece[] = [{ b: bound[0]!, pos: selects[0]!.pos }];
  const ops: (Select['setOp'] | undefined)[] = [];
  selects.forEach((s, i) => {
    if (i === 0) return;
    if (s.setOp?.op === 'intersect') {
      const last = pieces[pieces.length - 1]!;
      const next = { b: bound[i]!, pos: s.pos };
      last.b = s.setOp.all ? multisetOf('intersect', last, next) : setJoin('semi', last, next, catalog);
      return;
    }
    pieces.push({ b: bound[i]!, pos: s.pos });
    ops.push(s.setOp);
  });
  // Then left to right, as SQL reads `a UNION ALL b UNION c`: `UNION` (DISTINCT) makes the rows of everything
  // before it and its branch distinct (Flink's Union + Aggregate on every column: a changelog); `EXCEPT`
  // keeps the distinct rows of everything before it that its branch does not have.
  let acc: Piece[] = [pieces[0]!];
  const collapse = (ps: Piece[]): Piece => (ps.length === 1 ? ps[0]! : { b: unionOf(ps.map((p) => p.b), ps.map((p) => p.pos)), pos: ps[0]!.pos });
  ops.forEach((op, j) => {
    const next = pieces[j + 1]!;
    if (op === undefined) acc.push(next);
    else if (op.op === 'union') acc = [{ b: distinctOf(collapse([...acc, next]).b), pos: acc[0]!.pos }];
    else {
      const left = collapse(acc);
      acc = [{ b: op.all ? multisetOf('except', left, next) : setJoin('anti', left, next, catalog), pos: left.pos }];
    }
  });
  return collapse(acc).b;
}

/**
 * `a INTERSECT b` (semi) / `a EXCEPT b` (anti): the distinct rows of a that b has / has not, rows compared
 * column by column with NULL equal to NULL (IS NOT DISTINCT FROM), as Flink plans them (a distinct
 * aggregate, then a semi or anti join on every column).
 */
function setJoin(type: 'semi' | 'anti', a: { b: Bound; pos: Pos }, b: { b: Bound; pos: Pos }, catalog: CatalogReader): Bound {
  unionOf([a.b, b.b], [a.pos, b.pos]); // the same column count and compatible types, or a located error
  const left = distinctOf(a.b);
  const w = left.schema.length;
  const on = left.schema
    .map((c, i): BoundExpr => ({
      kind: 'call',
      fn: 'IS_NOT_DISTINCT_FROM',
      args: [
        { kind: 'input', index: i, name: c.name, type: c.type },
        { kind: 'input', index: w + i, name: b.b.schema[i]!.name, type: b.b.schema[i]!.type },
      ],
      type: T.boolean(false),
    }))
    .reduce((x, y): BoundExpr => ({ kind: 'call', fn: 'AND', args: [x, y], type: T.boolean(false) }));
  const plan = joinNode(type, { plan: left.plan, scope: scopeOf(left.schema, '') }, { plan: b.b.plan, scope: scopeOf(b.b.schema, '') }, on, { join: b.pos, on: b.pos }, catalog);
  return { plan, schema: plan.schema };
}

/**
 * `a INTERSECT ALL b` / `a EXCEPT ALL b`: each row as many times as it is in both (the smaller count) /
 * as many more times as a has it than b (multiset semantics; logical-plan.ts MultisetNode). Rows compared
 * column by column, NULL equal to NULL; the columns are the union's (no time attributes).
 */
function multisetOf(op: 'intersect' | 'except', a: { b: Bound; pos: Pos }, b: { b: Bound; pos: Pos }): Bound {
  const u = unionOf([a.b, b.b], [a.pos, b.pos]); // the same column count and compatible types, or a located error
  const schema: Column[] = u.schema.map((c) => ({ name: c.name, type: c.type }));
  return { plan: { kind: 'multiset', op, inputs: [a.b.plan, b.b.plan], schema }, schema };
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
    const proctime = cols.every((c) => c.proctime === true);
    const prop = cols[0]!.windowProp;
    const windowProp = prop !== undefined && cols.every((c) => c.windowProp === prop) ? prop : undefined;
    schema[k] = { ...schema[k]!, ...(rowtime ? { rowtime: true } : {}), ...(proctime ? { proctime: true } : {}), ...(windowProp ? { windowProp } : {}) };
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
