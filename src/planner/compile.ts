/**
 * Logical plan → physical plan: a DAG of operator nodes the executor instantiates. Rewrites first
 * (filter pushdown, projection merging), then one operator per remaining node, fusing a filter into the
 * projection above it and a HAVING filter into the group aggregation below it. Row expressions are
 * compiled once, here.
 *
 *   leaf (source | view) ─► node ─► node ─► ... ─► root ─► view sink
 *                                  ▲
 *   leaf ──────────────────────────┘   (a node has inputs 0..n; today's operators have one)
 *
 * Every node carries its output schema, its inputs' schemas (late rows are recorded with the schema of
 * the input they arrived on) and its properties (planProperties: emission, upsert key, state,
 * watermark, partitioning).
 */
import type { BoundExpr } from '../parser/bound-expr.js';
import { boundToString } from '../parser/bind-expr.js';
import { formatMs, windowToString } from '../parser/bind-window.js';
import type { Column, LogicalPlan, PlanProperties } from '../parser/logical-plan.js';
import { isChangelog, planProperties } from '../parser/logical-plan.js';
import type { AggCall, JoinStrategy, JoinType, WindowSpec } from '../parser/logical-plan.js';
import { fieldsOf } from '../parser/types.js';
import { compileExpr, compilePredicate } from './compile-expr.js';
import { compileFilterProject, type FilterProjectBatch } from './compile-batch.js';
import { aggSteps, inputChecks, type CheckStep, type RowCheck } from './row-checks.js';
import { mergeProjects } from './rules/merge-projects.js';
import { pushFilters } from './rules/push-filters.js';
import { isIdentity } from './rules/substitute.js';
import { canonical, childPath, nodeId, planFingerprint } from './identity.js';
import { rankOrOverSpec, type OverAggregateSpec, type RankSpec } from './compile-rank-over.js';

export interface LeafRef {
  /** 'values': constant rows the view feeds itself when it starts (never shared). */
  readonly kind: 'source' | 'view' | 'values';
  /** The source or view the rows come from (for a shared node: the one under it); 'VALUES' for constant rows. */
  readonly name: string;
  /** Set by the runtime when the leaf reads a node shared with other views (its key). */
  readonly shared?: string;
  /** kind 'values': the rows, computed when the plan is compiled. */
  readonly rows?: readonly (readonly unknown[])[];
}

/** One node of the physical DAG. Leaves read a source or a view; the others run an operator. */
export interface PhysicalNode {
  /** Path + kind in the optimized plan (identity.ts): state is stored under it. */
  readonly id: string;
  readonly op: OperatorSpec | null;
  readonly leaf: LeafRef | null;
  /** Indexes into `Pipeline.nodes` of this node's inputs, in input order. */
  readonly inputs: readonly number[];
  readonly schema: readonly Column[];
  readonly props: PlanProperties;
  /** Canonical text of the subtree (this node and everything under it): equal texts compute equal rows. */
  readonly key: string;
}

