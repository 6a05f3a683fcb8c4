/**
 * JOIN binding: `left [INNER | LEFT | RIGHT | FULL] JOIN right ON cond`. The ON condition is split into
 * conjuncts and sorted into what decides how the join can run incrementally (Flink's three joins):
 *
 *   L.window_start = R.window_start AND L.window_end = R.window_end   → window join
 *   L.ts BETWEEN R.ts - a AND R.ts + b  (or <, <=, >, >= pairs)        → interval join
 *   neither                                                           → regular join (unbounded state);
 *     a time condition without constant bounds on both sides (one side only, or a bound that is an
 *     ordinary column) stays in the residual of a regular join, as in Flink
 *
 * `FROM a, b WHERE ...` (a comma join) is an inner join whose ON is the WHERE conjuncts over both inputs.
 *
 * Equalities between an expression of the left input and one of the right become hash keys; the rest
 * stays a residual predicate over the joined row. Output row: [...left, ...right]; the side an outer
 * join pads becomes nullable. Time attributes survive where they stay non-NULL (see `joinSchema`).
 */
import type { Expr, FromItem, JoinRef, Pos, Select } from './ast.js';
import { checkSameWindow } from './join-window.js';
import { bindExpr } from './bind-expr.js';
import { resolveColumn, type FromResult, type ScopeColumn, type SelectBinder } from './bind-from.js';
import { bindFrom } from './bind-from.js';
import type { BoundExpr } from './bound-expr.js';
import type { CatalogReader } from './catalog.js';
import type { ExprScope } from './bound-expr.js';
import { DiagnosticError, fail } from './diagnostics.js';
import { astConjuncts, someExpr } from './expr-walk.js';
import { analyzeCondition, inputRange } from './join-condition.js';
import { bindUnnestJoin } from './bind-unnest.js';
import { bindTemporalJoin } from './bind-temporal-join.js';
import { mergeUsing, usingColumns } from './bind-using.js';
import type { Column, JoinNode } from './logical-plan.js';
import { isChangelog } from './logical-plan.js';
import { typeToString } from './types.js';

export const SUPPORTED_JOINS =
  'supported joins: a window join (ON L.window_start = R.window_start AND L.window_end = R.window_end [AND keys]), ' +
  'an interval join (ON keys AND L.ts BETWEEN R.ts - INTERVAL ... AND R.ts + INTERVAL ..., on both event-time attributes), ' +
  'or a regular join (on equality keys, or without any: each row meets every row of the other side; its other conditions, time conditions that are not such bounds included, are checked per pair)';

/**
 * WHERE conjuncts a comma join (`FROM a, b WHERE a.k = b.k AND ...`) may take as its ON condition:
 * each implicit join takes those that read both of its inputs (and no other relation), as Flink's
 * planner pushes them into the join; what is left stays in WHERE.
 */
export interface WherePool {
  conjuncts: Expr[];
}

/** The WHERE conjuncts of a SELECT whose FROM has a comma join (undefined otherwise). */
export function commaPool(sel: Select): WherePool | undefined {
  const comma = (f: FromItem): boolean => f.kind === 'join' && (f.implicit === true || comma(f.left) || comma(f.right));
  return sel.where && comma(sel.from) ? { conjuncts: astConjuncts(sel.where) } : undefined;
}

/** The SELECT with the conjuncts no comma join took as its WHERE. */
export function withWhere(sel: Select, pool: WherePool): Select {
  if (pool.conjuncts.length === 0) return { ...sel, where: undefined };
  return { ...sel, where: pool.conjuncts.reduce((a, b) => ({ kind: 'binary', op: 'AND', left: a, right: b, pos: a.pos })) };
}

