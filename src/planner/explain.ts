/**
 * EXPLAIN: the physical plan as an indented tree, the sink at the top and the leaves (sources, views)
 * at the bottom. Each operator line carries the node's properties, read from the one place they are
 * computed (`planProperties`): what it emits (append-only or a changelog, with its upsert key), its
 * own state (none, bounded, unbounded) and the column that carries event time. A node read by several
 * nodes of the DAG is printed once and referenced as `(shared: <id>)` after; a node the running engine
 * already runs for other views is marked `shared with view ...`.
 *
 *   View hot (append-only)  columns: auction, window_start, window_end, bids
 *     Project [auction, window_start, window_end, bids := COUNT(*)]    [emits: append-only; state: none]
 *       HopAggregate HOP(ts, slide 2 s, size 10 s) keys=[auction] ...   [emits: append-only, key (auction, ...); state: bounded ...]
 *         Filter where price > 0                                         [emits: append-only; state: none; event time: ts]
 *           Source bids  event time: ts, watermark: ts - INTERVAL '5' SECOND
 */
import type { Column, PlanProperties, WindowSpec } from '../parser/logical-plan.js';
import { formatMs } from '../parser/bind-window.js';
import { assertNever } from '../util/assert.js';
import type { LeafRef, OperatorSpec, PhysicalNode, Pipeline } from './compile.js';
import { describeRankOver } from './explain-rank-over.js';

export interface InputInfo {
  readonly kind: 'source' | 'view' | 'values';
  readonly name: string;
  readonly rowtime?: string;
  readonly watermark?: string;
  /** The PROCTIME() column (processing-time attribute). */
  readonly proctime?: string;
  /** A changelog table's PRIMARY KEY columns. */
  readonly primaryKey?: readonly string[];
  /** Constant rows: how many. */
  readonly rows?: number;
}

export interface ExplainContext {
  /** What EXPLAIN says about a leaf (event time, watermark). */
  input(leaf: LeafRef): InputInfo;
  /** Views that already run this node (the engine shares identical stateless nodes). */
  sharedWith?(node: PhysicalNode): readonly string[];
}

export function explainPipeline(name: string, p: Pipeline, ctx: ExplainContext): string {
  const mode = p.changelog ? 'changelog: +I/-U/+U/-D' : 'append-only';
  const lines: string[] = [`View ${name || '(ad-hoc query)'} (${mode})  columns: ${p.schema.map((c) => c.name).join(', ')}`];
  const readers = new Map<number, number>();
  for (const n of p.nodes) for (const i of n.inputs) readers.set(i, (readers.get(i) ?? 0) + 1);
  const printed = new Set<number>();
  const visit = (i: number, depth: number): void => {
    const node = p.nodes[i]!;
    const pad = '  '.repeat(depth);
    if (printed.has(i)) {
      lines.push(`${pad}(shared: ${node.id})`);
      return;
    }
    printed.add(i);
    const marks: string[] = [];
    if ((readers.get(i) ?? 0) > 1) marks.push(`shared: ${node.id}`);
    const views = ctx.sharedWith?.(node) ?? [];
    if (views.length > 0) marks.push(`shared with view ${views.join(', ')}`);
    const suffix = marks.length > 0 ? `  (${marks.join('; ')})` : '';
    if (node.leaf) {
      lines.push(`${pad}${leafLine(ctx.input(node.leaf))}${suffix}`);
      return;
    }
    const { label, state } = describe(node.op!);
    lines.push(`${pad}${label}    [${propsText(node.props, node.schema, state)}]${suffix}`);
    for (const k of node.inputs) visit(k, depth + 1);
  };
  visit(p.nodes.length - 1, 1);
  return lines.join('\n');
}

function leafLine(input: InputInfo): string {
  const changelog = input.primaryKey ? `  changelog table, upsert key (${input.primaryKey.join(', ')})` : '';
  if (input.kind === 'values') return `Values ${input.rows ?? 0} row${input.rows === 1 ? '' : 's'}  (bounded: emitted once, then the watermark ends)`;
  return input.kind === 'source'
    ? `Source ${input.name}${changelog}` +
        (input.rowtime ? `  event time: ${input.rowtime}, watermark: ${input.watermark ?? input.rowtime}` : '  (no event time: windows unavailable)') +
        (input.proctime ? `  processing time: ${input.proctime}` : '')
    : `View ${input.name}  (its output stream and watermark)`;
}

function propsText(props: PlanProperties, schema: readonly Column[], state: string): string {
  const key = props.upsertKey ? `, key (${props.upsertKey.map((i) => schema[i]?.name ?? `#${i}`).join(', ')})` : '';
  const emits = `emits: ${props.emission === 'append' ? 'append-only' : 'changelog'}${key}`;
  const time = props.watermark !== null ? `; event time: ${schema[props.watermark]?.name}` : '';
  return `${emits}; state: ${state}${time}`;
}

