/**
 * Subquery predicates in WHERE → semi and anti joins (Flink decorrelates them the same way):
 *
 *   WHERE EXISTS (SELECT ... FROM r WHERE r.k = l.k AND p(r))      l SEMI JOIN σp(r) ON r.k = l.k
 *   WHERE NOT EXISTS (...)                                          l ANTI JOIN ...
 *   WHERE l.x IN (SELECT r.y FROM r WHERE ...)                      l SEMI JOIN ... ON l.x = r.y AND ...
 *   WHERE l.x NOT IN (SELECT r.y FROM r WHERE ...)                  l ANTI JOIN ... ON (l.x = r.y OR l.x IS NULL OR r.y IS NULL) AND ...
 *
 * NOT IN keeps SQL's NULL semantics: `x NOT IN S` is true only when no y in S makes `x = y` true or
 * unknown, so a NULL in S (or a NULL x, when S is not empty) drops the row; when x and y cannot be NULL
 * the condition is the plain equality (a hash key). IN with a NULL x is unknown: the row is dropped.
 *
 * The subquery's WHERE conjuncts that read the outer row are the correlation and go into the join
 * condition; the others filter the subquery's input. A correlation with window_start/window_end equality
 * makes a window semi/anti join (emitted when the window closes, append-only); otherwise it is a regular
 * one (a changelog: a row appears and is retracted as its matches come and go). A subquery that
 * aggregates (GROUP BY, DISTINCT, UNION ALL) must not be correlated; it is joined as a whole, on its output.
 * An outer reference in the ON of a join of the subquery's FROM brings the outer values into that FROM
 * (bind-outer-values.ts).
 *
 * Only conjuncts of WHERE (possibly under NOT) are decorrelated; anywhere else a subquery is an error.
 */
import type { ColumnExpr, Expr, Select, SubqueryExpr } from './ast.js';
import { applyFunction, bindExpr, exprToString } from './bind-expr.js';
import { bindFrom, resolveColumn, scopeOf, type FromResult, type ScopeColumn, type SelectBinder } from './bind-from.js';
import { joinNode } from './bind-join.js';
import { liftOuterValues, type OuterValues } from './bind-outer-values.js';
import { hasAggregate } from './bind-select.js';
import type { BoundExpr, ExprScope } from './bound-expr.js';
import type { CatalogReader } from './catalog.js';
import { DiagnosticError, fail } from './diagnostics.js';
import type { LogicalPlan } from './logical-plan.js';
import { typeToString } from './types.js';
import { astConjuncts } from './expr-walk.js';

export interface Decorrelated {
  readonly from: FromResult;
  /** WHERE without the subquery conjuncts (undefined when nothing is left). */
  readonly where: Expr | undefined;
}

/** Takes the [NOT] EXISTS / [NOT] IN (SELECT ...) conjuncts out of WHERE and joins them onto FROM. */
export function bindSubqueries(sel: Select, from: FromResult, catalog: CatalogReader, bindSelect: SelectBinder): Decorrelated {
  if (sel.where === undefined || !mentionsSubquery(sel.where)) return { from, where: sel.where };
  const rest: Expr[] = [];
  let out = from;
  for (const c of astConjuncts(sel.where)) {
    let e = c;
    let negated = false;
    while (e.kind === 'unary' && e.op === 'NOT') {
      negated = !negated;
      e = e.operand;
    }
    if (e.kind !== 'subquery_pred' || e.test === 'scalar') {
      rest.push(c);
      continue;
    }
    const anti = negated !== e.negated;
    if (from.tvf && aggregates(sel)) {
      fail(
        'UNSUPPORTED',
        `a windowed aggregation over rows filtered by ${e.test === 'exists' ? 'EXISTS' : 'IN'} (SELECT ...) is not supported yet`,
        e.pos,
        'filter the rows in a view first (CREATE VIEW v AS SELECT ... WHERE ... IN (SELECT ...)), then aggregate the view',
      );
    }
    out = semiJoin(out, e, anti, catalog, bindSelect);
  }
  const where = rest.length === 0 ? undefined : rest.reduce((a, b) => ({ kind: 'binary', op: 'AND', left: a, right: b, pos: a.pos }));
  // The semi/anti join keeps the outer scope; a TVF's window is now applied below the join.
  const { tvf: _tvf, ...plain } = out;
  return { from: from.tvf ? plain : out, where };
}

