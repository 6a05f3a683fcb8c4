/**
 * Plan nodes of ranking (ROW_NUMBER Top-N and deduplication) and OVER aggregation. Kept apart from
 * logical-plan.ts, which lists them in its union; their binders are bind-topn.ts and bind-over.ts.
 */
import type { BoundExpr } from './bound-expr.js';
import type { AggCall, Column, LogicalPlan } from './logical-plan.js';

/** One ORDER BY key of a window: a column of the input row. */
export interface SortKey {
  readonly index: number;
  readonly desc: boolean;
  /** Where NULLs go (Flink's default: first for ASC, last for DESC). */
  readonly nullsFirst: boolean;
}

/**
 * The ranking function: ROW_NUMBER numbers rows 1, 2, 3, ... (ties in arrival order); RANK gives peers
 * (equal ORDER BY keys) one rank and skips past them (1, 1, 3); DENSE_RANK does not skip (1, 1, 2).
 */
export type RankFn = 'row_number' | 'rank' | 'dense_rank';

/**
 * `ROW_NUMBER() | RANK() | DENSE_RANK() OVER (PARTITION BY ... ORDER BY ...) AS rn` filtered by `rn` in
 * an enclosing query.
 *   fn         the ranking function; with RANK/DENSE_RANK the range keeps every row whose rank is in it,
 *              so ties can make a partition hold more than `to` rows
 *   strategy   topn: rows `from`..`to` of each partition in sort order, ties to the earlier arrival;
 *              keep_first / keep_last: deduplication on the time attribute (rn = 1, ties to the
 *              earlier / the later arrival, as Flink's deduplicate operators)
 *   window     the input's window_start / window_end columns when the partition holds both: a window
 *              Top-N emits each window's rows once the window closes (append-only, bounded state);
 *              null: a Top-N over the whole stream, a changelog
 *   outputRank the row number is appended to the row (the enclosing query reads it)
 * Output row: [...input row, (rn)].
 */
export interface RankNode {
  readonly kind: 'rank';
  readonly inputs: readonly [LogicalPlan];
  readonly fn: RankFn;
  readonly partition: readonly BoundExpr[];
  readonly order: readonly SortKey[];
  readonly from: number;
  readonly to: number;
  readonly strategy: 'topn' | 'keep_first' | 'keep_last';
  readonly window: { readonly start: number; readonly end: number } | null;
  readonly outputRank: boolean;
  /**
   * Ordered by arrival: the first ORDER BY key is a processing-time attribute (PROCTIME()), so rows rank
   * in the order they arrive (ASC: earliest first; DESC: latest first) and no value is compared (Flink's
   * processing-time deduplication and Top-N). Ascending, nothing ranked ever changes: append-only.
   */
  readonly arrival?: true;
  readonly schema: readonly Column[];
}

/**
 * The frame of an OVER window, ordered by the time attribute:
 *   rows   the `preceding` rows before the current one (null: all of them) and the current row
 *   range  the rows whose time is within `preceding` ms before the current row's, inclusive, and the
 *          current row's peers (null: all rows up to the current row's time)
 */
export interface OverFrame {
  readonly unit: 'rows' | 'range';
  readonly preceding: number | null;
}

/**
 * An OVER call: an aggregate over the frame, LAG(x, n, default) over the partition's earlier rows, or a
 * ranking function over the partition so far (ROW_NUMBER counts the rows, RANK and DENSE_RANK give peers —
 * rows of one ORDER BY value — one rank; the frame does not matter to them).
 */
export type OverCall =
  | { readonly kind: 'agg'; readonly agg: AggCall }
  | { readonly kind: 'lag'; readonly arg: BoundExpr; readonly offset: number; readonly default: BoundExpr | null; readonly type: Column['type']; readonly text: string }
  | { readonly kind: 'rank'; readonly fn: 'row_number' | 'rank' | 'dense_rank'; readonly type: Column['type']; readonly text: string };

/**
 * OVER aggregation (Flink's over aggregate): every input row comes out once, with the results of the
 * calls over its frame appended, when the watermark passes its time. Output row: [...input, ...calls].
 */
export interface OverAggregateNode {
  readonly kind: 'over_aggregate';
  readonly inputs: readonly [LogicalPlan];
  readonly partition: readonly BoundExpr[];
  /** The time attribute column the window is ordered by (with `byValue`: the ORDER BY column). */
  readonly timeCol: number;
  /**
   * ORDER BY a value column instead of the time attribute (Flink 2's non-time OVER): every change of the
   * input updates the results of the rows ordered after it, so the output is a changelog.
   */
  readonly byValue?: SortKey;
  /**
   * Ordered by a processing-time attribute (PROCTIME()): every row comes out as it arrives, with its calls
   * over the rows that arrived before it (Flink's ProcTime*Over functions); ROWS frames count arrivals,
   * RANGE frames read the stamped times, and rows stamped with one time are peers. Append-only.
   */
  readonly arrival?: true;
  readonly frame: OverFrame;
  readonly calls: readonly OverCall[];
  readonly schema: readonly Column[];
}
