/**
 * The windows of a window join's inputs. Flink requires both inputs of a window join to come from the
 * same windowing TVF ("the windowing TVFs of the left and right inputs should be the same"); windows are
 * matched by their bounds, so two different windows would simply never (or only sometimes) meet — a query
 * that silently returns too little. The binder refuses it, naming both windows.
 *
 * An input's window is found by walking down its plan through the operators that keep window columns
 * (projections, filters, window joins, windowed aggregates, views over those). When one side's window
 * cannot be told (e.g. a union), the join is allowed: window_start/window_end equality still holds.
 */
import type { Pos } from './ast.js';
import { windowToString } from './bind-window.js';
import type { CatalogReader } from './catalog.js';
import { fail } from './diagnostics.js';
import type { Column, LogicalPlan, WindowSpec } from './logical-plan.js';

interface FoundWindow {
  readonly window: WindowSpec;
  /** The schema the window's time column indexes (for the message). */
  readonly schema: readonly Column[];
}

export function windowOf(plan: LogicalPlan, catalog: CatalogReader, depth = 0): FoundWindow | null {
  if (depth > 64) return null;
  switch (plan.kind) {
    case 'window_tvf':
    case 'window_aggregate':
      return { window: plan.window, schema: plan.inputs[0].schema };
    case 'filter':
    case 'project':
    case 'rank':
    case 'over_aggregate':
    case 'unnest':
      return windowOf(plan.inputs[0], catalog, depth + 1);
    case 'join':
      return plan.strategy.kind === 'window' ? windowOf(plan.inputs[0], catalog, depth + 1) ?? windowOf(plan.inputs[1], catalog, depth + 1) : null;
    case 'view_scan': {
      const view = catalog.view(plan.view);
      return view ? windowOf(view.plan, catalog, depth + 1) : null;
    }
    case 'scan':
    case 'values':
    case 'group_aggregate':
    case 'union':
    case 'multiset':
      return null;
  }
}

function sameWindow(a: WindowSpec, b: WindowSpec): boolean {
  switch (a.kind) {
    case 'tumble':
      return b.kind === 'tumble' && a.sizeMs === b.sizeMs && a.offsetMs === b.offsetMs;
    case 'hop':
      return b.kind === 'hop' && a.sizeMs === b.sizeMs && a.slideMs === b.slideMs && a.offsetMs === b.offsetMs;
    case 'cumulate':
      return b.kind === 'cumulate' && a.sizeMs === b.sizeMs && a.stepMs === b.stepMs && a.offsetMs === b.offsetMs;
    case 'session':
      // Sessions have data-dependent bounds; two SESSION aggregates meet where their bounds agree.
      return b.kind === 'session';
  }
}

/** Refuses a window join (or window semi/anti join) whose two inputs use different windows. */
export function checkSameWindow(left: LogicalPlan, right: LogicalPlan, catalog: CatalogReader, at: Pos): void {
  const l = windowOf(left, catalog);
  const r = windowOf(right, catalog);
  if (l === null || r === null || sameWindow(l.window, r.window)) return;
  const text = (w: FoundWindow) => windowToString(w.window, w.schema).replace(/^(\w+)\([^,)]*(, )?/, '$1(');
  fail(
    'UNSUPPORTED',
    `the inputs of a window join use different windows: ${text(l)} on the left, ${text(r)} on the right; ` +
      'windows are matched by window_start and window_end, so different windows would rarely or never meet',
    at,
    'use the same window TVF (kind, size, slide or step, offset) on both sides, as Flink requires: ' +
      'FROM TABLE(TUMBLE(TABLE l, DESCRIPTOR(ts), INTERVAL ...)) L JOIN TABLE(TUMBLE(TABLE r, DESCRIPTOR(ts), INTERVAL ...)) R ' +
      'ON L.window_start = R.window_start AND L.window_end = R.window_end',
  );
}
