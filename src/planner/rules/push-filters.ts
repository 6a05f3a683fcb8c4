/**
 * Filter pushdown, where it is safe:
 *   filter(project(x))      → project(filter'(x))     predicate rewritten through the projection
 *   filter(window_tvf(x))   → window_tvf(filter(x))   when the predicate ignores the window columns
 *   filter(unnest(x))       → unnest(filter(x))       when the predicate ignores the element columns
 *   filter(filter(x))       → filter(a AND b)
 *   filter(join(l, r))      → join(filter(l), filter(r)) for the conjuncts that read one input only,
 *                             into a side the join never pads (both for INNER, the left for LEFT, ...)
 * Filters never move below an aggregation (that would change HAVING into WHERE) nor across a changelog
 * boundary. Earlier filtering means fewer rows reach the expensive operators.
 */
import type { BoundExpr } from '../../parser/bound-expr.js';
import type { LogicalPlan } from '../../parser/logical-plan.js';
import { conjuncts, shift } from '../../parser/join-condition.js';
import { and, readsBelow, substitute } from './substitute.js';

export function pushFilters(plan: LogicalPlan): LogicalPlan {
  switch (plan.kind) {
    case 'scan':
    case 'view_scan':
    case 'values':
      return plan;
    case 'filter': {
      const input = pushFilters(plan.inputs[0]);
      if (input.kind === 'project') {
        const pred = substitute(plan.predicate, input.exprs);
        return { ...input, inputs: [pushFilters({ kind: 'filter', inputs: [input.inputs[0]], predicate: pred, schema: input.inputs[0].schema })] };
      }
      if ((input.kind === 'window_tvf' || input.kind === 'unnest') && readsBelow(plan.predicate, input.inputs[0].schema.length)) {
        return { ...input, inputs: [pushFilters({ kind: 'filter', inputs: [input.inputs[0]], predicate: plan.predicate, schema: input.inputs[0].schema })] };
      }
      if (input.kind === 'filter') {
        return { ...input, predicate: and(input.predicate, plan.predicate) };
      }
      if (input.kind === 'join') return pushIntoJoin(plan.predicate, input);
      return { ...plan, inputs: [input] };
    }
    case 'project':
    case 'window_tvf':
    case 'unnest':
    case 'window_aggregate':
    case 'group_aggregate':
    case 'rank':
    case 'over_aggregate':
      return { ...plan, inputs: [pushFilters(plan.inputs[0])] };
    case 'join':
    case 'multiset':
      return { ...plan, inputs: [pushFilters(plan.inputs[0]), pushFilters(plan.inputs[1])] };
    case 'union':
      return { ...plan, inputs: plan.inputs.map(pushFilters) };
  }
}

/** WHERE over a join: conjuncts of one input move below the join where that input is never NULL-padded. */
function pushIntoJoin(predicate: BoundExpr, join: Extract<LogicalPlan, { kind: 'join' }>): LogicalPlan {
  const lw = join.inputs[0].schema.length;
  const toLeft: BoundExpr[] = [];
  const toRight: BoundExpr[] = [];
  const stay: BoundExpr[] = [];
  for (const c of conjuncts(predicate)) {
    if (readsBelow(c, lw) && (join.type === 'inner' || join.type === 'left')) toLeft.push(c);
    // Never into a temporal join's versioned table: a filtered-out version would leave the one before valid.
    else if (readsFrom(c, lw) && (join.type === 'inner' || join.type === 'right') && join.strategy.kind !== 'temporal') toRight.push(shift(c, -lw));
    else stay.push(c);
  }
  const wrap = (p: LogicalPlan, preds: BoundExpr[]): LogicalPlan =>
    preds.length === 0 ? p : pushFilters({ kind: 'filter', inputs: [p], predicate: preds.reduce(and), schema: p.schema });
  const moved: LogicalPlan = { ...join, inputs: [wrap(pushFilters(join.inputs[0]), toLeft), wrap(pushFilters(join.inputs[1]), toRight)] };
  return stay.length === 0 ? moved : { kind: 'filter', inputs: [moved], predicate: stay.reduce(and), schema: join.schema };
}

/** True when the expression reads inputs at or above `from` only (and at least one). */
function readsFrom(e: BoundExpr, from: number): boolean {
  switch (e.kind) {
    case 'const':
      return false;
    case 'input':
      return e.index >= from;
    case 'call':
      return e.args.length > 0 && e.args.every((a) => a.kind === 'const' || readsFrom(a, from)) && e.args.some((a) => readsFrom(a, from));
    case 'case':
      return false;
    case 'cast':
      return readsFrom(e.operand, from);
  }
}
