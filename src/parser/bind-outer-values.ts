/**
 * Outer references inside a subquery's FROM: `EXISTS (SELECT ... FROM r LEFT JOIN s ON r.k = s.k AND
 * o.y = s.y WHERE o.x = r.x)`, where the ON condition of a join of the subquery reads the outer row `o`.
 * A join condition cannot move to the semi join's condition (it decides which rows of s pad r, not which
 * rows exist), so the outer values are brought into the subquery instead, as Calcite's decorrelator does
 * with a value generator:
 *
 *   V = SELECT DISTINCT o.y, o.x FROM <outer>         the outer values the subquery reads ($outer)
 *   EXISTS (SELECT ... FROM ($outer, r) LEFT JOIN s ON r.k = s.k AND $outer.c0 = s.y WHERE $outer.c1 = r.x)
 *   outer SEMI JOIN that ON o.y IS NOT DISTINCT FROM $outer.c0 AND o.x IS NOT DISTINCT FROM $outer.c1
 *
 * For each outer value the subquery is then computed as it would be for the outer rows holding it. V
 * joins the subquery's FROM at the input no join of it pads (the left of INNER and LEFT joins, the right
 * of RIGHT joins), so every join on that path sees the values; the WHERE conjuncts that equate a value
 * with a column of that input become the keys of that join (comma-join pool, bind-join.ts), otherwise V
 * meets each of its rows. Every qualified outer reference of the subquery's ON and WHERE is read from V.
 * Refused: a FULL join on the path (no input is never padded), and an outer reference in the ON of a join
 * off the path (its input does not see V).
 *
 * V is a GROUP BY over the outer input: a changelog whose state holds one entry per distinct value; the
 * joins it feeds are regular joins (unbounded state, or bounded by state.ttl).
 */
import type { ColumnExpr, Expr, FromItem, Ident, Select } from './ast.js';
import { overlay } from './bind-cte.js';
import { resolveColumn, type FromResult, type ScopeColumn } from './bind-from.js';
import type { BoundExpr } from './bound-expr.js';
import type { CatalogReader } from './catalog.js';
import { DiagnosticError, fail } from './diagnostics.js';
import { mapColumns, someExpr } from './expr-walk.js';
import type { Column, LogicalPlan } from './logical-plan.js';
import { T } from './types.js';

/** The relation name of the outer values inside the rewritten subquery (not a name SQL text can reach unquoted). */
export const OUTER_VALUES = '$outer';

export interface OuterValues {
  /** The subquery with V in its FROM and its outer references reading V. */
  readonly select: Select;
  /** The catalog with V under OUTER_VALUES. */
  readonly catalog: CatalogReader;
  /** The semi join's conditions over [...outer, ...right]: each outer value IS NOT DISTINCT FROM its copy in V. */
  matches(right: FromResult, outerWidth: number): BoundExpr[];
}

