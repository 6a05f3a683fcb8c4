/**
 * FROM clause binding: a relation (source or view), a subquery, or a window TVF over one of those.
 * Produces the input plan and the scope that column references resolve against.
 */
import type { ColumnExpr, Expr, FromItem, Ident, Select, TvfArg, WindowTvfRef } from './ast.js';
import type { CatalogReader } from './catalog.js';
import { closest } from './catalog.js';
import { fail, type Located } from './diagnostics.js';
import type { Column, LogicalPlan, WindowSpec } from './logical-plan.js';
import { isChangelog, planInputs } from './logical-plan.js';
import { checkTimeColumn, intervalArg, makeWindow, tvfArguments, tvfSignature } from './bind-window.js';
import { T } from './types.js';
import { bindJoin, type WherePool } from './bind-join.js';
import { TEMPORAL_JOIN_FORM } from './bind-temporal-join.js';
import { bindValues, renameColumns } from './bind-values.js';
import { fieldAccess, mapColumns } from './expr-walk.js';

export interface ScopeColumn {
  readonly name: string;
  /** The relation name or alias that qualifies the column (`t.col`). */
  readonly qualifier: string;
  readonly index: number;
  readonly column: Column;
  /** A column the binder added (a scalar subquery's value): resolvable by its generated name, not in `*`. */
  readonly hidden?: boolean;
  /**
   * Resolvable only qualified (`t.col`), and only in `t.*`: an input's own column of a `JOIN ... USING`
   * (or NATURAL JOIN) column, whose unqualified name means the merged column (bind-using.ts).
   */
  readonly qualifiedOnly?: boolean;
}

export interface FromResult {
  readonly plan: LogicalPlan;
  readonly scope: readonly ScopeColumn[];
  /** Set when FROM is a window TVF: the window and the plan it windows (before window columns are added). */
  readonly tvf?: { readonly window: WindowSpec; readonly input: LogicalPlan; readonly inputWidth: number; readonly ref: WindowTvfRef };
}

export type SelectBinder = (select: Select) => { plan: LogicalPlan; schema: readonly Column[] };

/** `pool`: the WHERE conjuncts a comma join (`FROM a, b`) may take as its condition (see bind-join.ts). */
export function bindFrom(from: FromItem, catalog: CatalogReader, bindSelect: SelectBinder, pool?: WherePool): FromResult {
  if (from.kind === 'join' || from.kind === 'values' || from.kind === 'unnest' || from.columns === undefined) return bindFromItem(from, catalog, bindSelect, pool);
  const bound = bindFromItem(from, catalog, bindSelect, pool);
  const what = from.kind === 'table' ? `'${from.name.name}'` : from.kind === 'subquery' ? 'the subquery' : from.fn;
  return { ...bound, scope: renameColumns(bound.scope, from.columns, what) };
}

function bindFromItem(from: FromItem, catalog: CatalogReader, bindSelect: SelectBinder, pool?: WherePool): FromResult {
  switch (from.kind) {
    case 'table': {
      if (from.asOf) fail('UNSUPPORTED', 'FOR SYSTEM_TIME AS OF reads a versioned table on the right side of a JOIN', from.asOf.pos, TEMPORAL_JOIN_FORM);
      const plan = relationPlan(from.name, catalog);
      return { plan, scope: scopeOf(plan.schema, (from.alias ?? from.name).name) };
    }
    case 'subquery': {
      const { plan, schema } = bindSelect(from.query);
      return { plan, scope: scopeOf(schema, from.alias?.name ?? '') };
    }
    case 'window_tvf':
      return bindWindowTvf(from, catalog, bindSelect);
    case 'join':
      return bindJoin(from, catalog, bindSelect, pool);
    case 'values':
      return bindValues(from);
    case 'unnest':
      return fail('UNSUPPORTED', 'UNNEST reads a column of the relation joined on its left: FROM t CROSS JOIN UNNEST(t.a) AS u (x)', from.pos);
  }
}

