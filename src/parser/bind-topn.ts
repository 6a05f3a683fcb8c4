/**
 * Top-N and deduplication, Flink's pattern: ROW_NUMBER() in a subquery, filtered on in the query around it.
 *
 *   SELECT * FROM (
 *     SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end [, k] ORDER BY x DESC) AS rn
 *     FROM <window TVF | windowed aggregate | stream>
 *   ) WHERE rn <= N                       -- also rn = 1, rn < N, rn BETWEEN a AND b, N >= rn
 *
 * The conjuncts of the outer WHERE on rn become the rank range; the rest stays a filter. PARTITION BY
 * holding window_start and window_end makes a window Top-N (emitted when the window closes); ORDER BY the
 * time attribute with rn = 1 makes a deduplication (ASC keeps the first row, DESC the last). The row
 * number is emitted only when the outer query reads it.
 *
 *   from ─► filter(inner WHERE) ─► rank ─► project(inner list) ─► [outer query, WHERE = what is left]
 */
import type { BinaryExpr, CallExpr, Expr, LiteralExpr, Select, SelectItem } from './ast.js';
import { bindExpr, implicitName } from './bind-expr.js';
import { bindFrom, resolveColumn, scopeOf, starColumns, type FromResult, type SelectBinder } from './bind-from.js';
import { mentions, refersTo, resolveWindowDef } from './bind-window-def.js';
import type { BoundExpr, ExprScope } from './bound-expr.js';
import type { CatalogReader } from './catalog.js';
import { fail } from './diagnostics.js';
import type { Column, LogicalPlan } from './logical-plan.js';
import { isChangelog } from './logical-plan.js';
import type { RankFn, RankNode, SortKey } from './plan-rank-over.js';
import { T } from './types.js';
import { astConjuncts } from './expr-walk.js';

export interface TopNFrom {
  /** The outer query's FROM: the ranked (and projected) subquery. */
  readonly from: FromResult;
  /** The outer query with its WHERE reduced to the conjuncts that are not on the row number. */
  readonly select: Select;
}

const RANK_FNS: Readonly<Record<string, RankFn>> = { ROW_NUMBER: 'row_number', RANK: 'rank', DENSE_RANK: 'dense_rank' };
const isRankCall = (e: Expr): e is CallExpr => e.kind === 'call' && RANK_FNS[e.name] !== undefined && e.over !== undefined;

