/**
 * SELECT binding: FROM → WHERE → GROUP BY / aggregates / window → HAVING → select list.
 *
 *   no aggregation:   from ─► filter(WHERE) ─► project
 *   windowed:         input ─► filter(WHERE) ─► window_aggregate ─► filter(HAVING) ─► project
 *   non-windowed:     from ─► filter(WHERE) ─► group_aggregate (changelog) ─► filter(HAVING) ─► project
 *
 * Aggregate output rows are [...keys, (window_start, window_end, window_time,) ...aggs]; expressions
 * after the aggregation read those positions.
 */
import type { CallExpr, ColumnExpr, Expr, Pos, Select, SelectItem } from './ast.js';
import { AGG_ALIASES, AGG_FNS, AGG_NAMES } from './aggregate-names.js';
import { bindExpr, exprToString, isAggregateName, implicitName } from './bind-expr.js';
import { bindFrom, resolveColumn, withFieldRefs, starColumns, type FromResult, type ScopeColumn } from './bind-from.js';
import { commaPool, withWhere } from './bind-join.js';
import { bindScalarSubqueries } from './bind-scalar-subquery.js';
import { bindSubqueries } from './bind-subquery.js';
import { withCtes } from './bind-cte.js';
import { checkStreamingOrderBy } from './bind-order.js';
import { bindUnion, unionOf } from './bind-union.js';
import { astConjuncts, someExpr } from './expr-walk.js';
import { bindOverSelect } from './bind-over.js';
import { bindOrderLimit, bindTopNFrom } from './bind-topn.js';
import { hasOver } from './bind-window-def.js';
import { checkAuxCall, checkTimeColumn, intervalArg, makeWindow } from './bind-window.js';
import type { BoundExpr, ExprScope } from './bound-expr.js';
import type { CatalogReader } from './catalog.js';
import { fail } from './diagnostics.js';
import { isChangelog, type AggCall, type AggFn, type Column, type LogicalPlan, type WindowSpec } from './logical-plan.js';
import { isComposite, isNumeric, T, typeToString, type SqlType } from './types.js';

export interface BoundSelect {
  readonly plan: LogicalPlan;
  readonly schema: readonly Column[];
}

export function bindSelect(sel: Select, outer: CatalogReader): BoundSelect {
  const catalog = sel.with ? withCtes(sel.with, outer, bindSelect) : outer;
  const bound = bindSelectBody(sel, catalog);
  if (sel.orderBy !== undefined && sel.limit === undefined) {
    checkStreamingOrderBy(sel, bound.schema); // the time attribute ascending: accepted, a no-op
    return bound;
  }
  return sel.orderBy !== undefined || sel.limit !== undefined ? bindOrderLimit(sel, bound) : bound;
}

function bindSelectBody(sel: Select, catalog: CatalogReader): BoundSelect {
  if (sel.unionAll !== undefined && sel.unionAll.length > 0) return bindUnion(sel, catalog, bindSelect);
  sel = sessionFromSubquery(sel);
  const binder = (s: Select) => bindSelect(s, catalog);
  // ROW_NUMBER() in the FROM subquery, filtered here: Top-N / dedup (bind-topn.ts).
  const topn = bindTopNFrom(sel, catalog, binder);
  if (topn) sel = topn.select;
  // `FROM a, b WHERE ...`: each comma join takes the WHERE conjuncts that read both of its inputs.
  const pool = topn ? undefined : commaPool(sel);
  const bound = topn ? topn.from : bindFrom(sel.from, catalog, binder, pool);
  if (pool) sel = withWhere(sel, pool);
  // [NOT] EXISTS / [NOT] IN (SELECT ...) conjuncts of WHERE become semi/anti joins onto FROM.
  const decorrelated = bindSubqueries(sel, bound, catalog, binder);
  if (decorrelated.where !== sel.where) sel = { ...sel, ...(decorrelated.where ? { where: decorrelated.where } : { where: undefined }) };
  // Scalar subqueries of SELECT and WHERE become joined columns (bind-scalar-subquery.ts).
  const scalars = bindScalarSubqueries(sel, decorrelated.from, catalog, binder);
  const from = scalars.from;
  // r.f with no relation r: field f of the ROW column r (table aliases first, as in Calcite).
  sel = withFieldRefs(scalars.select, from.scope);
  if (sel.items.some((i) => i.kind === 'expr' && hasOver(i.expr))) return bindOverSelect(sel, from, bindAggregate);
  const aggregated = sel.groupBy.length > 0 || sel.groupingSets !== undefined || sel.items.some((i) => i.kind === 'expr' && hasAggregate(i.expr)) || (sel.having !== undefined && hasAggregate(sel.having));
  return aggregated ? bindAggregateSelect(sel, from) : bindPlainSelect(sel, from);
}