/** A named relation: a source scan, or the output of a view (a view over a view shares its pipeline). */
export function relationPlan(name: Ident, catalog: CatalogReader): LogicalPlan & { schema: readonly Column[] } {
  const cte = catalog.cte?.(name.name);
  if (cte) return { ...cte.plan, schema: cte.schema } as LogicalPlan & { schema: readonly Column[] };
  const source = catalog.source(name.name);
  if (source) {
    const schema: Column[] = source.columns.map((c, i) => ({
      name: c.name,
      type: c.notNull ? { ...c.type, nullable: false } : c.type,
      ...(i === source.rowtime ? { rowtime: true } : {}),
      ...(i === source.proctime ? { proctime: true } : {}),
    }));
    // A changelog-json table without a key is a retract changelog: its -U/-D rows name whole rows.
    const retractions = !source.primaryKey && String(source.options['format'] ?? '').toLowerCase() === 'changelog-json';
    return {
      kind: 'scan', inputs: [], source: source.name, schema,
      ...(source.primaryKey ? { upsertKey: source.primaryKey } : {}), ...(retractions ? { retractions: true as const } : {}),
    };
  }
  const view = catalog.view(name.name);
  // A view of constant rows reads nothing: a query over it computes those rows itself (as a CTE would),
  // since it would otherwise start after the view's rows were emitted and see none of them.
  if (view && !view.adhoc && isConstant(view.plan)) return { ...view.plan, schema: view.schema } as LogicalPlan & { schema: readonly Column[] };
  if (view && !view.adhoc) {
    return { kind: 'view_scan', inputs: [], view: view.name, schema: view.schema, changelog: isChangelog(view.plan) };
  }
  const names = catalog.relationNames();
  const hint = closest(name.name, names);
  fail(
    'UNKNOWN_RELATION',
    `no source or view named '${name.name}'` + (names.length ? `; available: ${names.join(', ')}` : '; none are defined yet'),
    name.pos,
    hint ? `did you mean '${hint}'?` : undefined,
  );
}

function isConstant(plan: LogicalPlan): boolean {
  const inputs = planInputs(plan);
  return inputs.sources.length === 0 && inputs.views.length === 0;
}

export function scopeOf(schema: readonly Column[], qualifier: string): ScopeColumn[] {
  return schema.map((column, index) => ({ name: column.name, qualifier, index, column }));
}

/** Resolves `col` or `t.col` in a scope; unknown names list what is available. */
export function resolveColumn(scope: readonly ScopeColumn[], ref: ColumnExpr): ScopeColumn {
  const name = ref.name.name;
  const matches = scope.filter(
    (c) => c.name === name && (ref.table === undefined ? !c.qualifiedOnly : c.qualifier === ref.table.name),
  );
  // Unquoted identifiers are lower-cased by the parser; let them match a column declared quoted in
  // another case when that is unambiguous.
  const loose =
    matches.length === 0 && !ref.name.quoted
      ? scope.filter((c) => c.name.toLowerCase() === name && (ref.table === undefined ? !c.qualifiedOnly : c.qualifier === ref.table.name))
      : matches;
  if (loose.length === 1) return loose[0]!;
  // A window TVF over a windowed view: its own window_start/_end/_time shadow the input's.
  const props = loose.filter((c) => c.column.windowProp);
  if (props.length === 1) return props[0]!;
  if (loose.length > 1) fail('AMBIGUOUS_COLUMN', `column '${name}' is ambiguous; qualify it`, ref.pos);
  // Only a SELECT without FROM has no columns at all.
  if (scope.length === 0) fail('UNKNOWN_COLUMN', `column '${name}' not found: there is no FROM, so there are no columns to read`, ref.pos, 'add FROM <source>');
  const rel = scope[0]?.qualifier;
  const available = [...new Set(scope.filter((c) => !c.hidden).map((c) => c.name))];
  const hint = closest(name, available);
  fail(
    'UNKNOWN_COLUMN',
    `column '${ref.table ? `${ref.table.name}.` : ''}${name}' not found${rel ? ` in '${rel}'` : ''}; available: ${available.join(', ')}`,
    ref.pos,
    hint ? `did you mean '${hint}'?` : undefined,
  );
}