/** The Top-N reading of `sel`, or null when its FROM is not a subquery with ROW_NUMBER() (RANK(), DENSE_RANK()) OVER. */
export function bindTopNFrom(sel: Select, catalog: CatalogReader, bindSelect: SelectBinder): TopNFrom | null {
  if (sel.from.kind !== 'subquery') return null;
  const inner = sel.from.query;
  const rnItems = inner.items.filter((i): i is SelectItem & { kind: 'expr' } => i.kind === 'expr' && isRankCall(i.expr));
  if (rnItems.length === 0 || inner.unionAll?.length) return null;
  const rnItem = rnItems[0]!;
  const call = rnItem.expr as CallExpr;
  const fn = RANK_FNS[call.name]!;
  const fnText = `${call.name}()`;
  if (rnItems.length > 1) fail('UNSUPPORTED', 'only one ranking function (ROW_NUMBER, RANK, DENSE_RANK) per SELECT is supported', rnItems[1]!.pos);
  if (inner.groupBy.length > 0 || inner.groupingSets !== undefined || inner.having) {
    fail('UNSUPPORTED', `${fnText} over an aggregation of the same SELECT is not supported; aggregate in a subquery and rank its rows`, call.pos);
  }
  if (call.args.length > 0 || call.star || call.distinct) fail('TYPE_MISMATCH', `${fnText} takes no arguments`, call.pos);
  const rnName = rnItem.alias?.name;
  if (rnName === undefined) fail('UNSUPPORTED', `give ${fnText} an alias (AS rn) and filter on it in the enclosing query: WHERE rn <= N`, call.pos);

  const from = bindFrom(inner.from, catalog, bindSelect);
  const scope: ExprScope = { clause: 'OVER', column: (ref) => inputRef(resolveColumn(from.scope, ref)) };
  let plan: LogicalPlan = from.plan;
  if (inner.where) {
    const pred = bindExpr(inner.where, { ...scope, clause: 'WHERE' });
    if (pred.type.name !== 'BOOLEAN' && pred.type.name !== 'NULL') fail('TYPE_MISMATCH', 'WHERE needs a BOOLEAN condition', inner.where.pos);
    plan = { kind: 'filter', inputs: [plan], predicate: pred, schema: plan.schema };
  }

  const def = resolveWindowDef(call, inner);
  if (def.frame) fail('INVALID_WINDOW', `${fnText} takes no frame (ROWS/RANGE)`, def.frame.pos);
  if (def.orderBy.length === 0) fail('INVALID_WINDOW', `${fnText} needs ORDER BY in its OVER window`, call.pos);
  const partition = def.partitionBy.map((e) => bindExpr(e, scope));
  // ORDER BY an expression (`ORDER BY 6 - y`) sorts on a column computed below the rank, as Flink's
  // planner does (a Calc under the Rank): hidden columns after the input's, dropped by the projection above.
  const inputWidth = plan.schema.length;
  const hidden: BoundExpr[] = [];
  // ORDER BY PROCTIME() (Flink's built-in spelling of the order of arrival): a hidden processing-time
  // column whose values are never read, since ranks by arrival compare nothing.
  const builtinProctime = new Set<number>();
  const order: SortKey[] = def.orderBy.map((o) => {
    const nullsFirst = o.nullsFirst ?? !o.desc;
    if (o.expr.kind === 'column') return { index: resolveColumn(from.scope, o.expr).index, desc: o.desc, nullsFirst };
    if (o.expr.kind === 'call' && o.expr.name.toUpperCase() === 'PROCTIME' && o.expr.args.length === 0 && o.expr.over === undefined) {
      builtinProctime.add(hidden.length);
      hidden.push({ kind: 'const', value: null, type: { name: 'TIMESTAMP', nullable: true, precision: 3 } });
    } else hidden.push(bindExpr(o.expr, scope));
    return { index: inputWidth + hidden.length - 1, desc: o.desc, nullsFirst };
  });
  if (hidden.length > 0) {
    const passed = plan.schema.map((c, index): BoundExpr => ({ kind: 'input', index, name: c.name, type: c.type }));
    const computed = hidden.map((e, n): Column => (builtinProctime.has(n) ? { name: 'PROCTIME()', type: e.type, proctime: true } : { name: `$order${n}`, type: e.type }));
    plan = { kind: 'project', inputs: [plan], exprs: [...passed, ...hidden], schema: [...plan.schema, ...computed] };
  }

  const { low, high, rest } = rankRange(sel.where, rnName, call, fnText);
  const schema = plan.schema;
  const at = (prop: 'start' | 'end') => partition.findIndex((p) => p.kind === 'input' && schema[p.index]?.windowProp === prop);
  const ps = at('start');
  const pe = at('end');
  const window = ps >= 0 && pe >= 0 ? { start: (partition[ps] as { index: number }).index, end: (partition[pe] as { index: number }).index } : null;
  // Over a changelog the ranking is Flink's retract Top-N (every input row kept, re-ranked on retraction).
  // A window Top-N fires each window once and cannot take rows back: its input must be append-only.
  const retract = isChangelog(plan);
  if (retract && window !== null) {
    fail('UNSUPPORTED', `a window ${fnText} over a changelog (an input that retracts rows) is not supported; rank an append-only windowed input`, call.pos);
  }
  // ORDER BY a processing-time attribute first: the order is arrival's (docs/topn.md), so later keys never decide.
  const arrival = schema[order[0]!.index]?.proctime === true;
  if (arrival) {
    const why =
      window !== null ? `a window ${fnText} ordered by processing time is not supported (windows are on event time); order by the window's event-time column`
      : fn !== 'row_number' ? `${fnText} ordered by processing time is not supported: arrivals have no ties, so ROW_NUMBER() gives the same ranks`
      : retract ? `${fnText} ordered by processing time needs an append-only input; this one retracts rows (a changelog)`
      : null;
    if (why !== null) fail('UNSUPPORTED', why, call.pos);
  }
  const timeAttr = arrival ? order[0]!.index : from.tvf ? from.tvf.window.timeCol : schema.findIndex((c) => c.rowtime === true && !c.windowProp);
  // Deduplication keeps one row per key: ROW_NUMBER only (RANK = 1 keeps every row of the first time).
  // Keep-first over a changelog is a Top-1 (its first row can be retracted), not the append-only dedup.
  const dedup = fn === 'row_number' && low === 1 && high === 1 && order.length === 1 && order[0]!.index === timeAttr;
  const strategy: RankNode['strategy'] = !dedup ? 'topn' : order[0]!.desc ? 'keep_last' : retract ? 'topn' : 'keep_first';
  const outputRank =
    sel.items.some((i) => i.kind === 'star' || mentions(i.expr, rnName)) ||
    (rest !== undefined && mentions(rest, rnName)) ||
    sel.groupBy.some((g) => mentions(g, rnName)) ||
    (sel.having !== undefined && mentions(sel.having, rnName));
  const rank: RankNode = {
    kind: 'rank',
    inputs: [plan],
    fn,
    partition,
    order,
    from: low,
    to: high,
    strategy,
    window,
    outputRank,
    ...(arrival ? { arrival: true as const } : {}),
    schema: outputRank ? [...schema, { name: rnName, type: T.bigint(false) }] : schema,
  };

  // The inner select list over the ranked rows.
  const exprs: BoundExpr[] = [];
  const cols: Column[] = [];
  inner.items.forEach((item, n) => {
    if (item.kind === 'star') {
      for (const sc of starColumns(from.scope, item.qualifier)) {
        exprs.push(inputRef(sc));
        cols.push(sc.column);
      }
      return;
    }
    if (item === rnItem) {
      if (!outputRank) return;
      exprs.push({ kind: 'input', index: schema.length, name: rnName, type: T.bigint(false) });
      cols.push({ name: rnName, type: T.bigint(false) });
      return;
    }
    const e = bindExpr(item.expr, { ...scope, clause: 'SELECT' });
    exprs.push(e);
    const src = e.kind === 'input' ? schema[e.index] : undefined;
    // A plain column keeps the name it resolved to (its case as declared), as in bind-select.
    const name = item.alias?.name ?? implicitName(item.expr, e, n);
    cols.push({ name, type: e.type, ...(src?.rowtime ? { rowtime: true } : {}), ...(src?.proctime ? { proctime: true } : {}), ...(src?.windowProp ? { windowProp: src.windowProp } : {}) });
  });
  const project: LogicalPlan = { kind: 'project', inputs: [rank], exprs, schema: cols };
  const { where: _where, ...outer } = sel;
  return {
    from: { plan: project, scope: scopeOf(cols, sel.from.alias?.name ?? '') },
    select: rest !== undefined ? { ...outer, where: rest } : outer,
  };
}

