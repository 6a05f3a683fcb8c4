/** EXPLAIN lines of ranking (Top-N, dedup) and OVER aggregation operators. */
import type { OverAggregateSpec, RankSpec } from './compile-rank-over.js';

export function describeRankOver(op: RankSpec | OverAggregateSpec): { label: string; state: string } {
  if (op.kind === 'over_aggregate') {
    if (op.byValue !== null) {
      return {
        label: `ValueOverAggregate ${op.text} (each change updates the rows ordered after it: -U/+U)`,
        state: 'unbounded (per key: every row, in ORDER BY order, with its last results)',
      };
    }
    const bounded = op.frame.preceding !== null;
    if (op.arrival) {
      return {
        label: `OverAggregate ${op.text}`,
        state: !bounded
          ? 'per key: one accumulator row'
          : op.frame.unit === 'range'
            ? 'per key: the rows of the frame, dropped once the stamped time is 1.5 frames past the key\'s last row'
            : 'per key: the rows of the frame',
      };
    }
    return {
      label: `OverAggregate ${op.text}`,
      state: !bounded
        ? 'per key: rows waiting for the watermark and one accumulator row'
        : op.frame.unit === 'range'
          ? 'per key: rows waiting for the watermark and the rows of the frame, dropped once the watermark is 1.5 frames past the key\'s last row'
          : 'per key: rows waiting for the watermark and the rows of the frame',
    };
  }
  const name = op.strategy === 'topn' ? (op.window ? 'WindowTopN' : 'TopN') : op.window ? 'WindowDeduplicate' : 'Deduplicate';
  const keep = op.strategy === 'keep_first' ? ' keep first' : op.strategy === 'keep_last' ? ' keep last' : '';
  if (op.window) {
    return { label: `${name}${keep} ${op.text}`, state: `bounded (${rows(op)} per window and partition, purged when the window fires)` };
  }
  if (op.retract) {
    return { label: `Retract${name}${keep} ${op.text}`, state: 'unbounded (per partition key: every row of the input changelog, to rank again after a retraction)' };
  }
  return { label: `${name}${keep} ${op.text}`, state: `unbounded (${rows(op)} per partition key)` };
}

// RANK / DENSE_RANK keep all peers of the last rank in range: more than `to` rows when there are ties.
const rows = (op: RankSpec): string =>
  op.fn !== 'row_number' ? `the rows of rank <= ${op.to}` : op.to === 1 ? 'one row' : `at most ${op.to} rows`;
