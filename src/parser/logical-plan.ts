/**
 * The logical plan: what a query computes, with every name resolved and every type known. The binder
 * builds it; the planner turns it into operators. Rows are arrays; `schema[i]` describes `row[i]`.
 *
 *   scan(source) ─► filter ─► window_aggregate(keys, aggs, window) ─► filter(HAVING) ─► project
 *
 * Windows are one abstraction (`WindowSpec`) whatever the spelling (TVF, short form, legacy GROUP BY);
 * SESSION windows have no fixed bounds: they are found per group key as rows arrive.
 */
import type { BoundExpr } from './bound-expr.js';
import type { OverAggregateNode, RankNode } from './plan-rank-over.js';
import type { SqlType } from './types.js';

export interface Column {
  readonly name: string;
  readonly type: SqlType;
  /** An event-time attribute: a source's WATERMARK column, or window_time of a windowed result. */
  readonly rowtime?: boolean;
  /**
   * A processing-time attribute: a source's `PROCTIME()` computed column, passed through unchanged. Orders
   * by it (deduplication, Top-N) and `FOR SYSTEM_TIME AS OF` it are by arrival (docs/time.md).
   */
  readonly proctime?: boolean;
  /** window_start / window_end / window_time added by a window TVF. */
  readonly windowProp?: 'start' | 'end' | 'time';
}

export type WindowSpec = WindowShape & {
  /**
   * Windows over a processing-time attribute (a PROCTIME() column): they fire as the engine's clock passes
   * their end, not on the source's watermark (planner/compile.ts puts a ProcTimeClock below them).
   */
  readonly proctime?: true;
};

export type WindowShape =
  | { readonly kind: 'tumble'; readonly timeCol: number; readonly sizeMs: number; readonly offsetMs: number }
  | {
      readonly kind: 'hop';
      readonly timeCol: number;
      readonly slideMs: number;
      readonly sizeMs: number;
      readonly offsetMs: number;
    }
  /** Windows [cycle start, cycle start + k·step) for k = 1..size/step; the cycle is size-aligned. */
  | {
      readonly kind: 'cumulate';
      readonly timeCol: number;
      readonly stepMs: number;
      readonly sizeMs: number;
      readonly offsetMs: number;
    }
  /**
   * A session closes after `gapMs` without rows. `partition`: the input columns of the TVF's PARTITION BY
   * (each must be a GROUP BY key); empty for the legacy form and for sessions over all rows.
   * `sessionKeys` (set by the aggregation that groups the TVF): the positions, among its GROUP BY keys, of
   * the keys sessions are found by (the PARTITION BY columns; none: sessions over all rows, then grouped
   * by the keys within each session). Absent: sessions per whole group key (the legacy GROUP BY SESSION).
   */
  | {
      readonly kind: 'session';
      readonly timeCol: number;
      readonly gapMs: number;
      readonly partition: readonly number[];
      readonly sessionKeys?: readonly number[];
    };

export type AggFn =
  | 'COUNT'
  | 'SUM'
  | 'AVG'
  | 'MIN'
  | 'MAX'
  | 'LISTAGG'
  | 'FIRST_VALUE'
  | 'LAST_VALUE'
  | 'STDDEV_POP'
  | 'STDDEV_SAMP'
  | 'VAR_POP'
  | 'VAR_SAMP'
  | 'BOOL_AND'
  | 'BOOL_OR'
  | 'ARRAY_AGG';

export interface AggCall {
  readonly fn: AggFn;
  /** null for COUNT(*); the first argument of COUNT(a, b, ...). */
  readonly arg: BoundExpr | null;
  /** COUNT(a, b, ...) of several columns: every argument (a row counts when none is NULL); absent otherwise. */
  readonly args?: readonly BoundExpr[];
  readonly distinct: boolean;
  readonly filter: BoundExpr | null;
  readonly type: SqlType;
  /** SQL text for EXPLAIN: COUNT(DISTINCT `string`). */
  readonly text: string;
  /** LISTAGG's separator (',' when not given). */
  readonly separator?: string;
  /** ARRAY_AGG(x IGNORE NULLS): NULL values are left out (by default they are elements). */
  readonly ignoreNulls?: boolean;
}

