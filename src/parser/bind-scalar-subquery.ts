/**
 * Scalar subqueries in SELECT and WHERE → a LEFT JOIN with a one-row changelog (Calcite's rewrite, which
 * Flink runs as a regular join without keys):
 *
 *   SELECT b.price, (SELECT MAX(price) FROM bids) AS top FROM bids b
 *     ≡ SELECT b.price, s.$scalar0 AS top FROM bids b LEFT JOIN (SELECT MAX(price) FROM bids) s ON TRUE
 *
 * The subquery must be uncorrelated and aggregate without GROUP BY, so it has at most one row: a global
 * aggregate over a stream is a changelog of that row (none until its first input row, so the value is
 * NULL until then), and each change of it retracts and re-emits the outer rows it was joined with, as in
 * Flink. Every outer row is kept (state unbounded, or bounded by state.ttl). Each subquery becomes a
 * hidden column of the FROM scope (not part of `*`) that the expression then reads.
 *
 * Not run (located errors naming the supported form): a correlated scalar subquery (one that reads the
 * outer row), one that may return several rows, one in GROUP BY / HAVING / ON or in the SELECT list of an
 * aggregating query, and one over a window TVF that is then aggregated by window.
 */
import type { ColumnExpr, Expr, Select, SelectItem, SubqueryExpr } from './ast.js';
import { SCALAR_SUBQUERY_FORMS } from './bind-expr.js';
import { resolveColumn, type FromResult, type ScopeColumn, type SelectBinder } from './bind-from.js';
import { joinNode } from './bind-join.js';
import { hasAggregate } from './bind-select.js';
import type { CatalogReader } from './catalog.js';
import { DiagnosticError, fail } from './diagnostics.js';
import { mapLeaves, someExpr } from './expr-walk.js';

/** The qualifier of the hidden columns that hold the subqueries' values. */
const QUALIFIER = '$scalar';

export interface WithScalars {
  readonly select: Select;
  readonly from: FromResult;
}

/** Joins each scalar subquery of SELECT and WHERE onto FROM and has the query read its column instead. */
export function bindScalarSubqueries(sel: Select, from: FromResult, catalog: CatalogReader, bindSelect: SelectBinder): WithScalars {
  const inItems = sel.items.some((i) => i.kind === 'expr' && hasScalar(i.expr));
  const inWhere = sel.where !== undefined && hasScalar(sel.where);
  if (!inItems && !inWhere) return { select: sel, from };
  const aggregating = sel.groupBy.length > 0 || sel.groupingSets !== undefined || sel.items.some((i) => i.kind === 'expr' && hasAggregate(i.expr));
  if (aggregating && inItems) {
    const at = firstScalar(sel.items.flatMap((i) => (i.kind === 'expr' ? [i.expr] : [])))!;
    fail('UNSUPPORTED', 'a scalar subquery in the SELECT list of a query that aggregates is not supported', at.pos, SCALAR_SUBQUERY_FORMS);
  }
  if (from.tvf && aggregating) {
    const at = firstScalar(sel.where ? [sel.where] : [])!;
    fail('UNSUPPORTED', 'a windowed aggregation over rows filtered by a scalar subquery is not supported', at.pos, 'filter the rows in a view first, then aggregate the view');
  }
  let out: FromResult = from;
  let n = 0;
  const replace = (e: Expr): Expr =>
    mapScalars(e, (q) => {
      const name = `$scalar${n++}`;
      out = joinScalar(out, q, name, catalog, bindSelect);
      const ref: ColumnExpr = { kind: 'column', table: { name: QUALIFIER, quoted: true, pos: q.pos }, name: { name, quoted: true, pos: q.pos }, pos: q.pos };
      return ref;
    });
  const items = sel.items.map((item, i): SelectItem => {
    if (item.kind !== 'expr' || !hasScalar(item.expr)) return item;
    // An unnamed scalar subquery is named as any other expression (EXPR$i), not after its hidden column.
    const alias = item.alias ?? (item.expr.kind === 'subquery_pred' ? { name: `EXPR$${i}`, quoted: true, pos: item.pos } : undefined);
    return { ...item, expr: replace(item.expr), ...(alias ? { alias } : {}) };
  });
  const where = sel.where ? replace(sel.where) : undefined;
  // The join reads the window TVF's rows: its window columns stay in scope, the window is below the join.
  const { tvf: _tvf, ...plain } = out;
  return { select: { ...sel, items, ...(where ? { where } : {}) }, from: plain };
}

