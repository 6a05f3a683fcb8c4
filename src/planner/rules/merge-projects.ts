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
      const input = mergeProjects(plan.inputs[0]);
      if (input.kind === 'project') {
        return { ...plan, inputs: [input.inputs[0]], exprs: plan.exprs.map((e) => substitute(e, input.exprs)) };
      }
      return { ...plan, inputs: [input] };
    }
    case 'filter':
    case 'window_tvf':
    case 'unnest':
    case 'window_aggregate':
    case 'group_aggregate':
    case 'rank':
    case 'over_aggregate':
      return { ...plan, inputs: [mergeProjects(plan.inputs[0])] };
    case 'join':
    case 'multiset':
      return { ...plan, inputs: [mergeProjects(plan.inputs[0]), mergeProjects(plan.inputs[1])] };
    case 'union':
      return { ...plan, inputs: plan.inputs.map(mergeProjects) };
  }
}