export interface Pipeline {
  /** Topologically ordered: every node comes after its inputs; the root is last. */
  readonly nodes: readonly PhysicalNode[];
  /** The first leaf (every plan has at least one). */
  readonly input: LeafRef;
  /** Operator nodes' specs in `nodes` order (what the runtime instantiates and checkpoints). */
  readonly operators: OperatorSpec[];
  readonly schema: readonly Column[];
  readonly changelog: boolean;
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
  | { readonly kind: 'filter_project'; readonly run: FilterProjectBatch; readonly text: { predicate?: string; projections?: string[] } }
  | { readonly kind: 'window_assign'; readonly window: WindowSpec; readonly text: string }
  /** Watermarks from a PROCTIME() column and the engine's clock, for a window over processing time. */
  | { readonly kind: 'proctime_clock'; readonly timeCol: number; readonly text: string }
  | {
      readonly kind: 'unnest';
      readonly collection: RowFn;
      readonly isMap: boolean;
      /** An ARRAY of ROWs: its elements' number of fields, each a column of the output; else 0. */
      readonly rowFields: number;
      readonly ordinality: boolean;
      readonly outer: boolean;
      readonly text: string;
    }
  | {
      readonly kind: 'window_aggregate';
      readonly window: WindowSpec;
      readonly keys: readonly BoundExpr[];
      readonly aggs: readonly AggCall[];
      readonly emitChanges: boolean;
      /** EMIT CHANGES coalesced per this many ms of event time ('emit.interval'); null: every update. */
      readonly emitIntervalMs: number | null;
      /** The input is a changelog (TUMBLE, EMIT FINAL only): -U/-D rows retract from their window. */
      readonly retractable: boolean;
      readonly text: string;
    }
  | {
      readonly kind: 'group_aggregate';
      readonly keys: readonly BoundExpr[];
      readonly aggs: readonly AggCall[];
      readonly retractable: boolean;
      readonly having: RowPredicate | null;
      /** state.ttl in ms of processing time, or null. */
      readonly ttlMs: number | null;
      readonly text: string;
    }
  | { readonly kind: 'union'; readonly inputs: number; readonly text: string }
  /** INTERSECT ALL / EXCEPT ALL (two inputs: 0 = left, 1 = right): see operators/multiset.ts. */
  | { readonly kind: 'multiset'; readonly op: 'intersect' | 'except'; readonly ttlMs: number | null; readonly text: string }
  /** A changelog table's input (upserts and deletes by key) made a changelog: see changelog-normalize.ts. */
  | {
      readonly kind: 'changelog_normalize';
      readonly key: readonly number[];
      readonly ttlMs: number | null;
      readonly text: string;
      /** A table without a key: retractions match earlier equal rows, counted (changelog-match.ts). */
      readonly wholeRow?: true;
    }
  | {
      /** Two inputs: 0 = left, 1 = right. Keys are compiled over each side's own row, the residual over the joined row. */
      readonly kind: 'join';
      readonly type: JoinType;
      readonly strategy: JoinStrategy;
      readonly leftKeys: RowFn[];
      readonly rightKeys: RowFn[];
      readonly nullSafe: readonly boolean[];
      readonly residual: RowPredicate | null;
      readonly leftWidth: number;
      readonly rightWidth: number;
      /** The output carries retractions (-D): an outer regular join, or one over a changelog. */
      readonly changelog: boolean;
      readonly text: string;
    }
  | RankSpec
  | OverAggregateSpec
) & {
  readonly id: string;
  /**
   * Per input, what rejects a row before the operator sees it (a CAST of text that does not convert,
   * row-checks.ts); absent when no input has one. The runtime applies it (runtime/input-checks.ts).
   */
  readonly checks?: readonly (RowCheck | null)[];
};

export function optimize(plan: LogicalPlan): LogicalPlan {
  return mergeProjects(pushFilters(plan));
}

