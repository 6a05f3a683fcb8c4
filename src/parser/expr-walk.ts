/**
 * A walk over an unbound expression, for the binder's questions of the kind "does this expression hold
 * an aggregate / an OVER call / a column called x". A call's children are its arguments (not its FILTER
 * clause: a question that needs it asks for it in `hit`); a subquery predicate has none.
 */
import type { Expr } from './ast.js';

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