export type LogicalPlan =
  | ScanNode
  | ViewScanNode
  | ValuesNode
  | FilterNode
  | ProjectNode
  | WindowTvfNode
  | WindowAggregateNode
  | GroupAggregateNode
  | JoinNode
  | UnionNode
  | MultisetNode
  | RankNode
  | OverAggregateNode
  | UnnestNode;

/**
 * UNNEST joined to its input (bind-unnest.ts): one row per element of `expr` — an ARRAY's element, or a
 * MAP's key and value — after the input row's columns, and its 1-based position when `ordinality`. With
 * `outer` (LEFT JOIN UNNEST ... ON TRUE) a NULL or empty collection gives one row of NULLs instead of none.
 * Each output row carries its input row's op, so a retraction retracts every row its insert made.
 */
export interface UnnestNode {
  readonly kind: 'unnest';
  readonly inputs: readonly [LogicalPlan];
  readonly expr: BoundExpr;
  readonly ordinality: boolean;
  readonly outer: boolean;
  readonly schema: readonly Column[];
}

/** UNION ALL: the inputs' rows as they arrive, unchanged (the inputs have the union's column layout). */
export interface UnionNode {
  readonly kind: 'union';
  readonly inputs: readonly LogicalPlan[];
  readonly schema: readonly Column[];
}

/**
 * `a INTERSECT ALL b` / `a EXCEPT ALL b` (multiset semantics): each distinct row of the inputs' layout,
 * with `m` copies in a and `n` in b, is in the output min(m, n) times (INTERSECT ALL) or max(m − n, 0)
 * times (EXCEPT ALL); rows compared column by column with NULL equal to NULL. Inputs may be changelogs.
 * Output: the rows, as +I and -D copies when a row's number of copies changes. No time attributes.
 */
export interface MultisetNode {
  readonly kind: 'multiset';
  readonly op: 'intersect' | 'except';
  readonly inputs: readonly [LogicalPlan, LogicalPlan];
  readonly schema: readonly Column[];
  /** state.ttl (ms of processing time): a row not written for that long is forgotten; absent: none. */
  readonly ttlMs?: number;
}

export interface ScanNode {
  readonly kind: 'scan';
  readonly inputs: readonly [];
  readonly source: string;
  readonly schema: readonly Column[];
  /**
   * A changelog table's PRIMARY KEY columns: its input is upserts and deletes by key, which the planner
   * normalizes into a changelog (+I/-U/+U/-D) unless a temporal join reads the versions as they come.
   */
  readonly upsertKey?: readonly number[];
  /**
   * A changelog table without a key (`format = 'changelog-json'` without PRIMARY KEY): its -U/-D rows
   * retract an earlier row equal in every column, which the planner matches (changelog-match.ts).
   */
  readonly retractions?: true;
  /** state.ttl of the normalization of a changelog table (ms of processing time); absent: none. */
  readonly ttlMs?: number;
}

/**
 * Constant rows (`VALUES ...`, or the one empty row a SELECT without FROM reads): a bounded input that
 * emits its rows once when the query starts, then a watermark of +∞ (its end), so every window and
 * aggregate over it gives its final result. Expressions have no column to read (bind-values.ts).
 */
export interface ValuesNode {
  readonly kind: 'values';
  readonly inputs: readonly [];
  readonly rows: readonly (readonly BoundExpr[])[];
  readonly schema: readonly Column[];
}

/** Reads the output of another view (a view over a view shares that view's pipeline). */
export interface ViewScanNode {
  readonly kind: 'view_scan';
  readonly inputs: readonly [];
  readonly view: string;
  readonly schema: readonly Column[];
  readonly changelog: boolean;
}

