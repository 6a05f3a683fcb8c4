/**
 * Operator specs of ranking (Top-N, dedup) and OVER aggregation nodes: their keys compiled once, and
 * the text EXPLAIN prints.
 */
import { boundToString } from '../parser/bind-expr.js';
import { isChangelog, type Column } from '../parser/logical-plan.js';
import type { OverAggregateNode, OverCall, OverFrame, RankNode, SortKey } from '../parser/plan-rank-over.js';
import { compileExpr } from './compile-expr.js';
import type { OperatorSpec, RowFn } from './compile.js';

export interface RankSpec {
  readonly kind: 'rank';
  readonly fn: RankNode['fn'];
  /** The input retracts rows: every row of the input table is kept (retract-topn.ts). */
  readonly retract: boolean;
  readonly partition: RowFn[];
  readonly order: readonly SortKey[];
  readonly from: number;
  readonly to: number;
  readonly strategy: RankNode['strategy'];
  readonly window: RankNode['window'];
  readonly outputRank: boolean;
  /** Ordered by arrival (RankNode.arrival): 'first' (ASC) or 'last' (DESC) first; null: by the order keys. */
  readonly arrival: 'first' | 'last' | null;
  readonly text: string;
}

export interface OverAggregateSpec {
  readonly kind: 'over_aggregate';
  readonly partition: RowFn[];
  readonly timeCol: number;
  readonly frame: OverFrame;
  readonly calls: readonly OverCall[];
  readonly inputWidth: number;
  /** ORDER BY a value column (non-time OVER, value-over-aggregate.ts), else null. */
  readonly byValue: SortKey | null;
  /** ORDER BY the processing-time attribute: rows go out as they arrive (over-aggregate.ts). */
  readonly arrival: boolean;
  readonly text: string;
}

export function rankOrOverSpec(p: RankNode | OverAggregateNode, id: string): OperatorSpec {
  const partition = p.partition.map((e) => compileExpr(e));
  const keys = `partition=[${p.partition.map(boundToString).join(', ')}]`;
  if (p.kind === 'over_aggregate') {
    const calls = p.calls.map((c) => (c.kind === 'agg' ? c.agg.text : c.text)).join(', ');
    const dir = p.byValue ? ` ${p.byValue.desc ? 'DESC' : 'ASC'} NULLS ${p.byValue.nullsFirst ? 'FIRST' : 'LAST'}` : '';
    const arrival = p.arrival === true;
    const text = `${keys} order=[${colName(p.inputs[0].schema, p.timeCol)}${dir}${arrival ? ' (by arrival)' : ''}] ${frameText(p.frame)} calls=[${calls}]`;
    return { kind: 'over_aggregate', id, partition, timeCol: p.timeCol, frame: p.frame, calls: p.calls, inputWidth: p.inputs[0].schema.length, byValue: p.byValue ?? null, arrival, text };
  }
  const order = p.order.map((k) => `${colName(p.inputs[0].schema, k.index)} ${k.desc ? 'DESC' : 'ASC'}`).join(', ');
  const rn = p.fn === 'row_number' ? 'rn' : `${p.fn.toUpperCase()}()`;
  const range = p.from === p.to ? `${rn} = ${p.from}` : p.from === 1 ? `${rn} <= ${p.to}` : `${rn} BETWEEN ${p.from} AND ${p.to}`;
  const arrival = p.arrival ? (p.order[0]!.desc ? 'last' : 'first') : null;
  const byArrival = arrival === null ? '' : ` (by arrival: ${arrival === 'first' ? 'earliest' : 'latest'} first)`;
  const text = `${keys} order=[${order}]${byArrival} ${range}${p.outputRank ? '' : ` (${rn === 'rn' ? 'rn' : 'rank'} not emitted)`}`;
  return { kind: 'rank', id, fn: p.fn, retract: isChangelog(p.inputs[0]), partition, order: p.order, from: p.from, to: p.to, strategy: p.strategy, window: p.window, outputRank: p.outputRank, arrival, text };
}

function colName(schema: readonly Column[], i: number): string {
  return schema[i]?.name ?? `#${i}`;
}

export function frameText(f: OverFrame): string {
  const unit = f.unit.toUpperCase();
  if (f.preceding === null) return `${unit} BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW`;
  return f.unit === 'rows' ? `ROWS BETWEEN ${f.preceding} PRECEDING AND CURRENT ROW` : `RANGE BETWEEN ${f.preceding} ms PRECEDING AND CURRENT ROW`;
}