const WINDOW_COLUMN_NAMES = new Set(['window_start', 'window_end', 'window_time']);

/**
 * `SELECT ... FROM (SELECT * FROM TABLE(SESSION(...)) WHERE <on window columns>) GROUP BY ..., window_start,
 * window_end`: a session's bounds are known only when it ends, so the SESSION TVF is aggregated here and the
 * subquery's WHERE, which reads only the window columns, filters the sessions as HAVING (Flink keeps such a
 * filter between the TVF and the aggregate; the rows are the same). A condition on other columns would
 * drop rows before sessions are found, which Flink does not: it is refused.
 */
function sessionFromSubquery(sel: Select): Select {
  const from = sel.from;
  const aggregated = sel.groupBy.length > 0 || sel.groupingSets !== undefined;
  if (!aggregated || from.kind !== 'subquery' || from.columns !== undefined) return sel;
  const inner = from.query;
  if (inner.from.kind !== 'window_tvf' || inner.from.fn !== 'SESSION') return sel;
  const plain =
    inner.groupBy.length === 0 && inner.groupingSets === undefined && inner.having === undefined && !inner.distinct &&
    inner.unionAll === undefined && inner.orderBy === undefined && inner.limit === undefined && inner.with === undefined &&
    inner.windows === undefined && inner.emit === undefined && inner.items.every((i) => i.kind === 'star' && i.qualifier === undefined);
  if (!plain) return sel;
  const conjuncts = inner.where ? astConjuncts(inner.where) : [];
  for (const c of conjuncts) {
    if (someExpr(c, (x) => (x.kind === 'column' && !WINDOW_COLUMN_NAMES.has(x.name.name)) || x.kind === 'subquery_pred')) {
      fail('UNSUPPORTED', 'a SESSION window in a subquery may be filtered only on window_start, window_end, window_time; filter the rows before the window', c.pos);
    }
  }
  const having = [...conjuncts, ...(sel.having ? [sel.having] : [])].reduce<Expr | undefined>(
    (a, c) => (a === undefined ? c : { kind: 'binary', op: 'AND', left: a, right: c, pos: c.pos }),
    undefined,
  );
  const tvf = { ...inner.from, ...(from.alias ? { alias: from.alias } : {}) };
  return { ...sel, from: tvf, ...(having ? { having } : {}) };
}

function inputRef(sc: ScopeColumn): BoundExpr {
  return { kind: 'input', index: sc.index, name: sc.name, type: sc.column.type };
}

function rowScope(scope: readonly ScopeColumn[], clause: string): ExprScope {
  return { clause, column: (ref) => inputRef(resolveColumn(scope, ref)) };
}

function bindPlainSelect(sel: Select, from: FromResult): BoundSelect {
  if (from.tvf?.window.kind === 'session') {
    // A session's bounds are known only when it ends; Flink, too, uses the SESSION TVF for aggregation.
    fail('UNSUPPORTED', 'a SESSION window TVF must be aggregated: GROUP BY window_start, window_end [, keys]', from.tvf.ref.pos);
  }
  if (sel.having) fail('INVALID_GROUP_BY', 'HAVING needs GROUP BY or an aggregate', sel.having.pos);
  let plan: LogicalPlan = from.plan;
  if (sel.where) plan = filterNode(plan, bindPredicate(sel.where, rowScope(from.scope, 'WHERE'), 'WHERE'));
  const exprs: BoundExpr[] = [];
  const schema: Column[] = [];
  const scope = rowScope(from.scope, 'SELECT');
  for (const item of sel.items) {
    if (item.kind === 'star') {
      for (const sc of starColumns(from.scope, item.qualifier)) {
        exprs.push(inputRef(sc));
        schema.push(sc.column);
      }
      continue;
    }
    const e = bindExpr(item.expr, scope);
    exprs.push(e);
    schema.push(outputColumn(item, e, schema.length, (i) => from.plan.schema[i]));
  }
  checkUniqueNames(sel.items, schema);
  if (sel.distinct) {
    // SELECT DISTINCT on a stream: a changelog that inserts each distinct row once.
    const agg: LogicalPlan = { kind: 'group_aggregate', inputs: [plan], keys: exprs, aggs: [], schema };
    return { plan: agg, schema };
  }
  return { plan: { kind: 'project', inputs: [plan], exprs, schema }, schema };
}

interface Key {
  readonly expr: BoundExpr;
  readonly text: string;
  readonly column: Column;
}

/**
 * GROUP BY with GROUPING SETS / ROLLUP / CUBE: one aggregation per grouping set, their rows unioned (what
 * Flink's Expand + aggregate computes). In a set's rows the grouping expressions it leaves out are NULL, and
 * GROUPING / GROUPING_ID tell them apart from NULL keys.
 */
