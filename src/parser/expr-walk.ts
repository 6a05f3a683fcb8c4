/**
 * A walk over an unbound expression, for the binder's questions of the kind "does this expression hold
 * an aggregate / an OVER call / a column called x". A call's children are its arguments (not its FILTER
 * clause: a question that needs it asks for it in `hit`); a subquery predicate has none.
 */
import type { CallExpr, ColumnExpr, Expr, Ident, Pos, SubqueryExpr } from './ast.js';

/** True when `hit` holds for `e` or for any expression inside it. */
export function someExpr(e: Expr, hit: (e: Expr) => boolean): boolean {
  if (hit(e)) return true;
  const some = (x: Expr): boolean => someExpr(x, hit);
  switch (e.kind) {
    case 'literal':
    case 'interval':
    case 'column':
    case 'subquery_pred':
      return false;
    case 'call':
      return e.args.some(some);
    case 'binary':
      return some(e.left) || some(e.right);
    case 'unary':
    case 'is_null':
    case 'is_bool':
    case 'cast':
      return some(e.operand);
    case 'in':
      return some(e.operand) || e.list.some(some);
    case 'between':
      return some(e.operand) || some(e.low) || some(e.high);
    case 'like':
      return some(e.operand) || some(e.pattern);
    case 'case':
      return (e.operand !== undefined && some(e.operand)) || e.whens.some((w) => some(w.when) || some(w.then)) || (e.else !== undefined && some(e.else));
  }
}

/** The conjuncts of a WHERE/ON/HAVING (`a AND b AND c` → [a, b, c]), left to right. */
export function astConjuncts(e: Expr): Expr[] {
  return e.kind === 'binary' && e.op === 'AND' ? [...astConjuncts(e.left), ...astConjuncts(e.right)] : [e];
}

/** `e` with every column reference replaced by `f(column)` (not descending into subqueries). */
export function mapColumns(e: Expr, f: (c: ColumnExpr) => Expr): Expr {
  return mapLeaves(e, (x) => (x.kind === 'column' ? f(x) : x));
}

/**
 * `e` rebuilt with each leaf — a column reference or a subquery predicate — replaced by `leaf(it)`
 * (`leaf` returns it to keep it); literals and intervals are kept, and nothing inside a subquery is
 * visited. A call's FILTER clause is mapped with its arguments.
 */
export function mapLeaves(e: Expr, leaf: (e: ColumnExpr | SubqueryExpr) => Expr): Expr {
  const m = (x: Expr): Expr => mapLeaves(x, leaf);
  switch (e.kind) {
    case 'literal':
    case 'interval':
      return e;
    case 'column':
    case 'subquery_pred':
      return leaf(e);
    case 'call':
      return { ...e, args: e.args.map(m), ...(e.filter ? { filter: m(e.filter) } : {}) };
    case 'binary':
      return { ...e, left: m(e.left), right: m(e.right) };
    case 'unary':
    case 'is_null':
    case 'is_bool':
    case 'cast':
      return { ...e, operand: m(e.operand) };
    case 'in':
      return { ...e, operand: m(e.operand), list: e.list.map(m) };
    case 'between':
      return { ...e, operand: m(e.operand), low: m(e.low), high: m(e.high) };
    case 'like':
      return { ...e, operand: m(e.operand), pattern: m(e.pattern), ...(e.escape ? { escape: m(e.escape) } : {}) };
    case 'case':
      return {
        ...e,
        ...(e.operand ? { operand: m(e.operand) } : {}),
        whens: e.whens.map((w) => ({ when: m(w.when), then: m(w.then) })),
        ...(e.else ? { else: m(e.else) } : {}),
      };
  }
}

/**
 * `operand.field`: a call DOT(operand, 'field'), the field's name a string literal whose raw text says
 * whether it was quoted (functions-rows.ts resolves it against the ROW type).
 */
export function fieldAccess(operand: Expr, field: Ident, pos: Pos): CallExpr {
  const name: Expr = { kind: 'literal', type: 'string', value: field.name, raw: field.quoted ? `\`${field.name}\`` : field.name, pos: field.pos };
  return { kind: 'call', name: 'DOT', args: [operand, name], distinct: false, star: false, pos };
}
