/**
 * Temporal join binding (Flink's `FOR SYSTEM_TIME AS OF`); AS OF processing time (a PROCTIME() column, or
 * `PROCTIME()`) is the processing-time join (bindProcTimeJoin, docs/joins.md). Event time:
 *
 *   FROM orders o [LEFT] JOIN rates FOR SYSTEM_TIME AS OF o.ts [AS r] ON o.currency = r.currency [AND ...]
 *
 * The right side must be a versioned relation (versioned.ts): a table declared with PRIMARY KEY ... NOT
 * ENFORCED (so a row is a version of its key) and WATERMARK FOR (so each version has a time), or a
 * versioned view (a projection of one keeping its key and time attribute, or a deduplication on the
 * time attribute), read through its plan. AS OF must name the left input's event-time attribute, and
 * ON must equate every key column with an expression of the
 * left input: the key says which version timeline a left row reads. Other conditions (further
 * equalities included) form the residual, which a LEFT join turns into NULL padding, never into a
 * dropped row. Output row: [...left, ...right]; the left event time stays a time attribute, the right
 * one becomes a plain TIMESTAMP (NULL when a LEFT join pads).
 */
import type { JoinRef, TableRef } from './ast.js';
import { bindExpr } from './bind-expr.js';
import { bindFrom, relationPlan, resolveColumn, scopeOf, type FromResult, type ScopeColumn, type SelectBinder } from './bind-from.js';
import type { BoundExpr } from './bound-expr.js';
import type { CatalogReader } from './catalog.js';
import { fail } from './diagnostics.js';
import { analyzeCondition, shift } from './join-condition.js';
import { isChangelog, type Column, type JoinNode, type LogicalPlan } from './logical-plan.js';
import { versionedRelation, type Versioned } from './versioned.js';
import { typeToString } from './types.js';

export const TEMPORAL_JOIN_FORM =
  'supported form: FROM l [LEFT] JOIN t FOR SYSTEM_TIME AS OF l.rowtime [AS r] ON l.k = r.k [AND ...], where t is a table with ' +
  'PRIMARY KEY (k) NOT ENFORCED and WATERMARK FOR (or a view selecting its key and time attribute, or a view deduplicating ' +
  'on the time attribute: ROW_NUMBER() OVER (PARTITION BY k ORDER BY rowtime [DESC]) = 1), l.rowtime is the left input\'s WATERMARK column, and ON equates every key column; ' +
  'or AS OF l.pt (a PROCTIME() column) or AS OF PROCTIME(), joining the latest row of its key at arrival, where t needs a PRIMARY KEY but no WATERMARK';

export function bindTemporalJoin(j: JoinRef, right: TableRef & { asOf: NonNullable<TableRef['asOf']> }, catalog: CatalogReader, bindSelect: SelectBinder): FromResult {
  const left = bindFrom(j.left, catalog, bindSelect);
  if (j.type === 'right' || j.type === 'full') {
    fail('UNSUPPORTED', `a temporal join is INNER or LEFT: each left row looks up the version valid at its time (got ${j.type.toUpperCase()} JOIN)`, j.pos, TEMPORAL_JOIN_FORM);
  }
  // AS OF processing time (the left input's PROCTIME() column, or RisingWave's PROCTIME()): each left row
  // meets the latest version at its arrival (docs/joins.md, "Processing-time temporal join").
  const asOfAst = right.asOf;
  const arrival =
    (asOfAst.kind === 'call' && asOfAst.name.toUpperCase() === 'PROCTIME' && asOfAst.args.length === 0 && asOfAst.over === undefined) ||
    (asOfAst.kind === 'column' && left.plan.schema[resolveColumn(left.scope, asOfAst).index]?.proctime === true);
  if (arrival) return bindProcTimeJoin(j, right, left, catalog);
  const { plan: rightPlan, versioned, view } = versionedInput(right, catalog, 'event');
  const rscope = scopeOf(rightPlan.schema, (right.alias ?? right.name).name);
  const lw = left.plan.schema.length;

  // AS OF: the left input's event-time attribute (the probe time).
  const asOf = bindExpr(right.asOf, {
    clause: 'FOR SYSTEM_TIME AS OF',
    column: (ref) => {
      const sc = resolveColumn(left.scope, ref);
      return { kind: 'input', index: sc.index, name: sc.name, type: sc.column.type };
    },
  });
  if (asOf.kind !== 'input' || left.plan.schema[asOf.index]?.rowtime !== true) {
    const what = asOf.kind === 'input' ? `'${asOf.name}' is not an event-time attribute of the left input` : `it is ${typeToString(asOf.type)} expression`;
    fail('UNSUPPORTED', `FOR SYSTEM_TIME AS OF must name the left input's event-time attribute (its WATERMARK column); ${what}`, right.asOf.pos, TEMPORAL_JOIN_FORM);
  }

  return temporalJoin(j, right, left, { plan: rightPlan, versioned, ...(view !== undefined ? { view } : {}) }, asOf.index);
}