/**
 * Whether `a.b` names field b of the ROW column a rather than column b of relation a: it is not a column of
 * the scope, and a is a ROW column (Calcite's order: a table alias first). bind-expr.ts binds it so; this
 * tells the binders that treat a plain column apart (GROUP BY keys) to treat it as an expression.
 */
export function isFieldRef(scope: readonly ScopeColumn[], e: Expr): boolean {
  if (e.kind !== 'column' || e.table === undefined) return false;
  const resolves = (ref: ColumnExpr): ScopeColumn | null => {
    try {
      return resolveColumn(scope, ref);
    } catch {
      return null;
    }
  };
  if (resolves(e) !== null) return false;
  return resolves({ kind: 'column', name: e.table, pos: e.table.pos })?.column.type.name === 'ROW';
}

/**
 * `sel` with each `a.b` that names a ROW field (isFieldRef) written as the field access it is, DOT(a, 'b'),
 * in the clauses bound against `scope` (SELECT, WHERE, GROUP BY, grouping sets, HAVING): the binders that
 * treat a plain column apart (GROUP BY keys, window columns) then see an expression, as Calcite does once
 * its validator has expanded the identifier.
 */
export function withFieldRefs(sel: Select, scope: readonly ScopeColumn[]): Select {
  let changed = false;
  const m = (e: Expr): Expr =>
    mapColumns(e, (c) => {
      if (!isFieldRef(scope, c)) return c;
      changed = true;
      return fieldAccess({ kind: 'column', name: c.table!, pos: c.table!.pos }, c.name, c.pos);
    });
  const out: Select = {
    ...sel,
    items: sel.items.map((i) => (i.kind === 'expr' ? { ...i, expr: m(i.expr) } : i)),
    ...(sel.where ? { where: m(sel.where) } : {}),
    groupBy: sel.groupBy.map(m),
    ...(sel.groupingSets ? { groupingSets: sel.groupingSets.map((g) => ({ ...g, sets: g.sets.map((set) => set.map(m)) })) } : {}),
    ...(sel.having ? { having: m(sel.having) } : {}),
  };
  return changed ? out : sel;
}

/**
 * The columns `*` (or `t.*`) stands for, in scope order: not the binder's hidden ones; `*` leaves out the
 * inputs' own copies of merged USING columns, `t.*` takes every column of `t`.
 */
export function starColumns(scope: readonly ScopeColumn[], qualifier: Ident | undefined): ScopeColumn[] {
  return scope.filter((sc) => !sc.hidden && (qualifier === undefined ? !sc.qualifiedOnly : sc.qualifier === qualifier.name));
}

