/**
 * ROW values at run time (the type rules are in src/parser/functions-rows.ts): a JS array of the fields'
 * values by position, NULL fields null, as Flink's RowData holds them; the field names belong to the type.
 * Like ARRAY and MAP values (collections.ts) a row is never changed once built, and equal rows are equal
 * by contents (collections.ts sameValue compares arrays element by element).
 */

/** ROW(a, b, ...) over evaluated arguments: the row is the argument list itself. */
export function rowOf(...fields: unknown[]): unknown[] {
  return fields;
}

/** A row with each non-NULL field converted by its own function (CAST between ROW types); NULL stays NULL. */
export function mapFields(r: readonly unknown[], fns: readonly ((x: unknown) => unknown)[]): unknown[] {
  const out = new Array<unknown>(fns.length);
  for (let i = 0; i < fns.length; i++) {
    const x = r[i];
    out[i] = x === null || x === undefined ? null : (fns[i]!(x) ?? null);
  }
  return out;
}