/**
 * A processing-time temporal join: the right side needs a key (a table with PRIMARY KEY, a projection
 * keeping it, a deduplication) but no time attribute; the left must be append-only, since a retraction
 * could not find the version its row met (that version may have changed since).
 */
function bindProcTimeJoin(j: JoinRef, right: TableRef & { asOf: NonNullable<TableRef['asOf']> }, left: FromResult, catalog: CatalogReader): FromResult {
  if (isChangelog(left.plan)) {
    fail('UNSUPPORTED', 'a processing-time temporal join needs an append-only left input; this one retracts rows (a changelog)', j.pos, TEMPORAL_JOIN_FORM);
  }
  return temporalJoin(j, right, left, versionedInput(right, catalog, 'none'), -1);
}

/**
 * The join node of a temporal join over its right side's versions: `leftTime` is the left input's
 * event-time column, or -1 for processing time (each left row meets the latest version at arrival).
 */
function temporalJoin(j: JoinRef, right: TableRef, left: FromResult, input: ReturnType<typeof versionedInput>, leftTime: number): FromResult {
  const { plan: rightPlan, versioned, view } = input;
  const { leftKeys, rightKeys, residual, schema, scope } = bindKeyedOn(j, right, left, rightPlan, versioned.key);
  const plan: JoinNode = {
    kind: 'join',
    type: j.type,
    inputs: [left.plan, rightPlan],
    leftKeys,
    rightKeys,
    nullSafe: leftKeys.map(() => false),
    residual,
    strategy: {
      kind: 'temporal',
      leftTime,
      rightTime: versioned.rowtime,
      ...(leftTime < 0 ? { arrival: true as const } : {}),
      ...(view !== undefined ? { view } : {}),
      ...(versioned.deletes ? {} : { rightDeletes: false as const }),
    },
    schema,
  };
  return { plan, scope: scope.map((sc) => ({ ...sc, column: schema[sc.index]! })) };
}

/** ON of a temporal join: every key column equated with a left expression; the rest is the residual. */
function bindKeyedOn(j: JoinRef, right: TableRef, left: FromResult, rightPlan: LogicalPlan, key: readonly number[]) {
  const rscope = scopeOf(rightPlan.schema, (right.alias ?? right.name).name);
  const lw = left.plan.schema.length;
  const scope: ScopeColumn[] = [...left.scope, ...rscope.map((c) => ({ ...c, index: c.index + lw }))];
  const on = bindExpr(j.on, {
    clause: 'ON',
    column: (ref) => {
      const sc = resolveColumn(scope, ref);
      return { kind: 'input', index: sc.index, name: sc.name, type: sc.column.type };
    },
  });
  if (on.type.name !== 'BOOLEAN' && on.type.name !== 'NULL') fail('TYPE_MISMATCH', `ON needs a BOOLEAN condition, got ${typeToString(on.type)}`, j.on.pos);

  // Each key column of the table must be equated (=) with a left expression; everything else is residual.
  const cond = analyzeCondition(on, left.plan.schema, rightPlan.schema);
  const leftKeys: BoundExpr[] = [];
  const rightKeys: BoundExpr[] = [];
  const used = new Set<number>();
  for (const k of key) {
    const at = cond.keys.findIndex((x, i) => !used.has(i) && !x.nullSafe && x.right.kind === 'input' && x.right.index === k);
    if (at < 0) {
      const name = rightPlan.schema[k]!.name;
      fail('UNSUPPORTED', `the ON condition of a temporal join must equate the PRIMARY KEY column '${name}' of '${right.name.name}' with the left input (… ON l.x = ${(right.alias ?? right.name).name}.${name})`, j.on.pos, TEMPORAL_JOIN_FORM);
    }
    used.add(at);
    leftKeys.push(cond.keys[at]!.left);
    rightKeys.push(cond.keys[at]!.right);
  }
  const rest = [
    ...cond.keys.flatMap((x, i) => (used.has(i) ? [] : [call(x.nullSafe ? 'IS_NOT_DISTINCT_FROM' : '=', [x.left, shift(x.right, lw)])])),
    ...cond.residual,
    ...cond.timeConjuncts,
  ];
  const residual = rest.length === 0 ? null : rest.reduce((a, b) => call('AND', [a, b]));
  const padRight = j.type === 'left';
  const schema: Column[] = [
    ...left.plan.schema.map((c) => ({ name: c.name, type: c.type, ...(c.rowtime ? { rowtime: true } : {}), ...(c.proctime ? { proctime: true } : {}) })),
    ...rightPlan.schema.map((c) => ({ name: c.name, type: padRight ? { ...c.type, nullable: true } : c.type })),
  ];
  return { leftKeys, rightKeys, residual, schema, scope };
}