function bindWindowTvf(tvf: WindowTvfRef, catalog: CatalogReader, bindSelect: SelectBinder): FromResult {
  const args = tvfArguments(tvf);
  const data = args.get('DATA')!;
  const input = tvfInput(data, tvf, catalog, bindSelect);
  // Every window aggregates a changelog too: retractions leave their window, pane, cycle or session
  // (bind-select.ts refuses EMIT CHANGES over one).
  const timeArg = args.get('TIMECOL')!;
  if (timeArg.value.kind !== 'descriptor' || timeArg.value.columns.length !== 1) {
    fail('INVALID_WINDOW', `the time column of ${tvf.fn} must be DESCRIPTOR(column); expected ${tvfSignature(tvf.fn)}`, timeArg.pos);
  }
  const timeIdent = timeArg.value.columns[0]!;
  const timeRef: ColumnExpr = { kind: 'column', name: timeIdent, pos: timeIdent.pos };
  const timeCol = resolveColumn(input.scope, timeRef);
  const proctime = checkTimeColumn(timeCol.column, timeIdent.pos);

  const exprOf = (p: string) => {
    const a = args.get(p);
    if (a && a.value.kind !== 'expr') fail('INVALID_WINDOW', `${tvf.fn} ${p} must be an interval`, a.pos);
    return a?.value.kind === 'expr' ? a.value.expr : undefined;
  };
  let window: WindowSpec;
  if (tvf.fn === 'SESSION') {
    const gap = intervalArg(exprOf('GAP'), 'gap', tvf.pos);
    const parts = data.value.kind === 'table' || data.value.kind === 'subquery' ? (data.value.partitionBy ?? []) : [];
    const partition = parts.map((p) => resolveColumn(input.scope, { kind: 'column', name: p, pos: p.pos }).index);
    window = { kind: 'session', timeCol: timeCol.index, gapMs: gap.ms, partition };
  } else {
    if (data.value.kind !== 'expr' && data.value.kind !== 'descriptor' && data.value.partitionBy) {
      fail('INVALID_WINDOW', `PARTITION BY belongs to SESSION windows; ${tvf.fn} windows are the same for every key`, data.pos);
    }
    window = fixedWindow(tvf, timeCol.index, exprOf);
  }
  if (proctime) window = { ...window, proctime: true };

  const inSchema = input.plan.schema;
  const schema: Column[] = [
    ...inSchema.map((c, i) => (c.rowtime || c.windowProp || (proctime && i === timeCol.index) ? { name: c.name, type: c.type } : c)),
    { name: 'window_start', type: T.timestamp(false), windowProp: 'start' },
    { name: 'window_end', type: T.timestamp(false), windowProp: 'end' },
    // Over processing time too: the ProcTimeClock below gives the window's output watermarks of processing
    // time, so what reads window_time as event time fires as the clock moves (docs/time.md).
    { name: 'window_time', type: T.timestamp(false), windowProp: 'time', rowtime: true },
  ];
  const qualifier = tvf.alias?.name ?? input.qualifier;
  return {
    plan: { kind: 'window_tvf', inputs: [input.plan], window, schema },
    scope: scopeOf(schema, qualifier),
    tvf: { window, input: input.plan, inputWidth: inSchema.length, ref: tvf },
  };
}

function fixedWindow(tvf: WindowTvfRef, timeCol: number, exprOf: (p: string) => Expr | undefined): WindowSpec {
  const size = intervalArg(exprOf('SIZE'), 'size', tvf.pos);
  const slide =
    tvf.fn === 'HOP' ? intervalArg(exprOf('SLIDE'), 'slide', tvf.pos) : tvf.fn === 'CUMULATE' ? intervalArg(exprOf('STEP'), 'step', tvf.pos) : null;
  return makeWindow(tvf.fn as 'TUMBLE' | 'HOP' | 'CUMULATE', timeCol, size, slide, exprOf('OFFSET'), tvf.pos);
}

function tvfInput(
  data: TvfArg,
  tvf: WindowTvfRef,
  catalog: CatalogReader,
  bindSelect: SelectBinder,
): { plan: LogicalPlan & { schema: readonly Column[] }; scope: ScopeColumn[]; qualifier: string } {
  const v = data.value;
  if (v.kind === 'table') {
    const plan = relationPlan(v.name, catalog);
    return { plan, scope: scopeOf(plan.schema, v.name.name), qualifier: v.name.name };
  }
  if (v.kind === 'subquery') {
    const { plan, schema } = bindSelect(v.query);
    return { plan: { ...plan, schema } as LogicalPlan & { schema: readonly Column[] }, scope: scopeOf(schema, ''), qualifier: '' };
  }
  fail('INVALID_WINDOW', `the first argument of ${tvf.fn} must be TABLE name; expected ${tvfSignature(tvf.fn)}`, data.pos);
}
