/**
 * EXPLAIN: the operator pipeline as indented text, sink at the top, input at the bottom, with the
 * watermark column and whether each operator's state is bounded.
 *
 *   View hot (append, final rows)  columns: auction, window_start, window_end, bids
 *     Project [auction, window_start, window_end, bids := COUNT(*)]                 state: none
 *       HopAggregate HOP(ts, slide 2 s, size 10 s) keys=[auction] ...             state: bounded ...
 *         Filter where price > 0                                                  state: none
 *           Source bids  event time: ts, watermark: ts - INTERVAL '5' SECOND
 */
import type { Pipeline, OperatorSpec } from './compile.js';
import { assertNever } from '../util/assert.js';

export interface InputInfo {
  readonly kind: 'source' | 'view';
  readonly name: string;
  readonly rowtime?: string;
  readonly watermark?: string;
}

export function explainPipeline(name: string, p: Pipeline, input: InputInfo): string {
  const mode = p.changelog ? 'changelog: +I/-U/+U/-D' : 'append-only';
  const lines: string[] = [`View ${name || '(ad-hoc query)'} (${mode})  columns: ${p.schema.map((c) => c.name).join(', ')}`];
  const ops = [...p.operators].reverse();
  let depth = 1;
  for (const op of ops) {
    const { label, state } = describe(op);
    lines.push(`${'  '.repeat(depth)}${label}${state ? `    [state: ${state}]` : ''}`);
    depth++;
  }
  const src =
    input.kind === 'source'
      ? `Source ${input.name}` +
        (input.rowtime ? `  event time: ${input.rowtime}, watermark: ${input.watermark ?? input.rowtime}` : '  (no event time: windows unavailable)')
      : `View ${input.name}  (its output stream and watermark)`;
  lines.push(`${'  '.repeat(depth)}${src}`);
  return lines.join('\n');
}

function describe(op: OperatorSpec): { label: string; state: string } {
  switch (op.kind) {
    case 'filter_project': {
      const parts: string[] = [];
      if (op.text.predicate !== undefined) parts.push(`where ${op.text.predicate}`);
      if (op.text.projections) parts.push(`[${op.text.projections.join(', ')}]`);
      const name = op.predicate && op.projections ? 'FilterProject' : op.predicate ? 'Filter' : 'Project';
      return { label: `${name} ${parts.join(' ')}`, state: 'none' };
    }
    case 'window_assign':
      return { label: `WindowAssign ${op.text}`, state: 'none' };
    case 'window_aggregate': {
      const name = op.window.kind === 'tumble' ? 'TumbleAggregate' : 'HopAggregate';
      const panes = op.window.kind === 'hop' ? `, panes of ${op.window.slideMs} ms` : '';
      return {
        label: `${name} ${op.text} emit=${op.emitChanges ? 'changes' : 'final'}`,
        state: `bounded (windows purged once the watermark passes window_end${panes})`,
      };
    }
    case 'group_aggregate':
      return { label: `GroupAggregate ${op.text}`, state: 'unbounded (one entry per group key)' };
    default:
      return assertNever(op);
  }
}
