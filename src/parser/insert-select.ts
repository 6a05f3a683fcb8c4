/**
 * `INSERT INTO t [(c1, c2, ...)] SELECT ...`: a continuous job (Flink's INSERT INTO a connector table).
 *
 * The job is a view named `insert_into_<t>`: it runs, checkpoints, restores and is stopped like any view,
 * and its output rows are written to the table t by t's connector (the sink). Rows map to t's columns by
 * position (Flink's rule), or to the listed columns; every column of t must be given (no defaults).
 * A table takes one INSERT INTO job: the job's name, its stored state and its message ids all derive from
 * the table's name, so two jobs would collide (write one job with UNION ALL instead).
 *
 * Checked here, with the caret on the culprit: t exists and is a table (not a view), the column count and
 * types line up, the connector can be written to (`catalog.checkSink`, the engine's registry: a
 * changelog into an append-only format, a partitioned table without its key column).
 */
import type { Ident, Pos, Select, CreateViewStmt } from './ast.js';
import type { CatalogReader, SinkTarget, ViewDef } from './catalog.js';
import { closest, physicalColumns } from './catalog.js';
import { fail } from './diagnostics.js';
import { isChangelog } from './logical-plan.js';
import { isNumeric, typeToString, type SqlType } from './types.js';

/** The name of the job that inserts into `table`. */
export function insertJobName(table: string): string {
  return `insert_into_${table}`;
}

/** The AST of an INSERT ... SELECT: a CREATE VIEW of the job, marked with its target. */
export function insertSelect(table: Ident, columns: readonly Ident[], query: Select, pos: Pos): CreateViewStmt {
  return {
    kind: 'create_view',
    name: { name: insertJobName(table.name), quoted: table.quoted, pos: table.pos },
    query,
    materialized: false,
    ifNotExists: false,
    orReplace: false,
    pos,
    insertInto: { table, columns },
  };
}

/** Checks an INSERT job against its target table; returns the sink the view def carries. */
export function bindInsertTarget(
  into: NonNullable<CreateViewStmt['insertInto']>,
  def: Omit<ViewDef, 'sink'>,
  catalog: CatalogReader,
  pos: Pos,
): SinkTarget {
  const table = catalog.source(into.table.name);
  if (!table) {
    if (catalog.view(into.table.name)) fail('UNSUPPORTED', `'${into.table.name}' is a view; INSERT INTO writes to a table (CREATE TABLE ... WITH (connector = ...))`, into.table.pos);
    const hint = closest(into.table.name, catalog.relationNames());
    fail('UNKNOWN_SOURCE', `no table named '${into.table.name}'`, into.table.pos, hint ? `did you mean '${hint}'?` : undefined);
  }
  // Computed columns are computed by the table's readers, never written (Flink's rule).
  const physical = physicalColumns(table);
  const names = into.columns.length === 0
    ? physical.map((c) => c.name)
    : into.columns.map((c) => {
        const col = table.columns.find((sc) => sc.name === c.name || (!c.quoted && sc.name.toLowerCase() === c.name));
        if (!col) fail('UNKNOWN_COLUMN', `column '${c.name}' not found in '${table.name}'; available: ${table.columns.map((x) => x.name).join(', ')}`, c.pos);
        if (col.computed) fail('UNSUPPORTED', computedWriteMessage(table.name, col.name), c.pos);
        return col.name;
      });
  const missing = physical.filter((c) => !names.includes(c.name)).map((c) => c.name);
  if (missing.length > 0) fail('TYPE_MISMATCH', `INSERT INTO '${table.name}' must give every column; missing: ${missing.join(', ')}`, into.table.pos);
  if (def.schema.length !== names.length) {
    fail(
      'TYPE_MISMATCH',
      `the query gives ${def.schema.length} columns (${def.schema.map((c) => c.name).join(', ')}) but '${table.name}' takes ${names.length} (${names.join(', ')}); columns map by position`,
      pos,
    );
  }
  names.forEach((name, i) => {
    const to = table.columns.find((c) => c.name === name)!.type;
    const from = def.schema[i]!;
    if (!assignable(from.type, to)) {
      fail('TYPE_MISMATCH', `column ${i + 1} of the query ('${from.name}', ${typeToString(from.type)}) cannot be written to '${table.name}.${name}' (${typeToString(to)}); CAST it`, pos);
    }
  });
  const target: SinkTarget = { table: table.name, columns: names, changelog: isChangelog(def.plan) };
  const problem = catalog.checkSink?.(table, target);
  if (problem) fail('INVALID_OPTION', problem.message, into.table.pos, problem.hint);
  return target;
}

/** Why an INSERT may not name a computed column. */
export function computedWriteMessage(table: string, column: string): string {
  return `column '${column}' of '${table}' is a computed column (AS ...): its value is computed from the other columns, so an INSERT cannot write it; leave it out of the column list`;
}

/** Implicit conversions an INSERT makes (Flink's: numeric widening, anything to a string, NULL to all). */
function assignable(from: SqlType, to: SqlType): boolean {
  if (from.name === to.name) return true;
  if (from.name === 'NULL') return true;
  if (isNumeric(from) && isNumeric(to)) return true;
  if (to.name === 'VARCHAR') return true;
  return false;
}