function bindAggregateSelect(sel: Select, from: FromResult): BoundSelect {
  if (sel.groupingSets === undefined) return bindGrouping(sel, from, sel.groupBy, null);
  let sets: Expr[][] = [[]];
  for (const spec of sel.groupingSets) sets = sets.flatMap((s) => spec.sets.map((t) => [...s, ...t]));
  const all: Expr[] = [];
  for (const e of sets.flat()) if (!all.some((a) => sameGroupExpr(a, e))) all.push(e);
  const branches = sets.map((set) => {
    const keys = [...sel.groupBy];
    for (const e of set) if (!keys.some((k) => sameGroupExpr(k, e))) keys.push(e);
    return bindGrouping(sel, from, keys, { all, nulled: all.filter((a) => !keys.some((k) => sameGroupExpr(k, a))) });
  });
  return branches.length === 1 ? branches[0]! : unionOf(branches, branches.map(() => sel.groupingSets![0]!.pos));
}

function sameGroupExpr(a: Expr, b: Expr): boolean {
  return exprToString(a) === exprToString(b);
}

/** The grouping expressions of all sets, and those the current set leaves out (NULL in its rows). */
interface GroupingSetOf {
  readonly all: readonly Expr[];
  readonly nulled: readonly Expr[];
}

function bindGrouping(sel: Select, from: FromResult, groupBy: readonly Expr[], grouping: GroupingSetOf | null): BoundSelect {
  if (sel.distinct) fail('UNSUPPORTED', 'SELECT DISTINCT together with GROUP BY is not supported; the GROUP BY already makes rows distinct', sel.pos);
  const baseScope = from.scope;
  const inputWidth = from.tvf ? from.tvf.inputWidth : baseScope.length;
  const keyScope = rowScope(baseScope, 'GROUP BY');
  const keys: Key[] = [];
  let window: WindowSpec | null = null;
  let groupWindow: CallExpr | null = null;
  const props = new Set<string>();
  // GROUP BY window_start, window_end of a windowed input (a window aggregate, window TVF, window join):
  // each row already belongs to its window, which is aggregated again (below).
  const attached = from.tvf ? null : attachedWindow(groupBy, baseScope, from.plan);
  /** With an attached window: the key holding window_start (the window's own start is not derived from time). */
  let startKey = -1;

  for (const g of groupBy) {
    if (g.kind === 'column') {
      const sc = resolveColumn(baseScope, g);
      if (sc.column.windowProp && from.tvf) {
        props.add(sc.column.windowProp);
        continue;
      }
      if (attached && sc.index === attached.start) {
        startKey = keys.length;
        keys.push({ expr: inputRef(sc), text: exprToString(g), column: sc.column });
        continue;
      }
      if (attached && (sc.index === attached.end || sc.index === attached.time)) continue;
    }
    if (g.kind === 'call' && (g.name === 'TUMBLE' || g.name === 'HOP' || g.name === 'SESSION' || g.name === 'CUMULATE')) {
      if (from.tvf) {
        fail('INVALID_GROUP_BY', `GROUP BY ${g.name}(...) cannot be combined with the ${from.tvf.ref.fn} window in FROM; group by window_start, window_end`, g.pos);
      }
      if (g.name === 'CUMULATE') fail('INVALID_WINDOW', 'CUMULATE has no legacy GROUP BY form; use FROM TABLE(CUMULATE(TABLE t, DESCRIPTOR(ts), step, size))', g.pos);
      if (window) fail('INVALID_GROUP_BY', 'GROUP BY can hold only one window', g.pos);
      window = legacyWindow(g, baseScope);
      groupWindow = g;
      continue;
    }
    const expr = bindExpr(g, keyScope);
    if (maxInput(expr) >= inputWidth) {
      fail('INVALID_GROUP_BY', `GROUP BY may name window_start, window_end and window_time only as plain columns`, g.pos);
    }
    const column: Column =
      expr.kind === 'input' ? { name: expr.name, type: expr.type } : { name: exprToString(g), type: expr.type };
    keys.push({ expr, text: exprToString(g), column });
  }

  if (from.tvf) {
    // TUMBLE and HOP windows have a fixed size, so either bound names the window (RisingWave groups by
    // window_start alone); CUMULATE windows share their start and SESSION windows vary: both are needed.
    const fixed = from.tvf.window.kind === 'tumble' || from.tvf.window.kind === 'hop';
    if (fixed ? !props.has('start') && !props.has('end') : !props.has('start') || !props.has('end')) {
      const missing = ['window_start', 'window_end'].filter((n) => !props.has(n.slice(7)));
      fail(
        'INVALID_GROUP_BY',
        `an aggregation over a ${from.tvf.ref.fn} window must GROUP BY window_start and window_end (missing: ${missing.join(', ')}), ` +
          `so that each window produces its own rows`,
        groupBy[0]?.pos ?? sel.pos,
        `GROUP BY window_start, window_end${keys.length ? ', ' + keys.map((k) => k.text).join(', ') : ''}`,
      );
    }
    window = from.tvf.window;
    if (window.kind === 'session') window = { ...window, sessionKeys: sessionKeys(window.partition, keys, from.tvf.ref.pos) };
  }

  let input: LogicalPlan = from.tvf ? from.tvf.input : from.plan;
  if (sel.where) {
    const pred = bindPredicate(sel.where, rowScope(baseScope, 'WHERE'), 'WHERE');
    if (maxInput(pred) >= inputWidth) {
      fail('UNSUPPORTED', 'WHERE on window_start/window_end of an aggregated window is not supported; use HAVING', sel.where.pos);
    }
    input = filterNode(input, pred);
  }
  if (attached) {
    // The window [window_start, window_end) a row carries fires when the watermark reaches window_end − 1 ms,
    // as Flink's window-attached aggregation does.
    input = attachedTime(input, baseScope.map((c) => c.column), attached.end, sel.pos);
    window = { kind: 'tumble', timeCol: inputWidth, sizeMs: 1, offsetMs: 0 };
  } else if (window?.kind === 'hop' && window.sizeMs % window.slideMs !== 0) {
    // Legacy GROUP BY HOP(ts, slide, size) with a size that is no multiple of the slide (Flink's sliding group
    // window allows it; the HOP TVF does not): no slide-sized panes hold its windows, so each row is put
    // in every window it falls in (the HOP TVF's rows) and each window is aggregated as an attached one.
    const windowed: LogicalPlan = {
      kind: 'window_tvf',
      inputs: [input],
      window,
      schema: [...input.schema.map((c) => ({ name: c.name, type: c.type })), ...windowColumns()],
    };
    input = attachedTime(windowed, windowed.schema, inputWidth + 1, sel.pos);
    startKey = keys.length;
    keys.push({ expr: { kind: 'input', index: inputWidth, name: 'window_start', type: T.timestamp(false) }, text: 'window_start', column: windowColumns()[0]! });
    window = { kind: 'tumble', timeCol: inputWidth + 3, sizeMs: 1, offsetMs: 0 };
  }

  const K = keys.length;
  const W = window ? 3 : 0;
  const aggs: AggCall[] = [];
  const aggScope: ExprScope = { clause: 'aggregate argument', column: (ref) => aggArgColumn(baseScope, ref, inputWidth) };

  const post = (clause: string): ExprScope => ({
    clause,
    column: (ref: ColumnExpr): BoundExpr => {
      const sc = resolveColumn(baseScope, ref);
      if (attached && sc.column.windowProp) {
        if (sc.column.windowProp === 'start') {
          if (sc.index !== attached.start) fail('INVALID_GROUP_BY', `column '${sc.name}' must appear in GROUP BY or be used inside an aggregate function`, ref.pos);
          return { kind: 'input', index: startKey, name: sc.name, type: keys[startKey]!.expr.type };
        }
        return { kind: 'input', index: K + (sc.column.windowProp === 'end' ? 1 : 2), name: sc.name, type: T.timestamp(false) };
      }
      if (sc.column.windowProp && window) {
        const off = sc.column.windowProp === 'start' ? 0 : sc.column.windowProp === 'end' ? 1 : 2;
        return { kind: 'input', index: K + off, name: sc.name, type: T.timestamp(false) };
      }
      const k = keys.findIndex((key) => key.expr.kind === 'input' && key.expr.index === sc.index);
      if (k >= 0) return { kind: 'input', index: k, name: sc.name, type: keys[k]!.expr.type };
      if (grouping?.nulled.some((n) => n.kind === 'column' && resolveColumn(baseScope, n).index === sc.index)) {
        return { kind: 'const', value: null, type: { ...sc.column.type, nullable: true } };
      }
      fail('INVALID_GROUP_BY', `column '${sc.name}' must appear in GROUP BY or be used inside an aggregate function`, ref.pos);
    },
    special: (call: CallExpr): BoundExpr | undefined => {
      if (isAggregateName(call.name)) {
        const agg = bindAggregate(call, aggScope);
        let idx = aggs.findIndex((a) => a.text === agg.text);
        if (idx < 0) idx = aggs.push(agg) - 1;
        return { kind: 'input', index: K + W + idx, name: agg.text, type: agg.type };
      }
      const aux = /^(TUMBLE|HOP|SESSION)_(START|END|ROWTIME)$/.exec(call.name);
      if (aux) {
        if (!window) fail('INVALID_GROUP_BY', `${call.name} needs GROUP BY ${aux[1]}(...)`, call.pos);
        if ((aux[1] === 'SESSION') !== (window.kind === 'session')) {
          fail('INVALID_GROUP_BY', `${call.name} needs GROUP BY ${aux[1]}(...), not a ${window.kind.toUpperCase()} window`, call.pos);
        }
        const sameColumn = (a: Expr, b: Expr): boolean =>
          resolveColumn(baseScope, a as ColumnExpr).index === resolveColumn(baseScope, b as ColumnExpr).index;
        checkAuxCall(call, aux[1]!, groupWindow, sameColumn);
        const off = aux[2] === 'START' ? 0 : aux[2] === 'END' ? 1 : 2;
        if (off === 0 && startKey >= 0) return { kind: 'input', index: startKey, name: call.name, type: T.timestamp(false) };
        return { kind: 'input', index: K + off, name: call.name, type: T.timestamp(false) };
      }
      if (call.name === 'GROUPING' || call.name === 'GROUPING_ID') return groupingCall(call);
      return undefined;
    },
  });

  // GROUPING(a) is 1 when the current grouping set aggregates over a (leaves it out), else 0; GROUPING(a, b,
  // ...) and GROUPING_ID(a, b, ...) pack those bits, the first argument the highest (Flink, Calcite).
  const groupingCall = (call: CallExpr): BoundExpr => {
    if (call.star || call.distinct || call.args.length === 0) fail('INVALID_GROUP_BY', `${call.name} takes GROUP BY expressions`, call.pos);
    let id = 0;
    for (const a of call.args) {
      const same = (e: Expr): boolean =>
        sameGroupExpr(e, a) ||
        (e.kind === 'column' && a.kind === 'column' && resolveColumn(baseScope, e).index === resolveColumn(baseScope, a).index);
      const nulled = grouping?.nulled.some(same) === true;
      if (!nulled && !groupBy.some(same)) fail('INVALID_GROUP_BY', `the argument of ${call.name} must be a GROUP BY expression`, a.pos);
      id = id * 2 + (nulled ? 1 : 0);
    }
    return { kind: 'const', value: id, type: T.bigint(false) };
  };

  const selectScope = post('SELECT');
  const exprs: BoundExpr[] = [];
  const schema: Column[] = [];
  for (const item of sel.items) {
    if (item.kind === 'star') fail('INVALID_GROUP_BY', 'SELECT * cannot be combined with GROUP BY; list the columns', item.pos);
    const text = exprToString(item.expr);
    const keyIdx = item.expr.kind === 'column' ? -1 : keys.findIndex((k) => k.text === text);
    const nulled = item.expr.kind === 'column' ? undefined : grouping?.nulled.find((n) => exprToString(n) === text);
    const e: BoundExpr =
      keyIdx >= 0
        ? { kind: 'input', index: keyIdx, name: text, type: keys[keyIdx]!.expr.type }
        : nulled !== undefined
          ? { kind: 'const', value: null, type: { ...bindExpr(nulled, keyScope).type, nullable: true } }
          : bindExpr(item.expr, selectScope);
    exprs.push(e);
    schema.push(
      outputColumn(item, e, schema.length, (i) =>
        i === startKey ? windowColumns()[0] : window && i >= K + (startKey >= 0 ? 1 : 0) && i < K + 3 ? windowColumns()[i - K] : undefined,
      ),
    );
  }
  checkUniqueNames(sel.items, schema);
  const having = sel.having ? bindPredicate(sel.having, post('HAVING'), 'HAVING') : null;

  const aggSchema: Column[] = [
    ...keys.map((k) => k.column),
    ...(window ? windowColumns() : []),
    ...aggs.map((a) => ({ name: a.text, type: a.type })),
  ];
  if (window && sel.emit?.mode === 'changes' && isChangelog(input)) {
    // Updates of a window over a changelog would need the retracted rows' previous results; Flink, too,
    // aggregates a changelog into windows only as final results.
    fail('UNSUPPORTED', 'EMIT CHANGES is not supported for a window over a changelog input; its windows emit their final rows', sel.emit.pos);
  }
  if (window?.kind === 'cumulate' && sel.emit?.mode === 'changes') {
    // Every row would update up to size/step running rows; Flink has no EMIT CHANGES either.
    fail('UNSUPPORTED', 'EMIT CHANGES is not supported for CUMULATE windows; each step already emits the running result', sel.emit.pos);
  }
  if (window?.kind === 'session' && sel.emit?.mode === 'changes') {
    fail('UNSUPPORTED', 'EMIT CHANGES is not supported for SESSION windows; a session is emitted once it ends', sel.emit.pos);
  }
  let plan: LogicalPlan = window
    ? { kind: 'window_aggregate', inputs: [input], window, keys: keys.map((k) => k.expr), aggs, emit: sel.emit?.mode ?? 'final', schema: aggSchema }
    : { kind: 'group_aggregate', inputs: [input], keys: keys.map((k) => k.expr), aggs, schema: aggSchema };
  if (having) plan = filterNode(plan, having);
  return { plan: { kind: 'project', inputs: [plan], exprs, schema }, schema };
}