function semiJoin(outer: FromResult, p: SubqueryExpr, anti: boolean, catalog: CatalogReader, bindSelect: SelectBinder): FromResult {
  const q = p.query;
  const ow = outer.plan.schema.length;
  if (q.emit) fail('UNSUPPORTED', 'EMIT belongs to the outer query, not to a subquery', q.emit.pos);
  const grouped = aggregates(q);
  // The subquery's own FROM (or, when it aggregates, its whole result) is the right input.
  let right: FromResult;
  let local: Expr[] = [];
  let correlated: Expr[] = [];
  let values: OuterValues | null = null;
  if (grouped) {
    const where = q.where;
    if (where && astConjuncts(where).some((c) => readsOuterOnly(c, outer.scope, q))) {
      fail('UNSUPPORTED', 'a subquery that aggregates (GROUP BY, DISTINCT, UNION ALL) cannot refer to the outer query', where.pos, 'correlate a subquery without aggregation, or aggregate in a view first');
    }
    const { plan, schema } = bindSelect(q);
    right = { plan, scope: scopeOf(schema, '') };
  } else {
    // An ON condition of the subquery's FROM that reads the outer row: the outer values join the FROM.
    values = liftOuterValues(q, outer, catalog);
    const sq = values?.select ?? q;
    // A comma join in the subquery's FROM takes its own conditions from the subquery's WHERE first.
    const pool = sq.where && sq.from.kind === 'join' ? { conjuncts: astConjuncts(sq.where) } : undefined;
    right = bindFrom(sq.from, values?.catalog ?? catalog, bindSelect, pool);
    for (const c of pool ? pool.conjuncts : sq.where ? astConjuncts(sq.where) : []) {
      if (readsOuter(c, right.scope, outer.scope)) correlated.push(c);
      else local.push(c);
    }
    if (local.length > 0) {
      const pred = bindExpr(local.reduce((a, b) => ({ kind: 'binary', op: 'AND', left: a, right: b, pos: a.pos })), {
        clause: 'WHERE',
        column: (ref) => input(resolveColumn(right.scope, ref), 0),
      });
      if (pred.type.name !== 'BOOLEAN' && pred.type.name !== 'NULL') fail('TYPE_MISMATCH', `WHERE needs a BOOLEAN condition, got ${typeToString(pred.type)}`, q.where?.pos);
      const plan: LogicalPlan = { kind: 'filter', inputs: [right.plan], predicate: pred, schema: right.plan.schema };
      right = { plan, scope: right.scope };
    }
  }
  // [...outer, ...right]: inner names first, then the outer query's (SQL's scoping of correlated names).
  const both: ExprScope = {
    clause: 'the subquery',
    column: (ref) => {
      try {
        return input(resolveColumn(right.scope, ref), ow);
      } catch (e) {
        if (!(e instanceof DiagnosticError) || e.diagnostic.code !== 'UNKNOWN_COLUMN') throw e;
        try {
          return input(resolveColumn(outer.scope, ref), 0);
        } catch {
          throw e;
        }
      }
    },
  };
  const conds: BoundExpr[] = correlated.map((c) => {
    const b = bindExpr(c, both);
    if (b.type.name !== 'BOOLEAN' && b.type.name !== 'NULL') fail('TYPE_MISMATCH', `WHERE needs a BOOLEAN condition, got ${typeToString(b.type)}`, c.pos);
    return b;
  });
  if (values) conds.push(...values.matches(right, ow));
  if (p.test === 'in') conds.push(inCondition(p, q, outer, right, both, grouped, anti));
  const on: BoundExpr = conds.length === 0 ? { kind: 'const', value: true, type: { name: 'BOOLEAN', nullable: false } } : conds.reduce((a, b) => applyFunction('AND', 'AND', [a, b], [p.pos, p.pos], p.pos));
  for (const side of [outer, right]) {
    // A session's bounds are known only when it ends: there is no row-by-row SESSION TVF to join.
    if (side.tvf?.window.kind === 'session') fail('UNSUPPORTED', 'a SESSION window TVF must be aggregated before it is joined: GROUP BY window_start, window_end [, keys]', side.tvf.ref.pos);
  }
  const plan = joinNode(anti ? 'anti' : 'semi', outer, right, on, { join: p.pos, on: q.where?.pos ?? p.pos }, catalog);
  return { plan, scope: outer.scope };
}

/**
 * `x = y` (IN) or its NULL-aware form (NOT IN), over [...outer, ...right]. A row value `(x1, x2) IN
 * (SELECT y1, y2 ...)` compares column by column: IN needs every `xi = yi`; a NOT IN row matches (and
 * so removes the outer row) unless some pair is certainly different, i.e. when every
 * `xi = yi OR xi IS NULL OR yi IS NULL` holds (SQL's row comparison, as Calcite rewrites it).
 */
