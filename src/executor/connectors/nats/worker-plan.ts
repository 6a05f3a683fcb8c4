/**
 * Which queries N workers can run without exchanging rows, decided when the query is created.
 *
 * Each worker reads only its partitions of a partitioned nats table (all rows of a key are in one
 * partition, so on one worker). A query over such a table is computed by every worker on its share, and
 * the union of their outputs is the whole result, when every stateful step keeps the rows of one key
 * together:
 *   filter, projection, window TVF     any (row by row)
 *   GROUP BY (windowed or not)         must include the partition key column, as a plain column
 *   join                               equi-join on both sides' partition keys, same partition count
 *   UNION ALL                          all inputs partitioned alike, or none
 * Sources with one split (files, generators, unpartitioned tables) are read by worker 0 alone, so a query
 * over them only runs there (and mixing them with a partitioned input is refused).
 *
 * We refuse the rest with a located error rather than repartition through a JetStream subject: a
 * repartition is the user's `INSERT INTO` a table partitioned by the other key, which stays visible,
 * durable and exactly-once on the same machinery, instead of a hidden exchange with its own failure modes.
 */
import type { BoundStatement } from '../../../parser/binder.js';
import type { CatalogReader } from '../../../parser/catalog.js';
import { diag, type Diagnostic } from '../../../parser/diagnostics.js';
import type { LogicalPlan } from '../../../parser/logical-plan.js';
import type { BoundExpr } from '../../../parser/bound-expr.js';
import { parseNatsOptions, partitionKeyIndex } from './options.js';

type Partitioning =
  /** Rows of one key are all on the worker that owns the key: `cols` carry the partition key. */
  | { readonly kind: 'keyed'; readonly partitions: number; readonly cols: ReadonlySet<number>; readonly source: string; readonly key: string }
  /** Read by worker 0 alone. */
  | { readonly kind: 'single' };

class Refused extends Error {
  constructor(
    message: string,
    readonly keyword: RegExp,
    readonly hint: string,
  ) {
    super(message);
  }
}

interface At {
  readonly line: number;
  readonly column: number;
  readonly length: number;
}

export function workerPlanProblem(
  bound: BoundStatement,
  catalog: CatalogReader,
  worker: { readonly index: number; readonly count: number } | null,
  at: At,
  text: string,
): Diagnostic | null {
  if (bound.kind !== 'create_view' && bound.kind !== 'query') return null;
  try {
    if (worker !== null && worker.count > 1) partitioningOf(bound.def.plan, catalog, worker.count);
    return null;
  } catch (e) {
    if (!(e instanceof Refused)) throw e;
    return diag('UNSUPPORTED', e.message, locate(text, at, e.keyword), e.hint);
  }
}

/**
 * Where the partition key is in a plan's output rows (`cols`, output positions carrying it unchanged),
 * or null when the plan reads single-split sources only (its rows are all on worker 0). Throws for a plan
 * the worker check refuses. Used to place saved state by key group when workers are rescaled.
 */
export function keyedColumns(plan: LogicalPlan, catalog: CatalogReader, workers: number): { readonly partitions: number; readonly cols: ReadonlySet<number> } | null {
  try {
    const p = partitioningOf(plan, catalog, workers);
    return p.kind === 'keyed' ? { partitions: p.partitions, cols: p.cols } : null;
  } catch (e) {
    if (e instanceof Refused) throw new Error(e.message);
    throw e;
  }
}