export interface FilterNode {
  readonly kind: 'filter';
  readonly inputs: readonly [LogicalPlan];
  readonly predicate: BoundExpr;
  readonly schema: readonly Column[];
}

export interface ProjectNode {
  readonly kind: 'project';
  readonly inputs: readonly [LogicalPlan];
  readonly exprs: readonly BoundExpr[];
  readonly schema: readonly Column[];
}

/** Window TVF without aggregation: each row gets window_start, window_end, window_time (HOP: one row per window). */
export interface WindowTvfNode {
  readonly kind: 'window_tvf';
  readonly inputs: readonly [LogicalPlan];
  readonly window: WindowSpec;
  readonly schema: readonly Column[];
}

/**
 * Windowed GROUP BY. Output row: [...keys, window_start, window_end, window_time, ...aggs].
 * EMIT FINAL: one +I row per window and key once the watermark reaches window_end − 1 ms.
 * EMIT CHANGES: the running result on every update (+I then -U/+U), nothing more at the close; with
 * `emitIntervalMs` ('emit.interval', bind-emit-interval.ts) the updates of a window and key are coalesced
 * to one per interval of event time (the watermark), its last update still before it closes.
 */
export interface WindowAggregateNode {
  readonly kind: 'window_aggregate';
  readonly inputs: readonly [LogicalPlan];
  readonly window: WindowSpec;
  readonly keys: readonly BoundExpr[];
  readonly aggs: readonly AggCall[];
  readonly emit: 'final' | 'changes';
  /** EMIT CHANGES coalesced per this many ms of event time; absent: every update (today's default). */
  readonly emitIntervalMs?: number;
  readonly schema: readonly Column[];
}

/** Non-windowed GROUP BY: a changelog (+I, -U, +U, -D). Output row: [...keys, ...aggs]. */
export interface GroupAggregateNode {
  readonly kind: 'group_aggregate';
  readonly inputs: readonly [LogicalPlan];
  readonly keys: readonly BoundExpr[];
  readonly aggs: readonly AggCall[];
  readonly schema: readonly Column[];
  /** state.ttl (ms of processing time): a group not written for that long is forgotten; absent: none. */
  readonly ttlMs?: number;
}

/**
 * How a join bounds its state (Flink's window, interval and regular joins):
 *   window     both inputs windowed alike, joined per window (equal window_start and window_end);
 *              emits when the window closes on the minimum watermark of both inputs, then forgets it.
 *              `leftStart`/`leftEnd`/... are the window column positions in each input's row.
 *   interval   leftTime − rightTime ∈ [lower, upper] (ms, inclusive; exclusive bounds are ±1 ms):
 *              a row is kept until the watermark passes the last time a row of the other side could match.
 *   regular    no time bound: every row is kept (unbounded, or for `ttlMs` after its last change).
 *   temporal   event-time temporal join (`JOIN r FOR SYSTEM_TIME AS OF l.ts`): each left row meets the
 *              version of the right (versioned, keyed) table valid at its `leftTime`, once the watermark
 *              passes it; `rightTime` is the version time. `rightKeys` are the versioned relation's key
 *              (versioned.ts). `view`: the versioned view whose plan the right side is (a dependency).
 */
export type JoinStrategy =
  | { readonly kind: 'window'; readonly leftStart: number; readonly leftEnd: number; readonly rightStart: number; readonly rightEnd: number }
  /** `proctime`: on both inputs' processing-time attributes (each input gets a ProcTimeClock, planner/compile.ts). */
  | { readonly kind: 'interval'; readonly leftTime: number; readonly rightTime: number; readonly lower: number; readonly upper: number; readonly proctime?: true }
  | { readonly kind: 'regular'; readonly ttlMs: number | null }
  | {
      readonly kind: 'temporal';
      readonly leftTime: number;
      readonly rightTime: number;
      readonly view?: string;
      /**
       * Processing time (`AS OF l.pt` of a PROCTIME() column, or `AS OF PROCTIME()`): each left row meets
       * the version its key has when the row arrives, at once; `leftTime` is −1, `rightTime` −1 when
       * the right side has no event time (its time plays no part).
       */
      readonly arrival?: true;
      /** false: the right side's -D rows are not deletions (a deduplication; versioned.ts `deletes`). */
      readonly rightDeletes?: false;
    };

