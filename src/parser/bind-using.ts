/**
 * `JOIN r USING (a, b)` and `NATURAL JOIN r` (NATURAL: USING every column name both inputs have), as
 * Calcite and Flink read them:
 *
 *   l JOIN r USING (a)      ON l.a = r.a; the output column `a` is merged from both inputs:
 *                           INNER / LEFT: l.a     RIGHT: r.a     FULL: COALESCE(l.a, r.a)
 *   SELECT *                the merged columns once, first (in USING order), then the other columns of
 *                           l, then those of r; `l.*` is still every column of l, `l.a` still l's own a
 *
 * For INNER, LEFT and RIGHT the merged column is the preserved side's column itself (equal to
 * COALESCE(l.a, r.a) there), so it keeps what that column is: an event-time attribute, a window column
 * (`USING (window_start, window_end, k)` is a window join). A FULL join, or a pair of columns of
 * different types, computes the COALESCE in a projection over the join (of the common type).
 * A USING name must be a column of both inputs, unambiguous in each; NATURAL without common names is a
 * cross join.
 */
import type { Ident, JoinRef } from './ast.js';
import { applyFunction } from './bind-expr.js';
import { resolveColumn, type FromResult, type ScopeColumn } from './bind-from.js';
import type { BoundExpr } from './bound-expr.js';
import { fail } from './diagnostics.js';
import type { Column, LogicalPlan } from './logical-plan.js';
import { typeToString } from './types.js';

export interface UsingColumns {
  /** The ON condition over [...left, ...right]: `l.a = r.a AND ...` (TRUE when there is nothing to join on). */
  readonly on: BoundExpr;
  /** Per merged column: its name and the two columns it merges (right indexes shifted past the left). */
  readonly pairs: readonly { readonly name: string; readonly left: ScopeColumn; readonly right: ScopeColumn }[];
}

/** The columns a USING list or a NATURAL join merges, and the equalities it joins on. */
export function usingColumns(j: JoinRef, left: FromResult, right: FromResult): UsingColumns {
  const lw = left.plan.schema.length;
  const names: Ident[] = j.using ? [...j.using] : naturalNames(left.scope, right.scope, j);
  const seen = new Set<string>();
  const pairs = names.map((n) => {
    if (seen.has(n.name)) fail('DUPLICATE_NAME', `column '${n.name}' appears twice in USING`, n.pos);
    seen.add(n.name);
    const ref = { kind: 'column' as const, name: n, pos: n.pos };
    const side = (from: FromResult, what: string): ScopeColumn => {
      const found = from.scope.filter((c) => !c.hidden && !c.qualifiedOnly && (c.name === n.name || (!n.quoted && c.name.toLowerCase() === n.name)));
      if (found.length === 0) {
        const available = [...new Set(from.scope.filter((c) => !c.hidden && !c.qualifiedOnly).map((c) => c.name))];
        fail('UNKNOWN_COLUMN', `column '${n.name}' of USING is not a column of the ${what} input; its columns: ${available.join(', ')}`, n.pos);
      }
      return resolveColumn(from.scope, ref);
    };
    const l = side(left, 'left');
    const r = side(right, 'right');
    return { name: l.name, left: l, right: { ...r, index: r.index + lw } };
  });
  const at = j.on.pos;
  const eqs = pairs.map((p) => applyFunction('=', 'USING', [input(p.left), input(p.right)], [at, at], at));
  const on: BoundExpr = eqs.length === 0 ? { kind: 'const', value: true, type: { name: 'BOOLEAN', nullable: false } } : eqs.reduce((a, b) => applyFunction('AND', 'AND', [a, b], [at, at], at));
  return { on, pairs };
}

/**
 * The join's output with the merged columns in scope: `plan` is the join node; the result's scope lists
 * the merged columns first (unqualified), then every column of both inputs, the merged ones' own copies
 * reachable only qualified.
 */
export function mergeUsing(j: JoinRef, plan: LogicalPlan, scope: readonly ScopeColumn[], u: UsingColumns): FromResult {
  const schema = plan.schema;
  const merged: ScopeColumn[] = [];
  const extra: BoundExpr[] = [];
  const extraCols: Column[] = [];
  for (const p of u.pairs) {
    const lc = schema[p.left.index]!;
    const rc = schema[p.right.index]!;
    const sameType = typeToString({ ...lc.type, nullable: true }) === typeToString({ ...rc.type, nullable: true });
    if (j.type !== 'full' && sameType) {
      const index = j.type === 'right' ? p.right.index : p.left.index;
      merged.push({ name: p.name, qualifier: '', index, column: { ...schema[index]!, name: p.name } });
      continue;
    }
    const e = applyFunction('COALESCE', 'USING', [input({ ...p.left, column: lc }), input({ ...p.right, column: rc })], [j.on.pos, j.on.pos], j.on.pos);
    const column: Column = { name: p.name, type: e.type };
    merged.push({ name: p.name, qualifier: '', index: schema.length + extra.length, column });
    extra.push(e);
    extraCols.push(column);
  }
  const merging = new Set(u.pairs.flatMap((p) => [p.left.index, p.right.index]));
  const rest = scope.map((sc) => (merging.has(sc.index) && !sc.hidden ? { ...sc, qualifiedOnly: true } : sc));
  if (extra.length === 0) return { plan, scope: [...merged, ...rest] };
  const exprs: BoundExpr[] = [...schema.map((c, index): BoundExpr => ({ kind: 'input', index, name: c.name, type: c.type })), ...extra];
  const projected: LogicalPlan = { kind: 'project', inputs: [plan], exprs, schema: [...schema, ...extraCols] };
  return { plan: projected, scope: [...merged, ...rest] };
}

/** NATURAL: the names (unqualified, visible) that both inputs have, in the left input's order. */
function naturalNames(left: readonly ScopeColumn[], right: readonly ScopeColumn[], j: JoinRef): Ident[] {
  const visible = (s: readonly ScopeColumn[]) => s.filter((c) => !c.hidden && !c.qualifiedOnly).map((c) => c.name);
  const rightNames = new Set(visible(right));
  const names: string[] = [];
  for (const n of visible(left)) if (rightNames.has(n) && !names.includes(n)) names.push(n);
  return names.map((name) => ({ name, quoted: true, pos: j.pos }));
}

function input(sc: ScopeColumn): BoundExpr {
  return { kind: 'input', index: sc.index, name: sc.name, type: sc.column.type };
}