/**
 * The window a row of a windowed input already carries, when GROUP BY names its window_start and window_end
 * (plain columns, no window function in GROUP BY) and the input is append-only: the positions of those columns
 * and of window_time (-1 when the input has none).
 */
function attachedWindow(groupBy: readonly Expr[], scope: readonly ScopeColumn[], plan: LogicalPlan): { start: number; end: number; time: number } | null {
  let start = -1;
  let end = -1;
  for (const g of groupBy) {
    if (g.kind === 'call' && (g.name === 'TUMBLE' || g.name === 'HOP' || g.name === 'SESSION' || g.name === 'CUMULATE')) return null;
    if (g.kind !== 'column') continue;
    const sc = resolveColumn(scope, g);
    if (sc.column.windowProp === 'start' && start < 0) start = sc.index;
    if (sc.column.windowProp === 'end' && end < 0) end = sc.index;
  }
  if (start < 0 || end < 0 || isChangelog(plan)) return null;
  const time = scope.findIndex((c) => c.column.windowProp === 'time');
  return { start, end, time };
}

/**
 * `input` with window_time = window_end − 1 ms appended (window_end at `end`): a 1 ms TUMBLE over it fires
 * each row's own window [window_start, window_end) when the watermark reaches window_end − 1 ms, with
 * window_start as a key; window_end and window_time are then the TUMBLE's own.
 */
