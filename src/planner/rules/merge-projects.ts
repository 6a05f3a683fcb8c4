/**
 * project(project(x)) → project(x) with the outer expressions rewritten over x, and identity projections
 * removed, so a view over a subquery costs one row copy, not one per level.
 */
import type { LogicalPlan } from '../../parser/logical-plan.js';
import { substitute } from './substitute.js';

export function mergeProjects(plan: LogicalPlan): LogicalPlan {
  switch (plan.kind) {
    case 'scan':
    case 'view_scan':
    case 'values':
      return plan;
    case 'project': {
      const input = mergeProjects(plan.input);
      if (input.kind === 'project') {
        return { ...plan, input: input.input, exprs: plan.exprs.map((e) => substitute(e, input.exprs)) };
      }
      return { ...plan, input };
    }
    case 'filter':
    case 'window_tvf':
    case 'window_aggregate':
    case 'group_aggregate':
    case 'rank':
    case 'over_aggregate':
      return { ...plan, input: mergeProjects(plan.input) };
    case 'join':
      return { ...plan, left: mergeProjects(plan.left), right: mergeProjects(plan.right) };
    case 'union':
      return { ...plan, inputs: plan.inputs.map(mergeProjects) };
  }
}