function partitioningOf(plan: LogicalPlan, catalog: CatalogReader, workers: number): Partitioning {
  switch (plan.kind) {
    case 'scan': {
      const def = catalog.source(plan.source);
      if (!def || String(def.options['connector'] ?? '').toLowerCase() !== 'nats') return { kind: 'single' };
      const table = parseNatsOptions(def.options);
      const key = partitionKeyIndex(def, table);
      if (table.partitions === null || key === null) return { kind: 'single' };
      if (def.primaryKey && !def.primaryKey.includes(key)) {
        const pk = def.primaryKey.map((i) => def.columns[i]!.name).join(', ');
        throw new Refused(
          `PRIMARY KEY (${pk}) of '${def.name}' leaves out its partition key '${def.columns[key]!.name}': the changes of one key could sit on different workers`,
          /\bfrom\b/i,
          `partition '${def.name}' by a column of its PRIMARY KEY`,
        );
      }
      if (table.partitions < workers) {
        throw new Refused(
          `'${def.name}' has ${table.partitions} partitions, fewer than the ${workers} workers: a worker would have none`,
          /\bfrom\b/i,
          `run at most ${table.partitions} workers, or give the stream more partitions`,
        );
      }
      return { kind: 'keyed', partitions: table.partitions, cols: new Set([key]), source: def.name, key: def.columns[key]!.name };
    }
    case 'values':
      // Every worker would emit the constant rows: N copies in the union of their outputs.
      if (workers > 1) throw new Refused(`constant rows (VALUES, or SELECT without FROM) would be emitted once by each of the ${workers} workers`, /\bvalues\b|\bselect\b/i, 'create this query on a single engine, not in --worker mode');
      return { kind: 'single' };
    case 'view_scan': {
      const v = catalog.view(plan.view);
      return v ? partitioningOf(v.plan, catalog, workers) : { kind: 'single' };
    }
    case 'filter':
    case 'window_tvf':
    case 'unnest':
      return partitioningOf(plan.inputs[0], catalog, workers);
    case 'project': {
      const input = partitioningOf(plan.inputs[0], catalog, workers);
      if (input.kind === 'single') return input;
      return { ...input, cols: passedThrough(plan.exprs, input.cols) };
    }
    case 'window_aggregate':
    case 'group_aggregate': {
      const input = partitioningOf(plan.inputs[0], catalog, workers);
      if (input.kind === 'single') return input;
      const cols = passedThrough(plan.keys, input.cols);
      if (cols.size === 0) {
        const keys = plan.keys.length === 0 ? 'no key' : `(${plan.keys.map((k) => exprName(k, plan.inputs[0])).join(', ')})`;
        throw new Refused(
          `GROUP BY ${keys} runs on ${workers} workers that each hold only their partitions of '${input.source}' (partitioned by '${input.key}'): ` +
            `a group not keyed by '${input.key}' would be split across workers and counted in parts`,
          /\bgroup\s+by\b/i,
          `add '${input.key}' to GROUP BY, or INSERT the rows INTO a nats table partitioned by the grouping column and aggregate that table`,
        );
      }
      return { ...input, cols };
    }
    case 'join': {
      const l = partitioningOf(plan.inputs[0], catalog, workers);
      const r = partitioningOf(plan.inputs[1], catalog, workers);
      if (l.kind === 'single' && r.kind === 'single') return l;
      const pair = l.kind === 'keyed' && r.kind === 'keyed' && l.partitions === r.partitions
        ? plan.leftKeys.findIndex((k, i) => isCol(k, l.cols) && isCol(plan.rightKeys[i]!, r.cols))
        : -1;
      if (pair < 0) {
        const what = l.kind === 'keyed' && r.kind === 'keyed'
          ? l.partitions !== r.partitions
            ? `'${l.source}' and '${r.source}' have different partition counts (${l.partitions}, ${r.partitions}), so equal keys may sit on different workers`
            : `the join does not equate '${l.source}'.'${l.key}' with '${r.source}'.'${r.key}', so matching rows may sit on different workers`
          : `one input is partitioned over the workers and the other is read by worker 0 alone`;
        throw new Refused(`this join cannot run on ${workers} workers without exchanging rows: ${what}`, /\bjoin\b/i, 'join two nats tables partitioned by the join key with the same partition count');
      }
      const leftWidth = plan.inputs[0].schema.length;
      const lk = l as Extract<Partitioning, { kind: 'keyed' }>;
      const rk = r as Extract<Partitioning, { kind: 'keyed' }>;
      return { ...lk, cols: new Set([...lk.cols, ...[...rk.cols].map((c) => c + leftWidth)]) };
    }
    case 'rank':
    case 'over_aggregate': {
      // Rows pass through with extra columns appended; a partition not keyed by the partition key
      // would rank (or aggregate) rows that sit on different workers.
      const input = partitioningOf(plan.inputs[0], catalog, workers);
      if (input.kind === 'single') return input;
      if (passedThrough(plan.partition, input.cols).size === 0) {
        throw new Refused(
          `${plan.kind === 'rank' ? 'ROW_NUMBER()' : 'an OVER aggregate'} partitioned without '${input.key}' runs on ${workers} workers that each hold only their partitions of '${input.source}': ` +
            `a partition not keyed by '${input.key}' would be split across workers`,
          /\bover\b/i,
          `add '${input.key}' to PARTITION BY, or run it on one worker`,
        );
      }
      return input;
    }
    case 'multiset':
    case 'union': {
      const what = plan.kind === 'union' ? 'UNION ALL' : `${plan.op.toUpperCase()} ALL`;
      const word = plan.kind === 'union' ? /\bunion\b/i : plan.op === 'intersect' ? /\bintersect\b/i : /\bexcept\b/i;
      const parts = plan.inputs.map((i) => partitioningOf(i, catalog, workers));
      const keyed = parts.filter((p): p is Extract<Partitioning, { kind: 'keyed' }> => p.kind === 'keyed');
      if (keyed.length === 0) return { kind: 'single' };
      if (keyed.length < parts.length) {
        throw new Refused(`${what} of a partitioned input and one read by worker 0 alone cannot run on ${workers} workers`, word, 'inputs partitioned alike');
      }
      const cols = new Set([...keyed[0]!.cols].filter((c) => keyed.every((k) => k.cols.has(c) && k.partitions === keyed[0]!.partitions)));
      // Equal rows of both inputs must meet on one worker: both partitioned by the same column.
      if (plan.kind === 'multiset' && cols.size === 0) {
        throw new Refused(`${what} runs on ${workers} workers only when both inputs are partitioned by the same column in the same place`, word, 'select the partition key in the same position of both inputs');
      }
      return { ...keyed[0]!, cols };
    }
  }
}

/** Output positions of expressions that pass a key column through unchanged. */
function passedThrough(exprs: readonly BoundExpr[], cols: ReadonlySet<number>): Set<number> {
  const out = new Set<number>();
  exprs.forEach((e, i) => {
    if (isCol(e, cols)) out.add(i);
  });
  return out;
}

function isCol(e: BoundExpr, cols: ReadonlySet<number>): boolean {
  return e.kind === 'input' && cols.has(e.index);
}

function exprName(e: BoundExpr, input: LogicalPlan): string {
  return e.kind === 'input' ? (input.schema[e.index]?.name ?? '?') : 'expression';
}

/** The place of the clause at fault in the statement (its keyword), else the whole statement. */
function locate(text: string, at: At, keyword: RegExp): At {
  const m = keyword.exec(text);
  if (!m) return at;
  const before = text.slice(0, m.index);
  const nl = before.lastIndexOf('\n');
  const lines = before.split('\n').length - 1;
  return { line: at.line + lines, column: lines === 0 ? at.column + m.index : m.index - nl, length: m[0].length };
}
