/**
 * The logical plan: what a query computes, with every name resolved and every type known. The binder
 * builds it; the planner turns it into operators. Rows are arrays; `schema[i]` describes `row[i]`.
 *
 *   scan(source) ─► filter ─► window_aggregate(keys, aggs, window) ─► filter(HAVING) ─► project
 *
 * Windows are one abstraction (`WindowSpec`) whatever the spelling (TVF, short form, legacy GROUP BY);
 * CUMULATE and SESSION will be new `kind`s of it.
 */
import type { BoundExpr } from './bound-expr.js';
import type { SqlType } from './types.js';

export interface Column {
  readonly name: string;
  readonly type: SqlType;
  /** An event-time attribute: a source's WATERMARK column, or window_time of a windowed result. */
  readonly rowtime?: boolean;
  /** window_start / window_end / window_time added by a window TVF. */
  readonly windowProp?: 'start' | 'end' | 'time';
}

export type WindowSpec =
  | { readonly kind: 'tumble'; readonly timeCol: number; readonly sizeMs: number; readonly offsetMs: number }
  | {
      readonly kind: 'hop';
      readonly timeCol: number;
      readonly slideMs: number;
      readonly sizeMs: number;
      readonly offsetMs: number;
    };

export type AggFn = 'COUNT' | 'SUM' | 'AVG' | 'MIN' | 'MAX';

export interface AggCall {
  readonly fn: AggFn;
  /** null for COUNT(*). */
  readonly arg: BoundExpr | null;
  readonly distinct: boolean;
  readonly filter: BoundExpr | null;
  readonly type: SqlType;
  /** SQL text for EXPLAIN: COUNT(DISTINCT `string`). */
  readonly text: string;
}

export type LogicalPlan =
  | ScanNode
  | ViewScanNode
  | FilterNode
  | ProjectNode
  | WindowTvfNode
  | WindowAggregateNode
  | GroupAggregateNode;

export interface ScanNode {
  readonly kind: 'scan';
  readonly source: string;
  readonly schema: readonly Column[];
}

/** Reads the output of another view (a view over a view shares that view's pipeline). */
export interface ViewScanNode {
  readonly kind: 'view_scan';
  readonly view: string;
  readonly schema: readonly Column[];
  readonly changelog: boolean;
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly input: LogicalPlan;
  readonly predicate: BoundExpr;
  readonly schema: readonly Column[];
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly input: LogicalPlan;
  readonly exprs: readonly BoundExpr[];
  readonly schema: readonly Column[];
}

/** Window TVF without aggregation: each row gets window_start, window_end, window_time (HOP: one row per window). */
export interface WindowTvfNode {
  readonly kind: 'window_tvf';
  readonly input: LogicalPlan;
  readonly window: WindowSpec;
  readonly schema: readonly Column[];
}

/**
 * Windowed GROUP BY. Output row: [...keys, window_start, window_end, window_time, ...aggs].
 * EMIT FINAL: one +I row per window and key once the watermark reaches window_end − 1 ms.
 * EMIT CHANGES: the running result on every update (+I then -U/+U), nothing more at the close.
 */
export interface WindowAggregateNode {
  readonly kind: 'window_aggregate';
  readonly input: LogicalPlan;
  readonly window: WindowSpec;
  readonly keys: readonly BoundExpr[];
  readonly aggs: readonly AggCall[];
  readonly emit: 'final' | 'changes';
  readonly schema: readonly Column[];
}

/** Non-windowed GROUP BY: a changelog (+I, -U, +U, -D). Output row: [...keys, ...aggs]. */
export interface GroupAggregateNode {
  readonly kind: 'group_aggregate';
  readonly input: LogicalPlan;
  readonly keys: readonly BoundExpr[];
  readonly aggs: readonly AggCall[];
  readonly schema: readonly Column[];
}

/** True when the plan's output carries retractions (-U/-D). */
export function isChangelog(plan: LogicalPlan): boolean {
  switch (plan.kind) {
    case 'group_aggregate':
      return true;
    case 'window_aggregate':
      return plan.emit === 'changes';
    case 'view_scan':
      return plan.changelog;
    case 'scan':
      return false;
    case 'filter':
    case 'project':
    case 'window_tvf':
      return isChangelog(plan.input);
  }
}

/** Sources a plan reads directly and views it reads (for dependencies and DROP checks). */
export function planInputs(plan: LogicalPlan): { sources: string[]; views: string[] } {
  const sources: string[] = [];
  const views: string[] = [];
  const walk = (p: LogicalPlan): void => {
    if (p.kind === 'scan') sources.push(p.source);
    else if (p.kind === 'view_scan') views.push(p.view);
    else walk(p.input);
  };
  walk(plan);
  return { sources, views };
}
