/**
 * `emit.interval`: coalesced emission for windowed EMIT CHANGES, like Flink's early fire
 * (`table.exec.emit.early-fire.delay`) and ksqlDB's commit interval for EMIT CHANGES. Without it, a
 * windowed EMIT CHANGES emits every update (TUMBLE: per row; HOP: per batch, each changed window once).
 * With it, an update only marks its (window, key) as changed; the changed ones emit their running row
 * (-U of what was emitted before, then +U; +I the first time) each time the watermark reaches the end of
 * an interval (k × interval − 1 ms, as a TUMBLE of that size would fire), and a window's pending change is
 * emitted before the window closes — so the last row of every window is the EMIT FINAL row, as before.
 *
 * Event time, not processing time (Flink's delay is processing time): the output depends only on the
 * input and its watermarks, so replay, tests and a run restored from a checkpoint give the same rows
 * as an uninterrupted run (docs/windows.md). '0' is the default: no coalescing.
 *
 * Applied to every windowed EMIT CHANGES aggregation of the statement's plan (not to views it reads);
 * a statement without one is an error at the option, which would otherwise silently do nothing.
 */
import type { DurationOption } from './bind-options.js';
import { fail } from './diagnostics.js';
import type { LogicalPlan } from './logical-plan.js';

export const EMIT_INTERVAL = 'emit.interval';

export function withEmitInterval(plan: LogicalPlan, option: DurationOption | undefined): LogicalPlan {
  if (option === undefined) return plan;
  let targets = 0;
  const go = (p: LogicalPlan): LogicalPlan => {
    switch (p.kind) {
      case 'scan':
      case 'view_scan':
      case 'values':
        return p;
      case 'window_aggregate': {
        const inputs = [go(p.inputs[0])] as const;
        if (p.emit !== 'changes') return { ...p, inputs };
        targets++;
        const { emitIntervalMs: _old, ...rest } = p;
        return option.ms === null ? { ...rest, inputs } : { ...rest, inputs, emitIntervalMs: option.ms };
      }
      case 'group_aggregate':
      case 'filter':
      case 'project':
      case 'window_tvf':
      case 'unnest':
      case 'rank':
      case 'over_aggregate':
        return { ...p, inputs: [go(p.inputs[0])] } as LogicalPlan;
      case 'union':
        return { ...p, inputs: p.inputs.map(go) };
      case 'join':
      case 'multiset':
        return { ...p, inputs: [go(p.inputs[0]), go(p.inputs[1])] };
    }
  };
  const out = go(plan);
  if (targets === 0) {
    fail(
      'INVALID_OPTION',
      `'${EMIT_INTERVAL}' applies to a windowed GROUP BY with EMIT CHANGES (TUMBLE or HOP), and this statement has none`,
      option.at,
      'add EMIT CHANGES to the windowed query, or drop the option: EMIT FINAL already emits one row per window',
    );
  }
  return out;
}
