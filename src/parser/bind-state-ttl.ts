/**
 * `state.ttl`: a retention for the state of regular joins (and regular semi/anti joins), non-windowed
 * GROUP BY, INTERSECT ALL / EXCEPT ALL and the normalization of changelog tables (PRIMARY KEY sources), like Flink's
 * `table.exec.state.ttl`. Set per statement with a query hint, `/*+ OPTIONS('state.ttl'='1h') *\/`, or per
 * view with `CREATE VIEW v WITH ('state.ttl' = '1h') AS ...` (the view's WITH wins over a hint). The value
 * is a duration: '1h', '30 min', '10 s', '500 ms', '2 d', or a number of milliseconds; '0' means no TTL
 * (Flink's default). The TTL is on processing time, as in Flink: the engine's clock (see docs/joins.md).
 *
 * It is read with the statement's other options (bind-options.ts) and applied here, to every such operator
 * of the statement's plan (not to views it reads, which have their own), so it is part of the plan and of
 * its fingerprint: changing it is a new plan.
 */
import type { LogicalPlan } from './logical-plan.js';

export const STATE_TTL = 'state.ttl';

/**
 * The plan with `ttlMs` on every regular join, non-windowed GROUP BY and changelog-table scan (the plan
 * itself when there is no TTL).
 */
export function withStateTtl(plan: LogicalPlan, ttlMs: number | null): LogicalPlan {
  if (ttlMs === null) return plan;
  const go = (p: LogicalPlan): LogicalPlan => {
    switch (p.kind) {
      case 'scan':
        return p.upsertKey || p.retractions ? { ...p, ttlMs } : p;
      case 'view_scan':
      case 'values':
        return p;
      case 'group_aggregate':
        return { ...p, inputs: [go(p.inputs[0])], ttlMs };
      case 'multiset':
        return { ...p, inputs: [go(p.inputs[0]), go(p.inputs[1])], ttlMs };
      case 'filter':
      case 'project':
      case 'window_tvf':
      case 'unnest':
      case 'window_aggregate':
      case 'rank':
      case 'over_aggregate':
        return { ...p, inputs: [go(p.inputs[0])] } as LogicalPlan;
      case 'union':
        return { ...p, inputs: p.inputs.map(go) };
      case 'join': {
        const strategy = p.strategy.kind === 'regular' ? { kind: 'regular' as const, ttlMs } : p.strategy;
        return { ...p, inputs: [go(p.inputs[0]), go(p.inputs[1])], strategy };
      }
    }
  };
  return go(plan);
}