function inCondition(p: SubqueryExpr, q: Select, outer: FromResult, right: FromResult, both: ExprScope, grouped: boolean, anti: boolean): BoundExpr {
  const ow = outer.plan.schema.length;
  const operand = p.operand!;
  const xs = operand.kind === 'call' && operand.name === 'ROW' ? operand.args : [operand];
  const items = q.items;
  const star = items.find((i) => i.kind === 'star');
  if (items.length !== xs.length || star) {
    const what = xs.length === 1 ? 'exactly one column' : `${xs.length} columns, one per value of the row (${xs.map(exprToString).join(', ')})`;
    fail('TYPE_MISMATCH', `the subquery of IN must select ${what}; it selects ${star ? '*' : `${items.length} item${items.length === 1 ? '' : 's'}`}`, star?.pos ?? items[0]?.pos ?? q.pos);
  }
  const and = (a: BoundExpr, b: BoundExpr) => applyFunction('AND', 'AND', [a, b], [p.pos, p.pos], p.pos);
  const or = (a: BoundExpr, b: BoundExpr) => applyFunction('OR', 'OR', [a, b], [p.pos, p.pos], p.pos);
  const isNull = (e: BoundExpr, at: Expr['pos']) => applyFunction('IS_NULL', 'IS NULL', [e], [at], at);
  const parts = xs.map((xe, i) => {
    const item = items[i]!;
    if (item.kind !== 'expr') throw new Error('unreachable: star items were refused above');
    const x = bindExpr(xe, { clause: 'IN', column: (ref) => input(resolveColumn(outer.scope, ref), 0) });
    // A grouped subquery's output column; otherwise the select item over the subquery's FROM.
    const y: BoundExpr = grouped ? input(right.scope[i]!, ow) : bindExpr(item.expr, both);
    const eq = applyFunction('=', 'IN', [x, y], [xe.pos, item.pos], p.pos);
    if (!anti || (!x.type.nullable && !y.type.nullable)) return eq;
    return or(or(eq, isNull(x, xe.pos)), isNull(y, item.pos));
  });
  return parts.reduce(and);
}

function input(sc: ScopeColumn, shift: number): BoundExpr {
  return { kind: 'input', index: sc.index + shift, name: sc.name, type: sc.column.type };
}

function aggregates(q: Select): boolean {
  return q.groupBy.length > 0 || q.groupingSets !== undefined || q.distinct || q.having !== undefined || (q.unionAll?.length ?? 0) > 0 || q.items.some((i) => i.kind === 'expr' && hasAggregate(i.expr));
}

/** True when some column of `e` does not resolve in the subquery's own scope but does in the outer one. */
function readsOuter(e: Expr, inner: readonly ScopeColumn[], outer: readonly ScopeColumn[]): boolean {
  return columnsOf(e).some((ref) => !resolves(inner, ref) && resolves(outer, ref));
}

/** For a grouped subquery (whose scope is its FROM, not known here): a qualified column naming an outer relation. */
function readsOuterOnly(e: Expr, outer: readonly ScopeColumn[], q: Select): boolean {
  const innerNames = new Set<string>();
  const collect = (f: Select['from']): void => {
    if (f.kind === 'join') {
      collect(f.left);
      collect(f.right);
    } else if (f.alias) innerNames.add(f.alias.name);
    else if (f.kind === 'table') innerNames.add(f.name.name);
  };
  collect(q.from);
  return columnsOf(e).some((ref) => ref.table !== undefined && !innerNames.has(ref.table.name) && resolves(outer, ref));
}

function resolves(scope: readonly ScopeColumn[], ref: ColumnExpr): boolean {
  try {
    resolveColumn(scope, ref);
    return true;
  } catch (e) {
    if (e instanceof DiagnosticError && e.diagnostic.code === 'AMBIGUOUS_COLUMN') return true;
    if (e instanceof DiagnosticError) return false;
    throw e;
  }
}

function mentionsSubquery(e: Expr): boolean {
  return astConjuncts(e).some((c) => {
    let x = c;
    while (x.kind === 'unary' && x.op === 'NOT') x = x.operand;
    return x.kind === 'subquery_pred' && x.test !== 'scalar';
  });
}

/** Column references of an expression (not descending into nested subqueries). */
function columnsOf(e: Expr): ColumnExpr[] {
  switch (e.kind) {
    case 'literal':
    case 'interval':
    case 'subquery_pred':
      return [];
    case 'column':
      return [e];
    case 'binary':
      return [...columnsOf(e.left), ...columnsOf(e.right)];
    case 'unary':
    case 'is_null':
    case 'is_bool':
    case 'cast':
      return columnsOf(e.operand);
    case 'in':
      return [e.operand, ...e.list].flatMap(columnsOf);
    case 'between':
      return [e.operand, e.low, e.high].flatMap(columnsOf);
    case 'like':
      return [e.operand, e.pattern, ...(e.escape ? [e.escape] : [])].flatMap(columnsOf);
    case 'case':
      return [...(e.operand ? [e.operand] : []), ...e.whens.flatMap((w) => [w.when, w.then]), ...(e.else ? [e.else] : [])].flatMap(columnsOf);
    case 'call':
      return [...e.args, ...(e.filter ? [e.filter] : [])].flatMap(columnsOf);
  }
}