export function compilePlan(logical: LogicalPlan, schema: readonly Column[]): Pipeline {
  const plan = optimize(logical);
  const nodes: PhysicalNode[] = [];
  const add = (p: LogicalPlan, id: string, op: OperatorSpec | null, leaf: LeafRef | null, inputs: number[], key = canonical(p), steps: readonly (readonly CheckStep[])[] = []): number => {
    const checks = inputChecks(steps);
    nodes.push({ id, op: op !== null && checks !== null ? { ...op, checks } : op, leaf, inputs, schema: p.schema, props: planProperties(p), key });
    return nodes.length - 1;
  };

  /**
   * Below a window over processing time: the ProcTimeClock that gives its input watermarks from the rows'
   * PROCTIME() values and the engine's clock (operators/proctime-clock.ts). Other windows read `input` as it is.
   */
  const procTimeClock = (timeCol: number, below: LogicalPlan, input: number, path: string, kind = 'proctime_clock'): number => {
    const id = nodeId(path, kind);
    const col = below.schema[timeCol]?.name ?? `#${timeCol}`;
    return add(below, id, { kind: 'proctime_clock', id, timeCol, text: col }, null, [input], `proctime_clock ${canonical(below)}`);
  };
  const windowClock = (window: WindowSpec, below: LogicalPlan, input: number, path: string): number =>
    window.proctime === true ? procTimeClock(window.timeCol, below, input, path) : input;

  /** Adds the nodes computing `p` (at `path` in the plan) and returns the index of the one producing it. */
  const build = (p: LogicalPlan, path: string): number => {
    const at = childPath(path, 0);
    switch (p.kind) {
      case 'scan': {
        const leaf = add(p, nodeId(path, 'scan'), null, { kind: 'source', name: p.source }, []);
        const ttlMs = p.ttlMs ?? null;
        if (p.retractions) {
          const id = nodeId(path, 'changelog_normalize');
          const text = 'whole row' + (ttlMs === null ? '' : `, state.ttl ${formatMs(ttlMs)}`);
          return add(p, id, { kind: 'changelog_normalize', id, key: p.schema.map((_, i) => i), ttlMs, text, wholeRow: true }, null, [leaf]);
        }
        if (!p.upsertKey) return leaf;
        const id = nodeId(path, 'changelog_normalize');
        const text = `key=[${p.upsertKey.map((i) => p.schema[i]?.name ?? `#${i}`).join(', ')}]` + (ttlMs === null ? '' : `, state.ttl ${formatMs(ttlMs)}`);
        return add(p, id, { kind: 'changelog_normalize', id, key: p.upsertKey, ttlMs, text }, null, [leaf]);
      }
      case 'view_scan':
        return add(p, nodeId(path, 'view_scan'), null, { kind: 'view', name: p.view }, []);
      case 'values': {
        const rows = p.rows.map((row) => row.map((e) => compileExpr(e)([])));
        return add(p, nodeId(path, 'values'), null, { kind: 'values', name: 'VALUES', rows }, []);
      }
      case 'filter': {
        if (p.inputs[0].kind === 'group_aggregate') return buildGroup(p.inputs[0], p.predicate, at, p);
        const input = build(p.inputs[0], at);
        const id = nodeId(path, 'filter_project');
        return add(p, id, { kind: 'filter_project', id, run: compileFilterProject(p.predicate, null), text: { predicate: boundToString(p.predicate) } }, null, [input], undefined, [[{ exprs: [p.predicate] }]]);
      }
      case 'project': {
        const inner = p.inputs[0];
        const id = nodeId(path, 'filter_project');
        if (inner.kind === 'filter' && inner.inputs[0].kind !== 'group_aggregate') {
          const input = build(inner.inputs[0], childPath(at, 0));
          return add(p, id, {
            kind: 'filter_project',
            id,
            run: compileFilterProject(inner.predicate, p.exprs),
            text: { predicate: boundToString(inner.predicate), projections: projText(p.exprs, p.schema) },
          }, null, [input], undefined, [[{ when: inner.predicate, exprs: p.exprs }]]);
        }
        const input = build(inner, at);
        if (isIdentity(p.exprs, inner.schema.length)) return input;
        return add(p, id, { kind: 'filter_project', id, run: compileFilterProject(null, p.exprs), text: { projections: projText(p.exprs, p.schema) } }, null, [input], undefined, [[{ exprs: p.exprs }]]);
      }
      case 'window_tvf': {
        const input = windowClock(p.window, p.inputs[0], build(p.inputs[0], at), path);
        const id = nodeId(path, 'window_assign');
        return add(p, id, { kind: 'window_assign', id, window: p.window, text: windowToString(p.window, p.inputs[0].schema) }, null, [input]);
      }
      case 'unnest': {
        const input = build(p.inputs[0], at);
        const id = nodeId(path, 'unnest');
        const text = `${p.outer ? 'LEFT ' : ''}${boundToString(p.expr)}${p.ordinality ? ' WITH ORDINALITY' : ''}`;
        const element = p.expr.type.name === 'ARRAY' ? p.expr.type.element : undefined;
        const rowFields = element?.name === 'ROW' ? fieldsOf(element).length : 0;
        const spec = { kind: 'unnest' as const, id, collection: compileExpr(p.expr), isMap: p.expr.type.name === 'MAP', rowFields, ordinality: p.ordinality, outer: p.outer, text };
        return add(p, id, spec, null, [input]);
      }
      case 'window_aggregate': {
        const input = windowClock(p.window, p.inputs[0], build(p.inputs[0], at), path);
        const id = nodeId(path, 'window_aggregate');
        const text = `${windowToString(p.window, p.inputs[0].schema)} keys=[${p.keys.map(boundToString).join(', ')}] aggs=[${p.aggs.map((a) => a.text).join(', ')}]`;
        return add(p, id, { kind: 'window_aggregate', id, window: p.window, keys: p.keys, aggs: p.aggs, emitChanges: p.emit === 'changes', emitIntervalMs: p.emitIntervalMs ?? null, retractable: isChangelog(p.inputs[0]), text }, null, [input], undefined, [[{ exprs: p.keys }, ...aggSteps(p.aggs)]]);
      }
      case 'group_aggregate':
        return buildGroup(p, null, path, p);
      case 'rank':
      case 'over_aggregate': {
        const input = build(p.inputs[0], at);
        const spec = rankOrOverSpec(p, nodeId(path, p.kind));
        const calls = p.kind === 'over_aggregate' ? p.calls.flatMap((c) => (c.kind === 'agg' ? aggSteps([c.agg]) : c.kind === 'lag' ? [{ exprs: [c.arg, c.default] }] : [])) : [];
        return add(p, spec.id, spec, null, [input], undefined, [[{ exprs: p.partition }, ...calls]]);
      }
      case 'union': {
        const inputs = p.inputs.map((q, i) => build(q, childPath(path, i)));
        const id = nodeId(path, 'union');
        return add(p, id, { kind: 'union', id, inputs: inputs.length, text: `${inputs.length} inputs` }, null, inputs);
      }
      case 'multiset': {
        const left = build(p.inputs[0], childPath(path, 0));
        const right = build(p.inputs[1], childPath(path, 1));
        const id = nodeId(path, 'multiset');
        const ttlMs = p.ttlMs ?? null;
        const text = `${p.op.toUpperCase()} ALL` + (ttlMs === null ? '' : `, state.ttl ${formatMs(ttlMs)}`);
        return add(p, id, { kind: 'multiset', id, op: p.op, ttlMs, text }, null, [left, right]);
      }
      case 'join': {
        const rightPath = childPath(path, 1);
        let left = build(p.inputs[0], childPath(path, 0));
        let right = p.strategy.kind === 'temporal' ? buildVersions(p.inputs[1], rightPath) : build(p.inputs[1], rightPath);
        if (p.strategy.kind === 'interval' && p.strategy.proctime === true) {
          left = procTimeClock(p.strategy.leftTime, p.inputs[0], left, path, 'proctime_clock_left');
          right = procTimeClock(p.strategy.rightTime, p.inputs[1], right, path, 'proctime_clock_right');
        }
        const id = nodeId(path, 'join');
        const spec: OperatorSpec = {
          kind: 'join',
          id,
          type: p.type,
          strategy: p.strategy,
          leftKeys: p.leftKeys.map((e) => compileExpr(e)),
          rightKeys: p.rightKeys.map((e) => compileExpr(e)),
          nullSafe: p.nullSafe,
          residual: p.residual ? compilePredicate(p.residual) : null,
          leftWidth: p.inputs[0].schema.length,
          rightWidth: p.inputs[1].schema.length,
          changelog: isChangelog(p),
          text: joinText(p),
        };
        return add(p, id, spec, null, [left, right], undefined, [[{ exprs: p.leftKeys }], [{ exprs: p.rightKeys }]]);
      }
    }
  };

  /**
   * The right input of a temporal join: a versioned relation (parser/versioned.ts) whose rows are read
   * as versions. A changelog table's rows come as they are, not normalized (each upsert a version at
   * its time, each delete a tombstone at its time); a projection of it is computed row by row over
   * them; a deduplication is built as any other node (its +I/+U rows are the versions).
   */
  const buildVersions = (p: LogicalPlan, path: string): number => {
    switch (p.kind) {
      case 'scan':
        return add(p, nodeId(path, 'scan'), null, { kind: 'source', name: p.source }, []);
      case 'project': {
        const input = buildVersions(p.inputs[0], childPath(path, 0));
        if (isIdentity(p.exprs, p.inputs[0].schema.length)) return input;
        const id = nodeId(path, 'filter_project');
        // Over the table's rows as they come, not the normalized changelog the same plan computes
        // elsewhere: a key of its own, so no view shares it with a projection of the normalized rows.
        const key = `versions ${canonical(p)}`;
        return add(p, id, { kind: 'filter_project', id, run: compileFilterProject(null, p.exprs), text: { projections: projText(p.exprs, p.schema) } }, null, [input], key, [[{ exprs: p.exprs }]]);
      }
      case 'rank':
        return build(p, path);
      default:
        throw new Error(`invariant: a temporal join reads a versioned relation, not a ${p.kind}`);
    }
  };

  /** `out` is the plan node the operator produces: the aggregate, or the HAVING filter fused into it. */
  const buildGroup = (p: Extract<LogicalPlan, { kind: 'group_aggregate' }>, having: BoundExpr | null, path: string, out: LogicalPlan): number => {
    const input = build(p.inputs[0], childPath(path, 0));
    const text =
      `keys=[${p.keys.map(boundToString).join(', ')}] aggs=[${p.aggs.map((a) => a.text).join(', ')}]` +
      (having ? ` having ${boundToString(having)}` : '') +
      (p.ttlMs === undefined ? '' : `, state.ttl ${formatMs(p.ttlMs)}`);
    const id = nodeId(path, 'group_aggregate');
    const ttlMs = p.ttlMs ?? null;
    const spec: OperatorSpec = { kind: 'group_aggregate', id, keys: p.keys, aggs: p.aggs, retractable: isChangelog(p.inputs[0]), having: having ? compilePredicate(having) : null, ttlMs, text };
    return add(out, id, spec, null, [input], undefined, [[{ exprs: p.keys }, ...aggSteps(p.aggs)]]);
  };

  build(plan, '');
  const operators = nodes.flatMap((n) => (n.op ? [n.op] : []));
  const input = nodes.find((n) => n.leaf !== null)!.leaf!;
  return { nodes, input, operators, schema, changelog: isChangelog(plan), plan, fingerprint: planFingerprint(plan) };
}