export function bindJoin(j: JoinRef, catalog: CatalogReader, bindSelect: SelectBinder, pool?: WherePool): FromResult {
  if (j.right.kind === 'table' && j.right.asOf && (j.using || j.natural)) {
    fail('UNSUPPORTED', `a temporal join (FOR SYSTEM_TIME AS OF) takes ON, not ${j.natural ? 'NATURAL' : 'USING'}`, j.natural ? j.pos : j.on.pos, 'ON l.k = r.k for each key column of the versioned table');
  }
  if (j.right.kind === 'table' && j.right.asOf) return bindTemporalJoin(j, { ...j.right, asOf: j.right.asOf }, catalog, bindSelect);
  if (j.right.kind === 'unnest') return bindUnnestJoin(j, j.right, catalog, bindSelect, j.type === 'inner' || j.type === 'left' ? pool : undefined);
  if (j.left.kind === 'unnest') fail('UNSUPPORTED', 'UNNEST reads the relation on its left: FROM t CROSS JOIN UNNEST(t.a) AS u (x)', j.left.pos);
  // The pool reaches the inputs of an inner join and the left of a LEFT join (whose rows are never padded).
  const left = bindFrom(j.left, catalog, bindSelect, j.type === 'inner' || j.type === 'left' ? pool : undefined);
  const right = bindFrom(j.right, catalog, bindSelect, j.type === 'inner' ? pool : undefined);
  for (const side of [left, right]) {
    // A session's bounds are known only when it ends: there is no row-by-row SESSION TVF to join.
    if (side.tvf?.window.kind === 'session') fail('UNSUPPORTED', 'a SESSION window TVF must be aggregated before it is joined: GROUP BY window_start, window_end [, keys]', side.tvf.ref.pos);
  }
  const lw = left.plan.schema.length;
  const scope: ScopeColumn[] = [...left.scope, ...right.scope.map((c) => ({ ...c, index: c.index + lw }))];
  const onScope: ExprScope = {
    clause: j.implicit ? 'WHERE' : 'ON',
    column: (ref) => {
      const sc = resolveColumn(scope, ref);
      return { kind: 'input', index: sc.index, name: sc.name, type: sc.column.type };
    },
  };
  const using = j.using || j.natural ? usingColumns(j, left, right) : null;
  const on = using ? using.on : j.implicit ? commaCondition(j, pool, onScope, lw) : bindExpr(j.on, onScope);
  if (on.type.name !== 'BOOLEAN' && on.type.name !== 'NULL') fail('TYPE_MISMATCH', `ON needs a BOOLEAN condition, got ${typeToString(on.type)}`, j.on.pos);

  const plan = joinNode(j.type, left, right, on, { join: j.pos, on: j.on.pos }, catalog);
  // Each name reads its column of the join's output (the padded side's columns became nullable).
  const scoped = scope.map((sc) => ({ ...sc, column: plan.schema[sc.index]! }));
  return using ? mergeUsing(j, plan, scoped, using) : { plan, scope: scoped };
}

/** The ON condition of a comma join: the pool's conjuncts that bind over both inputs and read both. */
function commaCondition(j: JoinRef, pool: WherePool | undefined, scope: ExprScope, lw: number): BoundExpr {
  const taken: BoundExpr[] = [];
  if (pool) {
    pool.conjuncts = pool.conjuncts.filter((c) => {
      if (someExpr(c, (e) => e.kind === 'subquery_pred')) return true; // a semi/anti join, bound later
      let b: BoundExpr;
      try {
        b = bindExpr(c, scope);
      } catch (e) {
        if (e instanceof DiagnosticError) return true; // another relation's column, or WHERE reports it
        throw e;
      }
      const [lo, hi] = inputRange(b);
      if (!(lo < lw && hi >= lw)) return true;
      taken.push(b);
      return false;
    });
  }
  if (taken.length === 0) return { kind: 'const', value: true, type: { name: 'BOOLEAN', nullable: false } };
  const on = taken.reduce((a, b) => and(a, b));
  if (on.type.name !== 'BOOLEAN' && on.type.name !== 'NULL') fail('TYPE_MISMATCH', `WHERE needs a BOOLEAN condition, got ${typeToString(on.type)}`, j.pos);
  return on;
}

/**
 * The join node of `left ⋈ right ON on` (`on` bound over [...left, ...right]): sorts ON into keys, window
 * or interval bounds and a residual, and picks the strategy. Semi and anti joins (from [NOT] EXISTS /
 * [NOT] IN) output the left row only; they have window and regular forms (a time range between the two
 * inputs stays in their residual, as in Flink, which has no interval semi join).
 */