/**
 * semi / anti: `WHERE [NOT] EXISTS (...)` and `x [NOT] IN (SELECT ...)`, decorrelated (bind-subquery.ts):
 * the output is the left row alone, for a semi join when it has a match, for an anti join when it has none.
 */
export type JoinType = 'inner' | 'left' | 'right' | 'full' | 'semi' | 'anti';

/**
 * A two-input join. Output row: [...left row, ...right row] (the padded side all NULL for an unmatched
 * row of an outer join). Equality keys are evaluated on each side's own row; `nullSafe[i]` marks an
 * `IS NOT DISTINCT FROM` key (NULL matches NULL). `residual` is the rest of ON over the output row.
 */
export interface JoinNode {
  readonly kind: 'join';
  readonly type: JoinType;
  /** [left, right]. */
  readonly inputs: readonly [LogicalPlan, LogicalPlan];
  readonly leftKeys: readonly BoundExpr[];
  readonly rightKeys: readonly BoundExpr[];
  readonly nullSafe: readonly boolean[];
  readonly residual: BoundExpr | null;
  readonly strategy: JoinStrategy;
  readonly schema: readonly Column[];
}

/**
 * Properties of a plan node's output, computed in one place (DataFusion's `PlanProperties`) and read by
 * EXPLAIN, the binder's and planner's checks, and a future partitioner:
 *   emission      append-only (+I only) or a changelog (+I/-U/+U/-D)
 *   upsertKey     output columns that identify a row of a changelog (or of a final window result)
 *   state         what this node itself keeps: none, bounded (purged by the watermark) or unbounded
 *   watermark     the output column that carries event time (a rowtime), or null
 *   partitioning  how rows are spread over workers (one worker today)
 */
export interface PlanProperties {
  readonly emission: 'append' | 'changelog';
  readonly upsertKey: readonly number[] | null;
  readonly state: 'none' | 'bounded' | 'unbounded';
  readonly watermark: number | null;
  readonly partitioning: 'single';
}

