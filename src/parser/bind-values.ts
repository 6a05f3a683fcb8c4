/**
 * Constant rows in FROM: `(VALUES (1, 'a'), (2, 'b')) AS t (x, y)`, and the one empty row a SELECT without
 * FROM reads (`SELECT 1 + 2 AS x` is `SELECT 1 + 2 AS x FROM (VALUES ())`).
 *
 * Each column's type is the common type of its values in every row (as a UNION would), and each value is
 * brought to it. Columns are named by the alias list, else EXPR$0, EXPR$1, ... as in Flink. A value may be
 * any expression that reads no column; the rows are computed once, when the query starts.
 */
import type { Ident, ValuesRef } from './ast.js';
import type { FromResult, ScopeColumn } from './bind-from.js';
import { scopeOf } from './bind-from.js';
import { bindExpr } from './bind-expr.js';
import type { BoundExpr, ExprScope } from './bound-expr.js';
import { fail } from './diagnostics.js';
import { coerce, commonType } from './functions.js';
import type { Column, LogicalPlan } from './logical-plan.js';
import { typeToString, type SqlType } from './types.js';

const NO_COLUMNS: ExprScope = {
  clause: 'VALUES',
  column: (ref) =>
    fail('UNKNOWN_COLUMN', `column '${ref.name.name}' not found: there is no FROM, so there are no columns to read`, ref.pos, 'add FROM <source>, or write a constant'),
};

export function bindValues(from: ValuesRef): FromResult {
  const width = from.rows[0]?.length ?? 0;
  const bound: BoundExpr[][] = from.rows.map((row, r) => {
    if (row.length !== width) {
      fail('TYPE_MISMATCH', `VALUES rows must have the same number of columns: row 1 has ${width}, row ${r + 1} has ${row.length}`, row[0]?.pos ?? from.pos);
    }
    return row.map((e) => {
      const b = bindExpr(e, { ...NO_COLUMNS, clause: from.implicit ? 'SELECT' : 'VALUES' });
      if (b.type.name === 'INTERVAL') fail('TYPE_MISMATCH', 'an INTERVAL cannot be a column value; add it to a TIMESTAMP', e.pos);
      return b;
    });
  });
  const types: SqlType[] = [];
  for (let c = 0; c < width; c++) {
    let t = bound[0]![c]!.type;
    for (let r = 1; r < bound.length; r++) {
      const next = commonType(t, bound[r]![c]!.type);
      if (next === null) {
        fail('TYPE_MISMATCH', `column ${c + 1} of VALUES has values of incompatible types: ${typeToString(t)} and ${typeToString(bound[r]![c]!.type)}`, from.rows[r]![c]!.pos);
      }
      t = next;
    }
    types.push(t);
  }
  const names = columnNames(from.columns, width, from.pos);
  const schema: Column[] = types.map((t, c) => ({ name: names[c]!, type: t.name === 'NULL' ? { name: 'NULL', nullable: true } : t }));
  const rows = bound.map((row) => row.map((e, c) => coerce(e, types[c]!)));
  const plan: LogicalPlan = { kind: 'values', inputs: [], rows, schema };
  return { plan, scope: scopeOf(schema, from.alias?.name ?? '') };
}

function columnNames(given: readonly Ident[] | undefined, width: number, at: ValuesRef['pos']): string[] {
  if (given === undefined) return Array.from({ length: width }, (_, i) => `EXPR$${i}`);
  if (given.length !== width) fail('TYPE_MISMATCH', `${given.length} column names for ${width} columns of VALUES`, given[0]?.pos ?? at);
  const seen = new Set<string>();
  for (const g of given) {
    if (seen.has(g.name)) fail('DUPLICATE_NAME', `column name '${g.name}' appears twice`, g.pos);
    seen.add(g.name);
  }
  return given.map((g) => g.name);
}

/** `FROM x AS t (a, b)`: the relation's columns under new names, in order (as many names as columns). */
export function renameColumns(scope: readonly ScopeColumn[], names: readonly Ident[], what: string): ScopeColumn[] {
  if (names.length !== scope.length) {
    fail('TYPE_MISMATCH', `${names.length} column name${names.length === 1 ? '' : 's'} for the ${scope.length} columns of ${what}`, names[0]!.pos);
  }
  const seen = new Set<string>();
  return scope.map((sc, i) => {
    const name = names[i]!;
    if (seen.has(name.name)) fail('DUPLICATE_NAME', `column name '${name.name}' appears twice`, name.pos);
    seen.add(name.name);
    return { ...sc, name: name.name, column: { ...sc.column, name: name.name } };
  });
}