function attachedTime(input: LogicalPlan, columns: readonly Column[], end: number, at: Pos): LogicalPlan {
  const endRef: BoundExpr = { kind: 'input', index: end, name: columns[end]!.name, type: columns[end]!.type };
  const time = bindExpr(
    { kind: 'binary', op: '-', left: { kind: 'column', name: { name: columns[end]!.name, quoted: true, pos: at }, pos: at }, right: { kind: 'interval', ms: 1, text: "INTERVAL '0.001' SECOND", pos: at }, pos: at },
    { clause: 'GROUP BY', column: () => endRef },
  );
  const exprs: BoundExpr[] = [...columns.map((c, index) => ({ kind: 'input' as const, index, name: c.name, type: c.type })), time];
  return { kind: 'project', inputs: [input], exprs, schema: [...columns.map((c) => ({ name: c.name, type: c.type })), { name: 'window_time', type: time.type, rowtime: true }] };
}

function windowColumns(): Column[] {
  return [
    { name: 'window_start', type: T.timestamp(false), windowProp: 'start' },
    { name: 'window_end', type: T.timestamp(false), windowProp: 'end' },
    { name: 'window_time', type: T.timestamp(false), windowProp: 'time', rowtime: true },
  ];
}

/**
 * SESSION(TABLE t PARTITION BY k, ...) finds sessions per k, then groups each session's rows by the GROUP
 * BY keys (Flink: without PARTITION BY the sessions are over all rows). Each k must be a GROUP BY key: the
 * positions of those keys.
 */