/**
 * The right side's plan and its versioned-relation properties (versioned.ts), or the diagnostic that
 * says why it has none, at the name of the table or view. A view (or CTE) is read through its plan, as
 * Flink inlines it: its versions are those of the table or deduplication it is computed from, so the
 * plan of a view it reads in turn is inlined too.
 */
function versionedInput(right: TableRef, catalog: CatalogReader, time: 'event' | 'none'): { plan: LogicalPlan; versioned: Extract<Versioned, { ok: true }>; view?: string } {
  const name = right.name.name;
  const source = catalog.source(name);
  const cte = catalog.cte?.(name);
  const found = source || cte ? undefined : catalog.view(name);
  const view = found && !found.adhoc ? found : undefined;
  // relationPlan: the table's scan, the CTE's plan, or the unknown-relation diagnostic.
  const plan = view ? inlineViews({ ...view.plan, schema: view.schema } as LogicalPlan, catalog) : inlineViews(relationPlan(right.name, catalog), catalog);
  const versioned = versionedRelation(plan, time);
  if (versioned.ok) return { plan, versioned, ...(view ? { view: view.name } : {}) };
  if (source) {
    if (versioned.missing === 'key') {
      fail('UNSUPPORTED', `'${name}' has no PRIMARY KEY, so it is not a versioned table: a temporal join needs to know which rows are versions of one key`, right.name.pos, TEMPORAL_JOIN_FORM);
    }
    fail('UNSUPPORTED', `'${name}' has no WATERMARK FOR column, so its versions have no event time to join AS OF`, right.name.pos, TEMPORAL_JOIN_FORM);
  }
  const what = cte ? 'query' : 'view';
  switch (versioned.missing) {
    case 'key':
      fail('UNSUPPORTED', `'${name}' is not a versioned ${what}: no primary key can be derived from it (${versioned.why}), so a temporal join cannot tell which rows are versions of one key`, right.name.pos, TEMPORAL_JOIN_FORM);
    case 'rowtime':
      fail('UNSUPPORTED', `'${name}' is not a versioned ${what}: no event-time attribute can be derived from it (${versioned.why}), so its versions have no time to join AS OF`, right.name.pos, TEMPORAL_JOIN_FORM);
    case 'filter':
      fail('UNSUPPORTED', `'${name}' filters a changelog, which is not allowed on the right side of a temporal join: ${versioned.why} (filter the join's result instead, or the input of a deduplication)`, right.name.pos, TEMPORAL_JOIN_FORM);
  }
}

/** The plan with the views that its projections and filters read replaced by their plans. */
function inlineViews(plan: LogicalPlan, catalog: CatalogReader): LogicalPlan {
  switch (plan.kind) {
    case 'view_scan': {
      const v = catalog.view(plan.view);
      return v ? inlineViews({ ...v.plan, schema: plan.schema } as LogicalPlan, catalog) : plan;
    }
    case 'project':
    case 'filter':
      return { ...plan, inputs: [inlineViews(plan.inputs[0], catalog)] } as LogicalPlan;
    default:
      return plan;
  }
}

function call(fn: string, args: BoundExpr[]): BoundExpr {
  return { kind: 'call', fn, args, type: { name: 'BOOLEAN', nullable: args.some((a) => a.type.nullable) } };
}
