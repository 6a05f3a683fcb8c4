/**
 * UNNEST joined to the relation it reads, as Flink spells it:
 *
 *   FROM t CROSS JOIN UNNEST(t.tags) AS u (tag)                 one row per element (none for an empty array)
 *   FROM t, UNNEST(t.tags) AS u (tag)                           the same
 *   FROM t [INNER] JOIN UNNEST(t.tags) AS u (tag) ON TRUE       the same (another ON filters the rows)
 *   FROM t LEFT JOIN UNNEST(t.tags) AS u (tag) ON TRUE          plus one row with NULL for an empty or NULL array
 *   UNNEST(t.m) AS u (k, v)                                     a MAP: one row per entry, its key and value
 *   UNNEST(t.rows) AS u (a, b)                                  an ARRAY of ROWs: one column per field
 *   UNNEST(t.tags) WITH ORDINALITY AS u (tag, pos)              and the 1-based position (INT NOT NULL)
 *
 * The expression is bound against the left relation only (a lateral reference); the result is an `unnest`
 * plan node over the left plan, its rows the left row's columns then the element's. Without names the
 * columns are EXPR$0 (an ARRAY's element), KEY and VALUE (a MAP's), ORDINALITY.
 */
import type { JoinRef, UnnestRef } from './ast.js';
import { bindExpr } from './bind-expr.js';
import { bindFrom, resolveColumn, type FromResult, type ScopeColumn, type SelectBinder } from './bind-from.js';
import type { WherePool } from './bind-join.js';
import { renameColumns } from './bind-values.js';
import type { BoundExpr, ExprScope } from './bound-expr.js';
import type { CatalogReader } from './catalog.js';
import { fail } from './diagnostics.js';
import type { Column, LogicalPlan } from './logical-plan.js';
import { fieldsOf, T, typeToString, withNullable } from './types.js';

export function bindUnnestJoin(j: JoinRef, right: UnnestRef, catalog: CatalogReader, bindSelect: SelectBinder, pool?: WherePool): FromResult {
  if (j.type === 'right' || j.type === 'full') fail('UNSUPPORTED', `${j.type.toUpperCase()} JOIN UNNEST is not supported; use CROSS JOIN UNNEST or LEFT JOIN UNNEST ... ON TRUE`, j.pos);
  const left = bindFrom(j.left, catalog, bindSelect, pool);
  if (right.args.length !== 1) fail('UNSUPPORTED', `UNNEST takes one ARRAY or MAP, got ${right.args.length} arguments`, right.pos);
  const lateral: ExprScope = {
    clause: 'UNNEST',
    column: (ref) => {
      const sc = resolveColumn(left.scope, ref);
      return { kind: 'input', index: sc.index, name: sc.name, type: sc.column.type };
    },
  };
  const arg = right.args[0]!;
  const expr = bindExpr(arg, lateral);
  const t = expr.type;
  const outer = j.type === 'left';
  const member = (c: Column): Column => (outer ? { ...c, type: withNullable(c.type, true) } : c);
  let added: Column[];
  // An ARRAY of ROWs gives one column per field (Flink's UNNEST), named by the fields unless renamed.
  if (t.name === 'ARRAY' && t.element!.name === 'ROW') added = fieldsOf(t.element!).map((f) => ({ name: f.name, type: withNullable(f.type, f.type.nullable || t.element!.nullable) }));
  else if (t.name === 'ARRAY') added = [{ name: 'EXPR$0', type: t.element! }];
  else if (t.name === 'MAP') added = [{ name: 'KEY', type: t.key! }, { name: 'VALUE', type: t.value! }];
  else fail('TYPE_MISMATCH', `UNNEST expects an ARRAY or MAP, got ${typeToString(t)}`, arg.pos);
  if (right.ordinality) added.push({ name: 'ORDINALITY', type: T.int(false) });
  added = added.map(member);

  const qualifier = right.alias?.name ?? '';
  const lw = left.plan.schema.length;
  let addedScope: ScopeColumn[] = added.map((column, i) => ({ name: column.name, qualifier, index: lw + i, column }));
  if (right.columns !== undefined) addedScope = renameColumns(addedScope, right.columns, 'UNNEST');
  const schema = [...left.plan.schema, ...addedScope.map((c) => c.column)];
  let plan: LogicalPlan = { kind: 'unnest', inputs: [left.plan], expr, ordinality: right.ordinality, outer, schema };
  const scope = [...left.scope, ...addedScope];

  if (!j.implicit && !j.cross) {
    const on = bindExpr(j.on, { clause: 'ON', column: (ref) => inputOf(resolveColumn(scope, ref)) });
    const always = on.kind === 'const' && on.value === true;
    if (!always && outer) fail('UNSUPPORTED', 'LEFT JOIN UNNEST takes ON TRUE only (as in Flink); filter the rows in WHERE', j.on.pos);
    if (on.type.name !== 'BOOLEAN' && on.type.name !== 'NULL') fail('TYPE_MISMATCH', `ON needs a BOOLEAN condition, got ${typeToString(on.type)}`, j.on.pos);
    if (!always) plan = { kind: 'filter', inputs: [plan], predicate: on, schema };
  }
  return { plan, scope };
}

const inputOf = (sc: ScopeColumn): BoundExpr => ({ kind: 'input', index: sc.index, name: sc.name, type: sc.column.type });