function hasScalar(e: Expr): boolean {
  return someExpr(e, (x) => x.kind === 'subquery_pred' && x.test === 'scalar');
}

function firstScalar(es: readonly Expr[]): SubqueryExpr | undefined {
  let found: SubqueryExpr | undefined;
  for (const e of es) {
    someExpr(e, (x) => {
      if (x.kind === 'subquery_pred' && x.test === 'scalar' && found === undefined) found = x;
      return found !== undefined;
    });
  }
  return found;
}

/** `from LEFT JOIN (q) ON TRUE`, the subquery's one column in scope as `$scalar.<name>` (hidden). */
function joinScalar(from: FromResult, q: SubqueryExpr, name: string, catalog: CatalogReader, bindSelect: SelectBinder): FromResult {
  const s = q.query;
  const item = s.items[0];
  if (s.items.length !== 1 || item?.kind !== 'expr') {
    fail('TYPE_MISMATCH', `a scalar subquery must select exactly one column; it selects ${item?.kind === 'star' ? '*' : `${s.items.length} items`}`, item?.pos ?? s.pos);
  }
  const oneRow = s.groupBy.length === 0 && s.groupingSets === undefined && !s.distinct && (s.unionAll?.length ?? 0) === 0 && s.orderBy === undefined && hasAggregate(item.expr);
  if (!oneRow) {
    fail('UNSUPPORTED', 'a scalar subquery must return at most one row: an aggregate without GROUP BY, such as (SELECT MAX(x) FROM t)', q.pos, SCALAR_SUBQUERY_FORMS);
  }
  if (s.emit) fail('UNSUPPORTED', 'EMIT belongs to the outer query, not to a subquery', s.emit.pos);
  let bound;
  try {
    bound = bindSelect(s);
  } catch (e) {
    const outer = e instanceof DiagnosticError && e.diagnostic.code === 'UNKNOWN_COLUMN' ? outerReference(s, from.scope) : undefined;
    if (outer) {
      fail('UNSUPPORTED', `a correlated scalar subquery (it reads '${outer.table ? `${outer.table.name}.` : ''}${outer.name.name}' of the outer query) is not supported`, outer.pos, SCALAR_SUBQUERY_FORMS);
    }
    throw e;
  }
  const column = bound.schema[0]!;
  const right: FromResult = { plan: bound.plan, scope: [{ name, qualifier: QUALIFIER, index: 0, column, hidden: true }] };
  const on = { kind: 'const', value: true, type: { name: 'BOOLEAN', nullable: false } } as const;
  const plan = joinNode('left', from, right, on, { join: q.pos, on: q.pos }, catalog);
  const width = from.plan.schema.length;
  return { plan, scope: [...from.scope, { name, qualifier: QUALIFIER, index: width, column: plan.schema[width]!, hidden: true }] };
}

/** A column of the subquery's WHERE or SELECT list that names a column of the outer query. */
function outerReference(s: Select, outer: readonly ScopeColumn[]): ColumnExpr | undefined {
  let found: ColumnExpr | undefined;
  const exprs = [...s.items.flatMap((i) => (i.kind === 'expr' ? [i.expr] : [])), ...(s.where ? [s.where] : [])];
  for (const e of exprs) {
    someExpr(e, (x) => {
      if (found === undefined && x.kind === 'column' && x.table !== undefined && resolves(outer, x)) found = x;
      return found !== undefined;
    });
  }
  return found;
}

function resolves(scope: readonly ScopeColumn[], ref: ColumnExpr): boolean {
  try {
    resolveColumn(scope, ref);
    return true;
  } catch (e) {
    if (e instanceof DiagnosticError) return false;
    throw e;
  }
}

/** `e` with every scalar subquery (outside nested subqueries) replaced by `f(subquery)`. */
function mapScalars(e: Expr, f: (q: SubqueryExpr) => Expr): Expr {
  return mapLeaves(e, (x) => (x.kind === 'subquery_pred' && x.test === 'scalar' ? f(x) : x));
}