export function planProperties(plan: LogicalPlan): PlanProperties {
  const rowtime = plan.schema.findIndex((c) => c.rowtime === true);
  const watermark = rowtime >= 0 ? rowtime : null;
  const base = { watermark, partitioning: 'single' as const };
  switch (plan.kind) {
    case 'scan':
      if (plan.upsertKey) return { ...base, emission: 'changelog', upsertKey: plan.upsertKey, state: 'none' };
      return { ...base, emission: plan.retractions ? 'changelog' : 'append', upsertKey: null, state: 'none' };
    case 'view_scan':
      return { ...base, emission: plan.changelog ? 'changelog' : 'append', upsertKey: null, state: 'none' };
    case 'values':
      return { ...base, emission: 'append', upsertKey: null, state: 'none' };
    case 'filter':
    case 'unnest':
    case 'window_tvf': {
      const input = planProperties(plan.inputs[0]);
      return { ...base, emission: input.emission, upsertKey: plan.kind === 'filter' ? input.upsertKey : null, state: 'none' };
    }
    case 'project': {
      const input = planProperties(plan.inputs[0]);
      // The key survives a projection when every key column is passed through as a plain column.
      const at = (i: number) => plan.exprs.findIndex((e) => e.kind === 'input' && e.index === i);
      const key = input.upsertKey?.map(at) ?? null;
      return { ...base, emission: input.emission, upsertKey: key && key.every((i) => i >= 0) ? key : null, state: 'none' };
    }
    case 'window_aggregate': {
      // [...keys, window_start, window_end, window_time, ...aggs]: keys + window bounds identify a row.
      const key = [...plan.keys.keys(), plan.keys.length, plan.keys.length + 1];
      return { ...base, emission: plan.emit === 'changes' ? 'changelog' : 'append', upsertKey: key, state: 'bounded' };
    }
    case 'group_aggregate':
      return { ...base, emission: 'changelog', upsertKey: [...plan.keys.keys()], state: plan.keys.length === 0 ? 'bounded' : 'unbounded' };
    case 'union':
      return { ...base, emission: plan.inputs.some(isChangelog) ? 'changelog' : 'append', upsertKey: null, state: 'none' };
    case 'multiset': {
      // Over append-only inputs the copies of INTERSECT ALL only grow; EXCEPT ALL loses one when b gains one.
      const changelog = plan.op === 'except' || plan.inputs.some(isChangelog);
      return { ...base, emission: changelog ? 'changelog' : 'append', upsertKey: null, state: plan.ttlMs === undefined ? 'unbounded' : 'bounded' };
    }
    case 'rank': {
      // A window Top-N emits once per window; a ranking over the whole stream changes with every row
      // (keep-first dedup on event time too, as Flink's: an earlier row that arrives later replaces it).
      if (plan.window !== null) return { ...base, emission: 'append', upsertKey: null, state: 'bounded' };
      // By arrival, ascending: the first rows of a key stay first (Flink's keep-first processing-time
      // deduplication is append-only), so only rows entering the range are emitted.
      if (plan.arrival && !plan.order[0]!.desc) return { ...base, emission: 'append', upsertKey: null, state: 'unbounded' };
      return { ...base, emission: 'changelog', upsertKey: null, state: 'unbounded' };
    }
    case 'over_aggregate':
      if (plan.byValue) return { ...base, emission: 'changelog', upsertKey: null, state: 'unbounded' };
      return { ...base, emission: 'append', upsertKey: null, state: plan.partition.length > 0 ? 'unbounded' : 'bounded' };
    case 'join': {
      // A temporal join emits each left row once (with the left row's op): a changelog only if the left is.
      if (plan.strategy.kind === 'temporal') {
        // By arrival: the latest row of every key of the right side is kept (unbounded in its keys).
        const state = plan.strategy.arrival ? 'unbounded' : 'bounded';
        return { ...base, emission: isChangelog(plan.inputs[0]) ? 'changelog' : 'append', upsertKey: null, state };
      }
      if (plan.strategy.kind !== 'regular') return { ...base, emission: 'append', upsertKey: null, state: 'bounded' };
      // A semi join's left row, once matched, stays matched unless a retraction upstream unmatches it.
      const changelog = (plan.type !== 'inner' && plan.type !== 'semi') || isChangelog(plan.inputs[0]) || isChangelog(plan.inputs[1]);
      return { ...base, emission: changelog ? 'changelog' : 'append', upsertKey: null, state: plan.strategy.ttlMs === null ? 'unbounded' : 'bounded' };
    }
  }
}

/** True when the plan's output carries retractions (-U/-D). */
export function isChangelog(plan: LogicalPlan): boolean {
  return planProperties(plan).emission === 'changelog';
}

/** Sources a plan reads directly and views it reads (for dependencies and DROP checks). */
export function planInputs(plan: LogicalPlan): { sources: string[]; views: string[] } {
  const sources: string[] = [];
  const views: string[] = [];
  const walk = (p: LogicalPlan): void => {
    if (p.kind === 'scan') sources.push(p.source);
    else if (p.kind === 'view_scan') views.push(p.view);
    else {
      // A temporal join reads a versioned view's plan in place of its output: it still depends on it.
      if (p.kind === 'join' && p.strategy.kind === 'temporal' && p.strategy.view !== undefined) views.push(p.strategy.view);
      for (const c of p.inputs) walk(c);
    }
  };
  walk(plan);
  return { sources, views };
}