function inputRef(sc: { index: number; name: string; column: Column }): BoundExpr {
  return { kind: 'input', index: sc.index, name: sc.name, type: sc.column.type };
}

/** The rank range [low, high] from the outer WHERE's conjuncts on `rn`; the other conjuncts in `rest`. */
function rankRange(where: Expr | undefined, rn: string, call: CallExpr, fnText: string): { low: number; high: number; rest: Expr | undefined } {
  let low = 1;
  let high = Infinity;
  const rest: Expr[] = [];
  const conj = where ? astConjuncts(where) : [];
  for (const c of conj) {
    const b = bound(c, rn);
    if (b === null) {
      if (mentions(c, rn)) fail('UNSUPPORTED', `a condition on ${rn} must compare it with a whole number (${rn} <= N, ${rn} = 1, ${rn} BETWEEN a AND b)`, c.pos);
      rest.push(c);
      continue;
    }
    low = Math.max(low, b[0]);
    high = Math.min(high, b[1]);
  }
  if (high === Infinity) {
    fail('UNSUPPORTED', `${fnText} needs an upper bound on ${rn} in the enclosing query's WHERE (${rn} <= N): a streaming Top-N keeps only N rows`, where?.pos ?? call.pos);
  }
  if (low > high) fail('INVALID_WINDOW', `the conditions on ${rn} select no rank (${low} > ${high})`, where?.pos ?? call.pos);
  const restExpr = rest.reduce<Expr | undefined>((a, c) => (a === undefined ? c : ({ kind: 'binary', op: 'AND', left: a, right: c, pos: c.pos } as BinaryExpr)), undefined);
  return { low, high, rest: restExpr };
}

