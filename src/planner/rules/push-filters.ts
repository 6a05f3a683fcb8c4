/**
 * Filter pushdown, where it is safe:
 *   filter(project(x))      → project(filter'(x))     predicate rewritten through the projection
 *   filter(window_tvf(x))   → window_tvf(filter(x))   when the predicate ignores the window columns
 *   filter(filter(x))       → filter(a AND b)
 * Filters never move below an aggregation (that would change HAVING into WHERE) nor across a changelog
 * boundary. Earlier filtering means fewer rows reach the expensive operators.
 */
import type { LogicalPlan } from '../../parser/logical-plan.js';
import { and, readsBelow, substitute } from './substitute.js';

export function pushFilters(plan: LogicalPlan): LogicalPlan {
  switch (plan.kind) {
    case 'scan':
    case 'view_scan':
      return plan;
    case 'filter': {
      const input = pushFilters(plan.input);
      if (input.kind === 'project') {
        const pred = substitute(plan.predicate, input.exprs);
        return { ...input, input: pushFilters({ kind: 'filter', input: input.input, predicate: pred, schema: input.input.schema }) };
      }
      if (input.kind === 'window_tvf' && readsBelow(plan.predicate, input.input.schema.length)) {
        return { ...input, input: pushFilters({ kind: 'filter', input: input.input, predicate: plan.predicate, schema: input.input.schema }) };
      }
      if (input.kind === 'filter') {
        return { ...input, predicate: and(input.predicate, plan.predicate) };
      }
      return { ...plan, input };
    }
    case 'project':
    case 'window_tvf':
    case 'window_aggregate':
    case 'group_aggregate':
      return { ...plan, input: pushFilters(plan.input) };
    case 'join':
      return { ...plan, left: pushFilters(plan.left), right: pushFilters(plan.right) };
    case 'union':
      return { ...plan, inputs: plan.inputs.map(pushFilters) };
  }
}