export function joinNode(
  type: JoinNode['type'],
  left: FromResult,
  right: FromResult,
  on: BoundExpr,
  at: { readonly join: Pos; readonly on: Pos },
  catalog: CatalogReader,
): JoinNode {
  const semi = type === 'semi' || type === 'anti';
  const cond = analyzeCondition(on, left.plan.schema, right.plan.schema);
  let strategy: JoinNode['strategy'];
  if (cond.window.start && cond.window.end) {
    for (const [side, r] of [['left', left], ['right', right]] as const) {
      if (isChangelog(r.plan)) fail('UNSUPPORTED', `a window join cannot read a changelog on its ${side} side; window joins read append-only windowed inputs`, at.join, SUPPORTED_JOINS);
    }
    checkSameWindow(left.plan, right.plan, catalog, at.on);
    strategy = { kind: 'window', leftStart: cond.window.start[0], leftEnd: cond.window.end[0], rightStart: cond.window.start[1], rightEnd: cond.window.end[1] };
  } else if (cond.window.start || cond.window.end) {
    fail(
      'UNSUPPORTED',
      `a window join needs both L.window_start = R.window_start and L.window_end = R.window_end in ${semi ? 'the subquery' : 'ON'} (found only window_${cond.window.start ? 'start' : 'end'})`,
      at.on,
      SUPPORTED_JOINS,
    );
  } else if (cond.interval && !semi && cond.interval.lower !== -Infinity && cond.interval.upper !== Infinity) {
    // Bounded on both sides by constant offsets: an interval join. A time condition bounded on one side
    // only, or against a column that is not the other input's time attribute (Nexmark q4's
    // `B.ts BETWEEN A.ts AND A.expires`), is a regular join with that condition as residual, as in Flink
    // (IntervalJoinUtil finds no window bounds; the inputs' time attributes become plain TIMESTAMPs).
    const iv = cond.interval;
    for (const [side, r] of [['left', left], ['right', right]] as const) {
      if (isChangelog(r.plan)) fail('UNSUPPORTED', `an interval join cannot read a changelog on its ${side} side`, at.join, SUPPORTED_JOINS);
    }
    strategy = { kind: 'interval', leftTime: iv.leftTime, rightTime: iv.rightTime, lower: iv.lower, upper: iv.upper, ...(iv.proctime ? { proctime: true as const } : {}) };
  } else {
    // A join without keys (a cross join, a join on non-equi conditions only, EXISTS (SELECT * FROM r), a
    // scalar subquery's join) puts all rows under one key, as Flink's streaming join does: each row meets
    // every row of the other side (EXPLAIN says the state is unbounded).
    strategy = { kind: 'regular', ttlMs: null };
  }

  const schema = semi ? semiSchema(left.plan.schema, strategy) : joinSchema(type, left.plan.schema, right.plan.schema, strategy);
  // ON TRUE (a scalar subquery's join, an uncorrelated EXISTS) leaves no residual to check.
  const rest = (strategy.kind === 'interval' ? cond.residual : [...cond.residual, ...cond.timeConjuncts]).filter((c) => !(c.kind === 'const' && c.value === true));
  const residual = rest.length === 0 ? null : rest.reduce((a, b) => and(a, b));
  return {
    kind: 'join',
    type,
    inputs: [left.plan, right.plan],
    leftKeys: cond.keys.map((k) => k.left),
    rightKeys: cond.keys.map((k) => k.right),
    nullSafe: cond.keys.map((k) => k.nullSafe),
    residual,
    strategy,
    schema,
  };
}

/**
 * [...left, ...right] with the padded side nullable. A window join keeps the window columns of the
 * side that is never padded (both for INNER); an interval join keeps the time attributes of every side
 * that is never padded (both for INNER, as in Flink: its output watermark is held back by the interval,
 * which covers either input's time); a regular join keeps none (its rows are not in event-time order).
 */
function joinSchema(type: JoinNode['type'], l: readonly Column[], r: readonly Column[], s: JoinNode['strategy']): Column[] {
  const padL = type === 'right' || type === 'full';
  const padR = type === 'left' || type === 'full';
  const side = (cols: readonly Column[], padded: boolean, keepTime: boolean): Column[] =>
    cols.map((c) => {
      const type = padded ? { ...c.type, nullable: true } : c.type;
      const window = s.kind === 'window' && !padded && c.windowProp ? { windowProp: c.windowProp } : {};
      const time = c.rowtime && keepTime && !padded && s.kind !== 'regular' ? { rowtime: true } : {};
      return { name: c.name, type, ...window, ...time };
    });
  // A window join keeps one time attribute: the left one unless the left side is padded.
  return [...side(l, padL, true), ...side(r, padR, s.kind === 'interval' || padL)];
}

/**
 * A semi/anti join outputs its left rows. A window semi/anti join emits them when their window closes, so
 * their window columns and time attribute stay; a regular one emits a row whenever a match comes or goes,
 * out of event-time order, so (as for a regular join) they do not.
 */
function semiSchema(left: readonly Column[], s: JoinNode['strategy']): Column[] {
  return left.map((c) => (s.kind === 'window' || (!c.rowtime && !c.windowProp) ? c : { name: c.name, type: c.type }));
}

function and(a: BoundExpr, b: BoundExpr): BoundExpr {
  return { kind: 'call', fn: 'AND', args: [a, b], type: { name: 'BOOLEAN', nullable: a.type.nullable || b.type.nullable } };
}
