/**
 * OVER aggregation: `agg(x) OVER (PARTITION BY k ORDER BY ts <frame>)` and `LAG(x [, n [, default]])` in
 * the select list of a query without GROUP BY (Flink's over aggregate, on event time):
 *   frames   ROWS BETWEEN n PRECEDING AND CURRENT ROW, RANGE BETWEEN INTERVAL ... PRECEDING AND CURRENT ROW,
 *            ROWS|RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW, the one-bound short forms; with ORDER BY
 *            and no frame, RANGE UNBOUNDED PRECEDING (the SQL default)
 *   windows  inline, `OVER w` or `OVER (w ...)` with `WINDOW w AS (...)`; all calls of a SELECT share one
 *            window (Flink's rule)
 *   ORDER BY exactly the time attribute, ascending (rows are emitted as the watermark passes them), or the
 *            processing-time attribute (rows are emitted as they arrive, in arrival order)
 *
 *   from ─► filter(WHERE) ─► over_aggregate [...row, ...calls] ─► project(select list)
 */
import type { CallExpr, FrameBound, Select, WindowDef } from './ast.js';
import { bindExpr, exprToString, isAggregateName, implicitName } from './bind-expr.js';
import { resolveColumn, starColumns, type FromResult } from './bind-from.js';
import { resolveWindowDef } from './bind-window-def.js';
import type { BoundExpr, ExprScope } from './bound-expr.js';
import { fail } from './diagnostics.js';
import type { AggCall, Column, LogicalPlan } from './logical-plan.js';
import { isChangelog } from './logical-plan.js';
import type { OverCall, OverFrame, SortKey } from './plan-rank-over.js';
import { T, typeToString, type SqlType } from './types.js';

/** The frames an OVER window supports, named in errors about the ones it does not. */
const FRAMES =
  "supported: ROWS BETWEEN n PRECEDING AND CURRENT ROW, RANGE BETWEEN INTERVAL '...' PRECEDING AND CURRENT ROW, " +
  'ROWS|RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW';

/** Binds an aggregate call (without its OVER) over the input scope; bind-select.ts owns aggregate typing. */
export type AggregateBinder = (call: CallExpr, scope: ExprScope) => AggCall;

export interface BoundOver {
  readonly plan: LogicalPlan;
  readonly schema: readonly Column[];
}

interface Window {
  readonly partition: readonly BoundExpr[];
  readonly timeCol: number;
  readonly byValue?: SortKey;
  readonly arrival?: true;
  readonly frame: OverFrame;
  readonly key: string;
  readonly def: WindowDef;
}

