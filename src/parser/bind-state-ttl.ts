/**
 * `state.ttl`: a retention for the state of regular joins (and regular semi/anti joins), non-windowed
 * GROUP BY and the normalization of changelog tables (PRIMARY KEY sources), like Flink's
 * `table.exec.state.ttl`. Set per statement with a query hint, `/*+ OPTIONS('state.ttl'='1h') *\/`, or per
 * view with `CREATE VIEW v WITH ('state.ttl' = '1h') AS ...` (the view's WITH wins over a hint). The value
 * is a duration: '1h', '30 min', '10 s', '500 ms', '2 d', or a number of milliseconds; '0' means no TTL
 * (Flink's default). The TTL is on processing time, as in Flink: the engine's clock (see docs/joins.md).
 *
 * It is applied here, to every such operator of the statement's plan (not to views it reads, which have
 * their own), so it is part of the plan and of its fingerprint: changing it is a new plan.
 */
import type { WithOption } from './ast.js';
import { fail } from './diagnostics.js';
import { hintOptions } from './hints.js';
import type { LogicalPlan } from './logical-plan.js';

export const STATE_TTL = 'state.ttl';

/** The statement's state.ttl in ms (null: none). Unknown view options are errors at the option. */
export function stateTtlOf(text: string, viewOptions: readonly WithOption[] | undefined): number | null {
  let ttl: number | null = null;
  const hinted = hintOptions(text)[STATE_TTL];
  if (hinted !== undefined) {
    const h = parseTtl(hinted);
    if (h === undefined) fail('INVALID_OPTION', `'${STATE_TTL}' = '${hinted}' is not a duration; expected e.g. '1h', '30 min', '10 s' or milliseconds`);
    ttl = h;
  }
  for (const o of viewOptions ?? []) {
    if (o.key !== STATE_TTL) fail('INVALID_OPTION', `unknown view option '${o.key}'; a view takes '${STATE_TTL}'`, o.pos);
    const v = parseTtl(o.value);
    if (v === undefined) fail('INVALID_OPTION', `'${STATE_TTL}' = '${String(o.value)}' is not a duration; expected e.g. '1h', '30 min', '10 s' or milliseconds`, o.pos);
    ttl = v;
  }
  return ttl;
}

/** ms for a duration; null for 0 (no TTL); undefined when it is not a duration. */
function parseTtl(v: string | number | boolean): number | null | undefined {
  let ms: number;
  if (typeof v === 'number') ms = v;
  else if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|millis|milliseconds?|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?\s*$/i.exec(v);
    if (!m) return undefined;
    const unit = (m[2] ?? 'ms').toLowerCase();
    const scale = unit.startsWith('ms') || unit.startsWith('milli') ? 1 : unit.startsWith('s') ? 1000 : unit.startsWith('m') ? 60_000 : unit.startsWith('h') ? 3_600_000 : 86_400_000;
    ms = Number(m[1]) * scale;
  } else return undefined;
  if (!Number.isFinite(ms) || ms < 0) return undefined;
  return ms === 0 ? null : Math.max(1, Math.round(ms));
}

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
      case 'filter':
      case 'project':
      case 'window_tvf':
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