/** Null when no ON condition of the subquery's FROM reads the outer query (nothing to do). */
export function liftOuterValues(q: Select, outer: FromResult, catalog: CatalogReader): OuterValues | null {
  const inner = relationNames(q.from);
  const outerRef = (c: ColumnExpr): ScopeColumn | null => {
    if (c.table === undefined || inner.has(c.table.name)) return null;
    try {
      return resolveColumn(outer.scope, c);
    } catch (e) {
      if (e instanceof DiagnosticError) return null;
      throw e;
    }
  };
  const ons = joinConditions(q.from);
  if (!ons.some((on) => someExpr(on, (e) => e.kind === 'column' && outerRef(e) !== null))) return null;

  // The outer columns read, in order of first reference: V's columns c0, c1, ...
  const cols: ScopeColumn[] = [];
  const slot = (sc: ScopeColumn): number => {
    const at = cols.findIndex((c) => c.index === sc.index);
    if (at >= 0) return at;
    cols.push(sc);
    return cols.length - 1;
  };
  const rewrite = (e: Expr): Expr =>
    mapColumns(e, (c) => {
      const sc = outerRef(c);
      if (sc === null) return c;
      const name: Ident = { name: `c${slot(sc)}`, quoted: true, pos: c.name.pos };
      return { kind: 'column', table: { name: OUTER_VALUES, quoted: true, pos: c.table!.pos }, name, pos: c.pos };
    });
  const from = withValuesAt(rewriteOns(q.from, rewrite));
  const where = q.where ? rewrite(q.where) : undefined;

  const schema: Column[] = cols.map((c, i) => ({ name: `c${i}`, type: c.column.type }));
  const keys: BoundExpr[] = cols.map((c) => ({ kind: 'input', index: c.index, name: c.name, type: c.column.type }));
  const values: LogicalPlan = { kind: 'group_aggregate', inputs: [outer.plan], keys, aggs: [], schema };
  return {
    select: { ...q, from, ...(where ? { where } : {}) },
    catalog: overlay(catalog, OUTER_VALUES, () => ({ plan: values, schema })),
    matches(right: FromResult, outerWidth: number): BoundExpr[] {
      return cols.map((c, i) => {
        const v = right.scope.find((sc) => sc.qualifier === OUTER_VALUES && sc.name === `c${i}`);
        if (v === undefined) throw new Error('invariant: the outer values are part of the subquery FROM');
        return {
          kind: 'call',
          fn: 'IS_NOT_DISTINCT_FROM',
          args: [
            { kind: 'input', index: c.index, name: c.name, type: c.column.type },
            { kind: 'input', index: v.index + outerWidth, name: v.name, type: v.column.type },
          ],
          type: T.boolean(false),
        };
      });
    },
  };
}

/** Names and aliases of the relations of a FROM (the subquery's own, which hide outer ones). */
function relationNames(f: FromItem): Set<string> {
  const names = new Set<string>();
  const walk = (x: FromItem): void => {
    if (x.kind === 'join') {
      walk(x.left);
      walk(x.right);
    } else if (x.alias) names.add(x.alias.name);
    else if (x.kind === 'table') names.add(x.name.name);
  };
  walk(f);
  return names;
}

function joinConditions(f: FromItem): Expr[] {
  return f.kind === 'join' ? [...joinConditions(f.left), ...joinConditions(f.right), f.on] : [];
}

function rewriteOns(f: FromItem, rewrite: (e: Expr) => Expr): FromItem {
  if (f.kind !== 'join') return f;
  return { ...f, left: rewriteOns(f.left, rewrite), right: rewriteOns(f.right, rewrite), on: rewrite(f.on) };
}

/** The FROM with V comma-joined to the input no join pads (left of INNER/LEFT, right of RIGHT). */
function withValuesAt(f: FromItem): FromItem {
  if (f.kind === 'join') {
    if (f.type === 'full') {
      fail('UNSUPPORTED', 'a subquery whose FULL JOIN reads the outer query is not supported: the outer values have no side of it to join', f.pos, 'move the outer reference to the subquery\'s WHERE, or join in a view first');
    }
    const off = f.type === 'right' ? f.left : f.right;
    const reads = joinConditions(off).find((on) => someExpr(on, (e) => e.kind === 'column' && e.table?.name === OUTER_VALUES));
    if (reads) {
      fail('UNSUPPORTED', `this ON condition reads the outer query inside the ${f.type === 'right' ? 'left' : 'right'} input of a ${f.type.toUpperCase()} JOIN of the subquery, which the outer values cannot reach`, reads.pos, 'move the outer reference to the subquery\'s WHERE, or to the ON of a join on its preserved side');
    }
    return f.type === 'right' ? { ...f, right: withValuesAt(f.right) } : { ...f, left: withValuesAt(f.left) };
  }
  const values: FromItem = { kind: 'table', name: { name: OUTER_VALUES, quoted: true, pos: f.pos }, pos: f.pos };
  const always: Expr = { kind: 'literal', type: 'boolean', value: true, raw: 'TRUE', pos: f.pos };
  return { kind: 'join', type: 'inner', implicit: true, left: values, right: f, on: always, pos: f.pos };
}