function sessionKeys(partition: readonly number[], keys: readonly Key[], at: Pos): number[] {
  return partition.map((p) => {
    const i = keys.findIndex((k) => k.expr.kind === 'input' && k.expr.index === p);
    if (i < 0) fail('INVALID_GROUP_BY', 'every PARTITION BY column of a SESSION window must also be in GROUP BY (its sessions are found per partition key)', at);
    return i;
  });
}

/** Legacy group window: GROUP BY TUMBLE(ts, size) / HOP(ts, slide, size) / SESSION(ts, gap). */
function legacyWindow(g: CallExpr, scope: readonly ScopeColumn[]): WindowSpec {
  if (g.name === 'SESSION') {
    if (g.args.length !== 2) fail('INVALID_WINDOW', 'SESSION in GROUP BY takes (time_col, gap)', g.pos);
    const t = g.args[0]!;
    if (t.kind !== 'column') fail('INVALID_WINDOW', 'the first argument of SESSION must be the time column', t.pos);
    const col = resolveColumn(scope, t);
    const proctime = checkTimeColumn(col.column, t.pos);
    return { kind: 'session', timeCol: col.index, gapMs: intervalArg(g.args[1], 'gap', g.pos).ms, partition: [], ...(proctime ? { proctime: true as const } : {}) };
  }
  const arity = g.name === 'HOP' ? 3 : 2;
  if (g.args.length !== arity && g.args.length !== arity + 1) {
    fail('INVALID_WINDOW', g.name === 'HOP' ? 'HOP in GROUP BY takes (time_col, slide, size)' : 'TUMBLE in GROUP BY takes (time_col, size)', g.pos);
  }
  const timeExpr = g.args[0]!;
  if (timeExpr.kind !== 'column') fail('INVALID_WINDOW', `the first argument of ${g.name} must be the time column`, timeExpr.pos);
  const sc = resolveColumn(scope, timeExpr);
  const proctime = checkTimeColumn(sc.column, timeExpr.pos);
  const size = intervalArg(g.args[arity - 1], 'size', g.pos);
  const slide = g.name === 'HOP' ? intervalArg(g.args[1], 'slide', g.pos) : null;
  const window = makeWindow(g.name as 'TUMBLE' | 'HOP', sc.index, size, slide, g.args[arity], g.pos, true);
  return proctime ? { ...window, proctime: true } : window;
}