export function bindOverSelect(sel: Select, from: FromResult, bindAggregate: AggregateBinder): BoundOver {
  if (sel.groupBy.length > 0 || sel.groupingSets !== undefined || sel.having) {
    fail('UNSUPPORTED', 'OVER aggregates cannot be combined with GROUP BY in one SELECT; aggregate in a subquery', (sel.groupBy[0] ?? sel.having)!.pos);
  }
  if (sel.distinct) fail('UNSUPPORTED', 'SELECT DISTINCT with OVER aggregates is not supported', sel.pos);
  const rowScope: ExprScope = { clause: 'OVER', column: (ref) => inputRef(resolveColumn(from.scope, ref)) };
  let input: LogicalPlan = from.plan;
  if (sel.where) {
    const pred = bindExpr(sel.where, { ...rowScope, clause: 'WHERE' });
    if (pred.type.name !== 'BOOLEAN' && pred.type.name !== 'NULL') fail('TYPE_MISMATCH', `WHERE needs a BOOLEAN condition, got ${typeToString(pred.type)}`, sel.where.pos);
    input = { kind: 'filter', inputs: [input], predicate: pred, schema: input.schema };
  }
  const changelogInput = isChangelog(input);
  const width = input.schema.length;
  const calls: OverCall[] = [];
  const callCols: Column[] = [];
  let window: Window | null = null;
  let frame: OverFrame | null = null;

  const special = (call: CallExpr): BoundExpr => {
    if (call.over === undefined) {
      fail('INVALID_AGGREGATE', `aggregate ${call.name} needs OVER (...) here: the other columns of this SELECT are per row`, call.pos);
    }
    const w = bindWindow(resolveWindowDef(call, sel), call, from, rowScope);
    // LAG takes no frame of its own (the other calls' frame, else the default RANGE frame, decides whether
    // peers share its value): only its partition and order must agree.
    const isLag = call.name === 'LAG';
    const same = window === null || (window.key === w.key && (isLag || frame === null || JSON.stringify(frame) === JSON.stringify(w.frame)));
    if (!same) fail('UNSUPPORTED', 'all OVER aggregates of one SELECT must use the same window (as in Flink); use one WINDOW w AS (...)', call.pos);
    window = w;
    if (!isLag) frame = w.frame;
    if (w.byValue && isLag) fail('UNSUPPORTED', 'LAG needs an OVER window ordered by the time attribute', call.pos);
    const isRank = call.name === 'ROW_NUMBER' || call.name === 'RANK' || call.name === 'DENSE_RANK';
    if (w.byValue && isRank) {
      fail('UNSUPPORTED', `${call.name}() in the select list needs an OVER window ordered by the time attribute; ordered by a value it is supported as Top-N (filter on it in an enclosing query)`, call.pos);
    }
    if (changelogInput && !w.byValue) {
      fail('UNSUPPORTED', 'OVER aggregates on the time attribute over a changelog (an input that retracts rows) are not supported, as in Flink: such an OVER row is emitted once and cannot be revised; aggregate with GROUP BY instead', sel.pos);
    }
    const text = `${exprToString({ ...call, over: undefined } as CallExpr)} OVER (...)`;
    const over: OverCall = bindCall(call, rowScope, bindAggregate, text);
    const type: SqlType = over.kind === 'agg' ? over.agg.type : over.type;
    let idx = calls.findIndex((c) => (c.kind === 'agg' ? c.agg.text : c.text) === (over.kind === 'agg' ? over.agg.text : over.text));
    if (idx < 0) {
      idx = calls.push(over) - 1;
      callCols.push({ name: over.kind === 'agg' ? over.agg.text : over.text, type });
    }
    return { kind: 'input', index: width + idx, name: callCols[idx]!.name, type };
  };
  const scope: ExprScope = { clause: 'SELECT', column: rowScope.column, special };

  const exprs: BoundExpr[] = [];
  const schema: Column[] = [];
  const inputCol = (e: BoundExpr): Column | undefined => (e.kind === 'input' && e.index < width ? input.schema[e.index] : undefined);
  sel.items.forEach((item, n) => {
    if (item.kind === 'star') {
      for (const sc of starColumns(from.scope, item.qualifier)) {
        exprs.push(inputRef(sc));
        schema.push(sc.column);
      }
      return;
    }
    const e = bindExpr(item.expr, scope);
    exprs.push(e);
    const src = inputCol(e);
    // A plain column keeps the name it resolved to (its case as declared), as in bind-select.
    const name = item.alias?.name ?? implicitName(item.expr, e, n);
    schema.push({ name, type: e.type, ...(src?.rowtime ? { rowtime: true } : {}), ...(src?.proctime ? { proctime: true } : {}), ...(src?.windowProp ? { windowProp: src.windowProp } : {}) });
  });
  const seen = new Set<string>();
  schema.forEach((c, i) => {
    if (seen.has(c.name)) fail('DUPLICATE_NAME', `output column '${c.name}' appears twice; give one of them an alias`, sel.items[Math.min(i, sel.items.length - 1)]?.pos);
    seen.add(c.name);
  });
  const w = window as Window | null;
  if (w === null) throw new Error('invariant: bindOverSelect without an OVER call');
  const over: LogicalPlan = {
    kind: 'over_aggregate',
    inputs: [input],
    partition: w.partition,
    timeCol: w.timeCol,
    ...(w.byValue ? { byValue: w.byValue } : {}),
    ...(w.arrival ? { arrival: true as const } : {}),
    // Only LAG calls: the SQL default frame, RANGE UNBOUNDED PRECEDING (peers share their LAG values).
    frame: frame ?? { unit: 'range', preceding: null },
    calls,
    schema: [...input.schema, ...callCols],
  };
  return { plan: { kind: 'project', inputs: [over], exprs, schema }, schema };
}

function inputRef(sc: { index: number; name: string; column: Column }): BoundExpr {
  return { kind: 'input', index: sc.index, name: sc.name, type: sc.column.type };
}

function bindWindow(def: WindowDef, call: CallExpr, from: FromResult, scope: ExprScope): Window {
  const partition = def.partitionBy.map((e) => bindExpr(e, scope));
  if (def.orderBy.length !== 1) {
    fail('INVALID_WINDOW', 'an OVER window must ORDER BY the time attribute (one column), e.g. ORDER BY ts', def.orderBy[1]?.pos ?? call.pos);
  }
  const o = def.orderBy[0]!;
  if (o.expr.kind !== 'column') fail('INVALID_WINDOW', 'an OVER window must ORDER BY the time attribute column', o.pos);
  const col = resolveColumn(from.scope, o.expr);
  const frame = frameOf(def);
  if (col.column.proctime === true) {
    // Flink's processing-time OVER: rows in arrival order, each out at once (no watermark to wait for).
    if (o.desc) fail('INVALID_WINDOW', 'OVER windows ordered by the processing-time attribute must be ascending', o.pos);
    return { partition, timeCol: col.index, arrival: true, frame, key: JSON.stringify([partition, col.index, 'arrival']), def };
  }
  if (col.column.rowtime !== true) {
    // Flink 2's non-time OVER: ordered by a value, RANGE or ROWS UNBOUNDED PRECEDING only.
    if (frame.preceding !== null) {
      fail('UNSUPPORTED', `an OVER window ordered by '${col.name}', which is not the time attribute, supports only ROWS|RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW (as Flink's non-time OVER)`, def.frame?.start.pos ?? o.pos);
    }
    const byValue: SortKey = { index: col.index, desc: o.desc, nullsFirst: o.nullsFirst ?? !o.desc };
    return { partition, timeCol: col.index, byValue, frame, key: JSON.stringify([partition, col.index, o.desc, byValue.nullsFirst]), def };
  }
  if (o.desc) fail('INVALID_WINDOW', 'OVER windows ordered by the time attribute must be ascending', o.pos);
  const key = JSON.stringify([partition, col.index]);
  return { partition, timeCol: col.index, frame, key, def };
}