function describe(op: OperatorSpec): { label: string; state: string } {
  switch (op.kind) {
    case 'filter_project': {
      const parts: string[] = [];
      if (op.text.predicate !== undefined) parts.push(`where ${op.text.predicate}`);
      if (op.text.projections) parts.push(`[${op.text.projections.join(', ')}]`);
      const filters = op.text.predicate !== undefined;
      const name = filters && op.text.projections ? 'FilterProject' : filters ? 'Filter' : 'Project';
      return { label: `${name} ${parts.join(' ')}`, state: 'none' };
    }
    case 'window_assign':
      return { label: `WindowAssign ${op.text}`, state: 'none' };
    case 'proctime_clock':
      return { label: `ProcTimeClock ${op.text} (watermark: processing time; windows fire on the engine's clock)`, state: 'none (its watermark)' };
    case 'unnest':
      return { label: `Unnest ${op.text}`, state: 'none' };
    case 'window_aggregate': {
      const { name, panes } = windowAggregateName(op.window);
      return {
        label: `${name} ${op.text} emit=${op.emitChanges ? 'changes' : 'final'}${op.emitIntervalMs === null ? '' : ` every ${formatMs(op.emitIntervalMs)} of event time`}`,
        state: `bounded (windows purged once the watermark passes window_end${panes})`,
      };
    }
    case 'group_aggregate':
      return {
        label: `GroupAggregate ${op.text}`,
        state:
          op.keys.length === 0
            ? 'bounded (one row)'
            : op.ttlMs === null
              ? 'unbounded (one entry per group key)'
              : `bounded by state.ttl (a group is forgotten ${formatMs(op.ttlMs)} of processing time after its last change)`,
      };
    case 'changelog_normalize':
      if (op.wholeRow) {
        return {
          label: `ChangelogMatch ${op.text} (a -U/-D retracts an earlier equal row; one that matches none is dropped)`,
          state: op.ttlMs === null ? 'unbounded (a count per distinct live row)' : `bounded by state.ttl (a row is forgotten ${formatMs(op.ttlMs)} of processing time after its last change)`,
        };
      }
      return {
        label: `ChangelogNormalize ${op.text} (upserts and deletes by key → +I/-U/+U/-D)`,
        state: op.ttlMs === null ? 'unbounded (the last row of every key)' : `bounded by state.ttl (a key's row is forgotten ${formatMs(op.ttlMs)} of processing time after its last change)`,
      };
    case 'rank':
    case 'over_aggregate':
      return describeRankOver(op);
    case 'union':
      return { label: `UnionAll ${op.text} (watermark: the minimum of its inputs)`, state: 'none' };
    case 'multiset':
      return {
        label: `Multiset ${op.text} (copies of each row: ${op.op === 'intersect' ? 'min(left, right)' : 'max(left − right, 0)'})`,
        state: op.ttlMs === null ? 'unbounded (two counts per distinct row)' : `bounded by state.ttl (a row is forgotten ${formatMs(op.ttlMs)} of processing time after its last change)`,
      };
    case 'join':
      switch (op.strategy.kind) {
        case 'window':
          return { label: `WindowJoin ${op.text}`, state: 'bounded (rows kept until their window closes on the minimum watermark of both inputs)' };
        case 'interval':
          return { label: `IntervalJoin ${op.text}`, state: 'bounded (a row expires once the watermark passes the last time a row of the other side could match it)' };
        case 'temporal':
          if (op.strategy.arrival) return { label: `ProcTimeTemporalJoin ${op.text}`, state: "unbounded (the latest row of each key of the right input)" };
          return {
            label: `TemporalJoin ${op.text}`,
            state: 'bounded (left rows until the watermark passes them; per key, the versions from the last one at or before the watermark on)',
          };
        case 'regular':
          return {
            label: `Join ${op.text}`,
            state:
              op.strategy.ttlMs === null
                ? 'unbounded (every row of both inputs is kept)'
                : `bounded by state.ttl (a key's rows are forgotten ${formatMs(op.strategy.ttlMs)} of processing time after their last change)`,
          };
        default:
          return assertNever(op.strategy);
      }
    default:
      return assertNever(op);
  }
}

function windowAggregateName(w: WindowSpec): { name: string; panes: string } {
  switch (w.kind) {
    case 'tumble':
      return { name: 'TumbleAggregate', panes: '' };
    case 'hop':
      return { name: 'HopAggregate', panes: `, panes of ${w.slideMs} ms` };
    case 'cumulate':
      return { name: 'CumulateAggregate', panes: `, panes of ${w.stepMs} ms merged into their cycle as each step fires` };
    case 'session':
      return { name: 'SessionAggregate', panes: ', open sessions only, per key' };
    default:
      return assertNever(w);
  }
}