/** [low, high] allowed by one conjunct on rn, or null when it is not one. */
function bound(c: Expr, rn: string): [number, number] | null {
  const isRn = (e: Expr) => e.kind === 'column' && refersTo(e.name, rn);
  const num = (e: Expr): number | null => (e.kind === 'literal' && e.type === 'number' && Number.isInteger(e.value) ? (e as LiteralExpr).value as number : null);
  if (c.kind === 'between' && !c.negated && isRn(c.operand)) {
    const a = num(c.low);
    const b = num(c.high);
    return a !== null && b !== null ? [a, b] : null;
  }
  if (c.kind !== 'binary') return null;
  let op = c.op;
  let n: number | null;
  if (isRn(c.left)) n = num(c.right);
  else if (isRn(c.right)) {
    n = num(c.left);
    const flip: Record<string, BinaryExpr['op']> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '=': '=' };
    op = flip[op] ?? op;
  } else return null;
  if (n === null) return null;
  switch (op) {
    case '<=':
      return [1, n];
    case '<':
      return [1, n - 1];
    case '=':
      return [n, n];
    case '>=':
      return [n, Infinity];
    case '>':
      return [n + 1, Infinity];
    default:
      return null;
  }
}

/**
 * `ORDER BY c [DESC], ... LIMIT n [OFFSET m]` on a continuous query: a Top-N over the whole result (one
 * partition) keeping rows m + 1 to m + n of the order, a changelog kept current as rows arrive (Flink's
 * sort-limit, a rank range as `rn > m AND rn <= m + n` would give); `LIMIT n` alone keeps the first n rows
 * to arrive. ORDER BY names output columns. Without LIMIT there is no final order to give (refused).
 */
export function bindOrderLimit(sel: Select, bound: { plan: LogicalPlan; schema: readonly Column[] }): { plan: LogicalPlan; schema: readonly Column[] } {
  const order = sel.orderBy ?? [];
  if (sel.limit === undefined) {
    fail('UNSUPPORTED', 'ORDER BY without LIMIT is not supported: a continuous query emits rows as they are computed; add LIMIT n for a Top-N', order[0]?.pos ?? sel.pos);
  }
  if (sel.limit.value < 1) fail('UNSUPPORTED', 'LIMIT must be at least 1', sel.limit.pos);
  const scope = scopeOf(bound.schema, '');
  const keys: SortKey[] = order.map((o) => {
    if (o.expr.kind !== 'column') fail('UNSUPPORTED', 'ORDER BY must name an output column (give the expression an alias)', o.expr.pos);
    const c = resolveColumn(scope, o.expr);
    return { index: c.index, desc: o.desc, nullsFirst: o.nullsFirst ?? !o.desc };
  });
  const rank: RankNode = {
    kind: 'rank',
    inputs: [bound.plan],
    fn: 'row_number',
    partition: [],
    order: keys,
    from: 1 + (sel.offset?.value ?? 0),
    to: sel.limit.value + (sel.offset?.value ?? 0),
    strategy: 'topn',
    window: null,
    outputRank: false,
    schema: bound.schema,
  };
  return { plan: rank, schema: bound.schema };
}