function frameOf(def: WindowDef): OverFrame {
  const f = def.frame;
  if (f === undefined) return { unit: 'range', preceding: null };
  const unit = f.unit === 'ROWS' ? 'rows' : 'range';
  if (f.end.kind !== 'current_row') {
    fail('UNSUPPORTED', `an OVER frame must end at CURRENT ROW (FOLLOWING is not supported, as in Flink: rows after the current one would hold it back); ${FRAMES}`, f.end.pos);
  }
  return { unit, preceding: preceding(f.start, unit) };
}

function preceding(b: FrameBound, unit: 'rows' | 'range'): number | null {
  switch (b.kind) {
    case 'unbounded_preceding':
      return null;
    case 'current_row':
      return 0;
    case 'unbounded_following':
    case 'following':
      fail('UNSUPPORTED', `an OVER frame must start before or at the current row (FOLLOWING is not supported, as in Flink); ${FRAMES}`, b.pos);
    // falls through: fail never returns
    case 'preceding': {
      const e = b.expr;
      if (unit === 'rows') {
        if (e.kind !== 'literal' || e.type !== 'number' || !Number.isInteger(e.value) || (e.value as number) < 0) {
          fail('INVALID_WINDOW', 'ROWS n PRECEDING needs a whole number n ≥ 0', e.pos);
        }
        return e.value as number;
      }
      if (e.kind !== 'interval') fail('INVALID_WINDOW', "RANGE ... PRECEDING needs an interval on the time attribute, e.g. INTERVAL '1' SECOND", e.pos);
      if (e.ms < 0 || !Number.isInteger(e.ms)) fail('INVALID_WINDOW', 'a RANGE interval must be a whole number of milliseconds ≥ 0', e.pos);
      return e.ms;
    }
  }
}

function bindCall(call: CallExpr, scope: ExprScope, bindAggregate: AggregateBinder, text: string): OverCall {
  const name = call.name;
  if (name === 'LAG') {
    if (call.args.length < 1 || call.args.length > 3) fail('INVALID_AGGREGATE', 'LAG takes (value [, offset [, default]])', call.pos);
    if (call.filter) fail('INVALID_AGGREGATE', 'FILTER (WHERE ...) applies to aggregate functions, not to LAG', call.filter.pos);
    const arg = bindExpr(call.args[0]!, scope);
    const off = call.args[1];
    let offset = 1;
    if (off !== undefined) {
      if (off.kind !== 'literal' || off.type !== 'number' || !Number.isInteger(off.value) || (off.value as number) < 1) {
        fail('INVALID_AGGREGATE', 'the offset of LAG must be a whole number ≥ 1', off.pos);
      }
      offset = off.value as number;
    }
    const d = call.args[2] ? bindExpr(call.args[2], scope) : null;
    if (d !== null && d.type.name !== 'NULL' && d.type.name !== arg.type.name) {
      fail('TYPE_MISMATCH', `the default of LAG must be a ${typeToString(arg.type)}, got ${typeToString(d.type)}`, call.args[2]!.pos);
    }
    return { kind: 'lag', arg, offset, default: d, type: { ...arg.type, nullable: true }, text };
  }
  if (name === 'LEAD') {
    fail('UNSUPPORTED', 'LEAD is not supported in a streaming query, as in Flink: each row would wait for the rows after it; use LAG (a value from an earlier row), ordered the other way round', call.pos);
  }
  if (name === 'ROW_NUMBER' || name === 'RANK' || name === 'DENSE_RANK') {
    // Unfiltered (a filter on it in an enclosing query is a Top-N, bind-topn.ts): every row with its rank.
    if (call.args.length > 0 || call.star || call.distinct) fail('INVALID_AGGREGATE', `${name}() takes no arguments`, call.pos);
    if (call.filter) fail('INVALID_AGGREGATE', `FILTER (WHERE ...) applies to aggregate functions, not to ${name}`, call.filter.pos);
    return { kind: 'rank', fn: name.toLowerCase() as 'row_number' | 'rank' | 'dense_rank', type: T.bigint(false), text };
  }
  if (!isAggregateName(name)) fail('UNSUPPORTED', `${name} cannot be used with OVER; available: the aggregates (COUNT, SUM, AVG, MIN, MAX, FIRST_VALUE, LAST_VALUE, LISTAGG, STDDEV/VAR, BOOL_AND/OR, ...) and LAG`, call.pos);
  // FILTER (WHERE ...) binds with the aggregate: only the frame's rows that pass it are accumulated (and
  // retracted when they leave a bounded frame).
  const agg = bindAggregate({ ...call, over: undefined } as CallExpr, scope);
  return { kind: 'agg', agg: { ...agg, text } };
}