function joinText(p: Extract<LogicalPlan, { kind: 'join' }>): string {
  const keys = p.leftKeys.map((l, i) => `${boundToString(l)} ${p.nullSafe[i] ? 'IS NOT DISTINCT FROM' : '='} ${boundToString(p.rightKeys[i]!)}`);
  const s = p.strategy;
  const name = (cols: readonly Column[], i: number) => cols[i]?.name ?? `#${i}`;
  const how =
    s.kind === 'window'
      ? 'per window'
      : s.kind === 'interval'
        ? `${name(p.inputs[0].schema, s.leftTime)} - ${name(p.inputs[1].schema, s.rightTime)} in [${s.lower} ms, ${s.upper} ms]`
        : s.kind === 'temporal' && s.arrival
          ? 'as of processing time (each left row meets its key\'s latest version on arrival)'
          : s.kind === 'temporal'
          ? `as of ${name(p.inputs[0].schema, s.leftTime)}, versions by ${name(p.inputs[1].schema, s.rightTime)}`
          : s.ttlMs === null ? 'no time bound' : `no time bound, state.ttl ${formatMs(s.ttlMs)}`;
  return `${p.type.toUpperCase()} keys=[${keys.join(', ')}]${p.residual ? ` where ${boundToString(p.residual)}` : ''} ${how}`;
}

function projText(exprs: readonly BoundExpr[], schema: readonly Column[]): string[] {
  return exprs.map((e, i) => {
    const text = boundToString(e);
    const name = schema[i]?.name;
    return name === undefined || name === text ? text : `${name} := ${text}`;
  });
}