function aggArgColumn(scope: readonly ScopeColumn[], ref: ColumnExpr, inputWidth: number): BoundExpr {
  const sc = resolveColumn(scope, ref);
  if (sc.index >= inputWidth) {
    fail('UNSUPPORTED', `aggregates over ${sc.name} are not supported; ${sc.name} is a property of the window`, ref.pos);
  }
  return inputRef(sc);
}


function bindAggregate(call: CallExpr, scope: ExprScope): AggCall {
  const upper = call.name.toUpperCase();
  const fn = (AGG_ALIASES[upper] ?? upper) as AggFn;
  if (!AGG_FNS.includes(fn)) fail('UNSUPPORTED', `aggregate ${call.name} is not supported; available: ${AGG_NAMES.join(', ')}`, call.pos);
  const nested: ExprScope = {
    ...scope,
    special: (c) => {
      if (isAggregateName(c.name)) fail('INVALID_AGGREGATE', `aggregate ${c.name} cannot be nested inside ${fn}`, c.pos);
      return undefined;
    },
  };
  let arg: BoundExpr | null = null;
  let args: BoundExpr[] | undefined;
  let separator: string | undefined;
  if (call.star) {
    if (fn !== 'COUNT') fail('INVALID_AGGREGATE', `${fn}(*) is not valid; only COUNT(*)`, call.pos);
  } else if (fn === 'LISTAGG') {
    // LISTAGG(expr [, separator]): the non-NULL strings in arrival order, joined (Flink's default ',').
    if (call.args.length !== 1 && call.args.length !== 2) fail('INVALID_AGGREGATE', 'LISTAGG takes a string and an optional separator', call.pos);
    arg = bindExpr(call.args[0]!, nested);
    if (arg.type.name !== 'VARCHAR' && arg.type.name !== 'NULL') {
      fail('TYPE_MISMATCH', `LISTAGG expects a string, got ${typeToString(arg.type)}`, call.args[0]!.pos, `LISTAGG(CAST(... AS STRING))`);
    }
    const sep = call.args[1];
    if (sep !== undefined && (sep.kind !== 'literal' || typeof sep.value !== 'string')) {
      fail('INVALID_AGGREGATE', 'the separator of LISTAGG must be a string literal', sep.pos);
    }
    separator = sep !== undefined ? (sep as { value: string }).value : ',';
  } else if (fn === 'COUNT' && call.args.length > 1) {
    // COUNT(a, b, ...): the rows where no argument is NULL (Calcite's COUNT; DISTINCT: distinct tuples).
    args = call.args.map((a) => bindExpr(a, nested));
    arg = args[0]!;
  } else {
    if (call.args.length !== 1) fail('INVALID_AGGREGATE', `${fn} takes exactly one argument`, call.pos);
    arg = bindExpr(call.args[0]!, nested);
  }
  const filter = call.filter ? bindPredicate(call.filter, nested, 'FILTER') : null;
  if (call.distinct && (args ?? (arg ? [arg] : [])).some((a) => isComposite(a.type))) {
    fail('UNSUPPORTED', `${fn}(DISTINCT ...) over an ARRAY or MAP value is not supported`, call.pos);
  }
  const text = exprToString(call);
  return {
    fn,
    arg,
    ...(args !== undefined ? { args } : {}),
    distinct: call.distinct,
    filter,
    type: aggType(fn, arg, call),
    text,
    ...(separator !== undefined ? { separator } : {}),
    ...(call.ignoreNulls ? { ignoreNulls: true } : {}),
  };
}

