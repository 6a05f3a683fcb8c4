/**
 * Logical plan → physical pipeline: a list of operator specs the executor instantiates. Rewrites first
 * (filter pushdown, projection merging), then one operator per remaining node, fusing a filter into the
 * projection above it and a HAVING filter into the group aggregation below it. Row expressions are
 * compiled once, here.
 *
 *   input (source | view) ─► op[0] ─► op[1] ─► ... ─► view sink
 */
import type { BoundExpr } from '../parser/bound-expr.js';
import { boundToString } from '../parser/bind-expr.js';
import { windowToString } from '../parser/bind-window.js';
import type { Column, LogicalPlan } from '../parser/logical-plan.js';
import { isChangelog } from '../parser/logical-plan.js';
import type { AggCall, WindowSpec } from '../parser/logical-plan.js';
import { compileExpr, compilePredicate } from './compile-expr.js';
import { mergeProjects } from './rules/merge-projects.js';
import { pushFilters } from './rules/push-filters.js';
import { isIdentity } from './rules/substitute.js';
import { childPath, nodeId, planFingerprint } from './identity.js';

export interface Pipeline {
  readonly input: { readonly kind: 'source' | 'view'; readonly name: string };
  /** In data-flow order: operators[0] reads the input. */
  readonly operators: OperatorSpec[];
  readonly schema: readonly Column[];
  readonly changelog: boolean;
  /** Schema of the rows a window operator reports as late (its input), when there is one. */
  readonly lateSchema: readonly Column[] | null;
  /** The optimized plan (for EXPLAIN). */
  readonly plan: LogicalPlan;
  /** Hash of the canonical optimized plan and the state format (what saved state must have been written by). */
  readonly fingerprint: string;
}

export type RowFn = (row: readonly unknown[]) => unknown;
export type RowPredicate = (row: readonly unknown[]) => boolean;

/**
 * What the executor builds an operator from; `text` is for EXPLAIN; `id` names the plan node it runs
 * (path + kind, see identity.ts), under which its state is stored.
 */
export type OperatorSpec = (
  | { readonly kind: 'filter_project'; readonly predicate: RowPredicate | null; readonly projections: RowFn[] | null; readonly text: { predicate?: string; projections?: string[] } }
  | { readonly kind: 'window_assign'; readonly window: WindowSpec; readonly text: string }
  | {
      readonly kind: 'window_aggregate';
      readonly window: WindowSpec;
      readonly keys: readonly BoundExpr[];
      readonly aggs: readonly AggCall[];
      readonly emitChanges: boolean;
      readonly text: string;
    }
  | {
      readonly kind: 'group_aggregate';
      readonly keys: readonly BoundExpr[];
      readonly aggs: readonly AggCall[];
      readonly retractable: boolean;
      readonly having: RowPredicate | null;
      readonly text: string;
    }
) & { readonly id: string };

export function optimize(plan: LogicalPlan): LogicalPlan {
  return mergeProjects(pushFilters(plan));
}

export function compilePlan(logical: LogicalPlan, schema: readonly Column[]): Pipeline {
  const plan = optimize(logical);
  const operators: OperatorSpec[] = [];
  let lateSchema: readonly Column[] | null = null;

  const build = (p: LogicalPlan, path: string): { kind: 'source' | 'view'; name: string } => {
    const at = childPath(path, 0);
    switch (p.kind) {
      case 'scan':
        return { kind: 'source', name: p.source };
      case 'view_scan':
        return { kind: 'view', name: p.view };
      case 'filter': {
        if (p.input.kind === 'group_aggregate') return buildGroup(p.input, p.predicate, at);
        const input = build(p.input, at);
        operators.push({ kind: 'filter_project', id: nodeId(path, 'filter_project'), predicate: compilePredicate(p.predicate), projections: null, text: { predicate: boundToString(p.predicate) } });
        return input;
      }
      case 'project': {
        const inner = p.input;
        if (inner.kind === 'filter' && inner.input.kind !== 'group_aggregate') {
          const input = build(inner.input, childPath(at, 0));
          operators.push({
            kind: 'filter_project',
            id: nodeId(path, 'filter_project'),
            predicate: compilePredicate(inner.predicate),
            projections: p.exprs.map((e) => compileExpr(e)),
            text: { predicate: boundToString(inner.predicate), projections: projText(p.exprs, p.schema) },
          });
          return input;
        }
        const input = build(inner, at);
        if (!isIdentity(p.exprs, inner.schema.length)) {
          operators.push({ kind: 'filter_project', id: nodeId(path, 'filter_project'), predicate: null, projections: p.exprs.map((e) => compileExpr(e)), text: { projections: projText(p.exprs, p.schema) } });
        }
        return input;
      }
      case 'window_tvf': {
        const input = build(p.input, at);
        operators.push({ kind: 'window_assign', id: nodeId(path, 'window_assign'), window: p.window, text: windowToString(p.window, p.input.schema) });
        return input;
      }
      case 'window_aggregate': {
        const input = build(p.input, at);
        lateSchema = p.input.schema;
        const text = `${windowToString(p.window, p.input.schema)} keys=[${p.keys.map(boundToString).join(', ')}] aggs=[${p.aggs.map((a) => a.text).join(', ')}]`;
        operators.push({ kind: 'window_aggregate', id: nodeId(path, 'window_aggregate'), window: p.window, keys: p.keys, aggs: p.aggs, emitChanges: p.emit === 'changes', text });
        return input;
      }
      case 'group_aggregate':
        return buildGroup(p, null, path);
    }
  };

  const buildGroup = (p: Extract<LogicalPlan, { kind: 'group_aggregate' }>, having: BoundExpr | null, path: string) => {
    const input = build(p.input, childPath(path, 0));
    const text =
      `keys=[${p.keys.map(boundToString).join(', ')}] aggs=[${p.aggs.map((a) => a.text).join(', ')}]` +
      (having ? ` having ${boundToString(having)}` : '');
    operators.push({
      kind: 'group_aggregate',
      id: nodeId(path, 'group_aggregate'),
      keys: p.keys,
      aggs: p.aggs,
      retractable: isChangelog(p.input),
      having: having ? compilePredicate(having) : null,
      text,
    });
    return input;
  };

  const input = build(plan, '');
  return { input, operators, schema, changelog: isChangelog(plan), lateSchema, plan, fingerprint: planFingerprint(plan) };
}

function projText(exprs: readonly BoundExpr[], schema: readonly Column[]): string[] {
  return exprs.map((e, i) => {
    const text = boundToString(e);
    const name = schema[i]?.name;
    return name === undefined || name === text ? text : `${name} := ${text}`;
  });
}
