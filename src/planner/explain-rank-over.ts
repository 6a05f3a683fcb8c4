/** EXPLAIN lines of ranking (Top-N, dedup) and OVER aggregation operators. */
import type { OverAggregateSpec, RankSpec } from './compile-rank-over.js';

export function describeRankOver(op: RankSpec | OverAggregateSpec): { label: string; state: string } {
  if (op.kind === 'over_aggregate') {
    const bounded = op.frame.preceding !== null;
    return {
      label: `OverAggregate ${op.text}`,
      state: bounded
        ? 'per key: rows waiting for the watermark and the rows of the frame'
        : 'per key: rows waiting for the watermark and one accumulator row',
    };
  }
  const name = op.strategy === 'topn' ? (op.window ? 'WindowTopN' : 'TopN') : op.window ? 'WindowDeduplicate' : 'Deduplicate';
  const keep = op.strategy === 'keep_first' ? ' keep first' : op.strategy === 'keep_last' ? ' keep last' : '';
  if (op.window) {
    return { label: `${name}${keep} ${op.text}`, state: `bounded (${rows(op.to)} per window and partition, purged when the window fires)` };
  }
  if (op.strategy === 'keep_first') {
    return { label: `${name}${keep} ${op.text}`, state: 'unbounded (per key: the first row until the watermark passes it, then a marker)' };
  }
  return { label: `${name}${keep} ${op.text}`, state: `unbounded (${rows(op.to)} per partition key)` };
}

const rows = (n: number): string => (n === 1 ? 'one row' : `at most ${n} rows`);