function aggType(fn: AggFn, arg: BoundExpr | null, call: CallExpr): SqlType {
  if (fn === 'COUNT') return T.bigint(false);
  const t = arg!.type;
  switch (fn) {
    case 'SUM':
    case 'AVG':
    case 'STDDEV_POP':
    case 'STDDEV_SAMP':
    case 'VAR_POP':
    case 'VAR_SAMP':
      if (!isNumeric(t) && t.name !== 'NULL') fail('TYPE_MISMATCH', `${call.name.toUpperCase()} expects a number, got ${typeToString(t)}`, call.args[0]!.pos);
      // Flink's LogicalTypeMerging.findSumAggType / findAvgAggType: DECIMAL(38, s) and
      // DECIMAL(38, max(6, s)); any other type is kept (SUM and AVG of an INT are INTs). STDDEV and VAR
      // take AVG's type (Calcite's AVG_AGG_FUNCTION return type): the variance of INTs is an INT.
      if (t.name === 'DECIMAL') return T.decimal(38, fn === 'SUM' ? (t.scale ?? 0) : Math.max(t.scale ?? 0, 6));
      return t.name === 'NULL' ? T.double() : { ...t, nullable: true };
    case 'BOOL_AND':
    case 'BOOL_OR':
      if (t.name !== 'BOOLEAN' && t.name !== 'NULL') fail('TYPE_MISMATCH', `${fn} expects a BOOLEAN, got ${typeToString(t)}`, call.args[0]!.pos);
      return T.boolean(true);
    case 'MIN':
    case 'MAX':
      if (isComposite(t)) fail('TYPE_MISMATCH', `${fn} expects a value with an order, got ${typeToString(t)}`, call.args[0]!.pos, 'ARRAY and MAP values have no order');
      return { ...t, nullable: true };
    case 'FIRST_VALUE':
    case 'LAST_VALUE':
      return { ...t, nullable: true };
    case 'LISTAGG':
      return T.varchar(true);
    case 'ARRAY_AGG':
      // Flink's ArrayAggFunction: ARRAY<argument type>, NULL when no row (or only NULLs IGNORE NULLS) is left.
      if (t.name === 'NULL') fail('TYPE_MISMATCH', 'ARRAY_AGG(NULL) has no element type; CAST it: ARRAY_AGG(CAST(NULL AS INT))', call.args[0]!.pos);
      return T.array(call.ignoreNulls ? t : { ...t, nullable: true }, true);
  }
}

function bindPredicate(e: Expr, scope: ExprScope, clause: string): BoundExpr {
  const b = bindExpr(e, scope);
  if (b.type.name !== 'BOOLEAN' && b.type.name !== 'NULL') {
    fail('TYPE_MISMATCH', `${clause} needs a BOOLEAN condition, got ${typeToString(b.type)}`, e.pos);
  }
  return b;
}

function filterNode(input: LogicalPlan, predicate: BoundExpr): LogicalPlan {
  return { kind: 'filter', inputs: [input], predicate, schema: input.schema };
}

function outputColumn(item: SelectItem & { kind: 'expr' }, e: BoundExpr, pos: number, inputColumn: (i: number) => Column | undefined): Column {
  // A plain column keeps the name it resolved to (its case as declared), whatever case the reference used.
  const name = item.alias?.name ?? implicitName(item.expr, e, pos);
  const src = e.kind === 'input' ? inputColumn(e.index) : undefined;
  // Window columns stay window columns through a projection (a windowed aggregate can be window-joined).
  return { name, type: e.type, ...(src?.rowtime ? { rowtime: true } : {}), ...(src?.proctime ? { proctime: true } : {}), ...(src?.windowProp ? { windowProp: src.windowProp } : {}) };
}

function checkUniqueNames(items: readonly SelectItem[], schema: readonly Column[]): void {
  const seen = new Set<string>();
  schema.forEach((c, i) => {
    if (seen.has(c.name)) {
      const item = items[Math.min(i, items.length - 1)];
      fail('DUPLICATE_NAME', `output column '${c.name}' appears twice; give one of them an alias`, item?.pos);
    }
    seen.add(c.name);
  });
}

/** The highest input position an expression reads (-1 for constants). */
export function maxInput(e: BoundExpr): number {
  switch (e.kind) {
    case 'const':
      return -1;
    case 'input':
      return e.index;
    case 'call':
      return e.args.reduce((m, a) => Math.max(m, maxInput(a)), -1);
    case 'case':
      return Math.max(
        e.else ? maxInput(e.else) : -1,
        ...e.whens.map((w) => Math.max(maxInput(w.when), maxInput(w.then))),
      );
    case 'cast':
      return maxInput(e.operand);
  }
}

export function hasAggregate(e: Expr): boolean {
  return someExpr(e, (x) => x.kind === 'call' && isAggregateName(x.name));
}
