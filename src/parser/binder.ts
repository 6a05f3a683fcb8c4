/**
 * The binder: AST statements → bound statements (catalog objects and logical plans), resolving every
 * name and type against the catalog. User mistakes become diagnostics (thrown as DiagnosticError inside,
 * returned as data by `bindStatement`).
 */
import type { CreateSourceStmt, Expr, InsertStmt, Statement } from './ast.js';
import { typeFromRef } from './functions-cast.js';
import { bindExpr } from './bind-expr.js';
import { relationPlan, resolveColumn, scopeOf } from './bind-from.js';
import { bindSelect } from './bind-select.js';
import { bindInsertTarget, computedWriteMessage } from './insert-select.js';
import { applyStatementOptions } from './bind-options.js';
import type { CatalogReader, SourceColumn, SourceDef, ViewDef } from './catalog.js';
import { closest, physicalColumns } from './catalog.js';
import { DiagnosticError, fail, type Diagnostic } from './diagnostics.js';
import type { Column } from './logical-plan.js';
import type { BoundExpr } from './bound-expr.js';
import { typeToString } from './types.js';
import { bindPrimaryKey } from './bind-primary-key.js';

export type BoundStatement =
  | { readonly kind: 'create_source'; readonly def: SourceDef; readonly ifNotExists: boolean; readonly orReplace: boolean }
  | { readonly kind: 'create_view'; readonly def: ViewDef; readonly ifNotExists: boolean; readonly orReplace: boolean }
  | { readonly kind: 'query'; readonly def: ViewDef }
  /** INSERT ... VALUES: constant expressions per row, evaluated by the engine into JSON-like input rows. */
  | { readonly kind: 'insert'; readonly source: string; readonly columns: readonly string[]; readonly rows: readonly (readonly BoundExpr[])[] }
  | { readonly kind: 'drop'; readonly object: 'source' | 'view'; readonly name: string; readonly ifExists: boolean }
  | { readonly kind: 'show'; readonly object: 'sources' | 'views' }
  | { readonly kind: 'alter_source'; readonly name: string; readonly action: 'reset_watermark' }
  | { readonly kind: 'describe'; readonly name: string; readonly columns: readonly Column[]; readonly what: 'source' | 'view' }
  | { readonly kind: 'explain'; readonly def: ViewDef };

export function bindStatement(
  stmt: Statement,
  text: string,
  catalog: CatalogReader,
): { ok: true; bound: BoundStatement } | { ok: false; diagnostic: Diagnostic } {
  try {
    return { ok: true, bound: bind(stmt, text, catalog) };
  } catch (e) {
    if (e instanceof DiagnosticError) return { ok: false, diagnostic: e.diagnostic };
    throw e;
  }
}

function bind(stmt: Statement, text: string, catalog: CatalogReader): BoundStatement {
  switch (stmt.kind) {
    case 'create_source':
      return { kind: 'create_source', def: bindSource(stmt, text, catalog), ifNotExists: stmt.ifNotExists, orReplace: stmt.orReplace };
    case 'create_view': {
      const bound = bindSelect(stmt.query, catalog);
      const plan = applyStatementOptions(bound.plan, text, stmt.pos, stmt.with);
      const schema = bound.schema;
      const base: ViewDef = { name: stmt.name.name, ...(stmt.displayName ? { displayName: stmt.displayName } : {}), plan, schema, sql: text, adhoc: false };
      const def: ViewDef = stmt.insertInto ? { ...base, sink: bindInsertTarget(stmt.insertInto, base, catalog, stmt.pos) } : base;
      return { kind: 'create_view', def, ifNotExists: stmt.ifNotExists, orReplace: stmt.orReplace };
    }
    case 'query': {
      const { plan: bound, schema } = bindSelect(stmt.query, catalog);
      const plan = applyStatementOptions(bound, text, stmt.pos, undefined);
      return { kind: 'query', def: { name: '', plan, schema, sql: text, adhoc: true } };
    }
    case 'explain': {
      const inner = stmt.statement;
      const { plan: bound, schema } = bindSelect(inner.query, catalog);
      const plan = applyStatementOptions(bound, text, stmt.pos, inner.kind === 'create_view' ? inner.with : undefined);
      const name = inner.kind === 'create_view' ? inner.name.name : '';
      return { kind: 'explain', def: { name, plan, schema, sql: text, adhoc: inner.kind === 'query' } };
    }
    case 'insert':
      return bindInsert(stmt, catalog);
    case 'drop':
      return { kind: 'drop', object: stmt.object, name: stmt.name.name, ifExists: stmt.ifExists };
    case 'show':
      return { kind: 'show', object: stmt.object };
    case 'alter_source': {
      const source = catalog.source(stmt.name.name);
      if (!source) {
        const names = catalog.relationNames().filter((n) => catalog.source(n) !== undefined);
        const hint = closest(stmt.name.name, names);
        const isView = catalog.view(stmt.name.name) !== undefined;
        fail('UNKNOWN_SOURCE', `no source named '${stmt.name.name}'` + (isView ? ` ('${stmt.name.name}' is a view: only a source has a watermark of its own)` : ''), stmt.name.pos, hint ? `did you mean '${hint}'?` : undefined);
      }
      if (!source.watermark) fail('INVALID_WATERMARK', `source '${source.name}' has no WATERMARK, so there is none to reset`, stmt.name.pos);
      return { kind: 'alter_source', name: source.name, action: stmt.action };
    }
    case 'describe': {
      const plan = relationPlan(stmt.name, catalog);
      return { kind: 'describe', name: stmt.name.name, columns: plan.schema, what: plan.kind === 'scan' ? 'source' : 'view' };
    }
  }
}

function bindSource(stmt: CreateSourceStmt, text: string, catalog: CatalogReader): SourceDef {
  const columns: SourceColumn[] = [];
  const seen = new Set<string>();
  for (const c of stmt.columns) {
    if (seen.has(c.name.name)) fail('DUPLICATE_NAME', `column '${c.name.name}' is declared twice`, c.name.pos);
    seen.add(c.name.name);
    // A computed column's type is its expression's (bound below, once every physical column is known).
    if (c.type === null) {
      columns.push({ name: c.name.name, type: { name: 'NULL', nullable: true }, notNull: false });
      continue;
    }
    const type = typeFromRef(c.type);
    columns.push({ name: c.name.name, type: c.notNull ? { ...type, nullable: false } : type, notNull: c.notNull });
  }
  if (columns.length === 0) fail('SQL_SYNTAX', `source '${stmt.name.name}' needs at least one column`, stmt.pos);
  const proctime = bindComputedColumns(stmt, text, columns);
  if (columns.every((c) => c.computed !== undefined)) fail('SQL_SYNTAX', `source '${stmt.name.name}' needs at least one column that is not computed`, stmt.pos);
  const primaryKey = stmt.primaryKey ? bindPrimaryKey(stmt.primaryKey.columns, columns) : null;
  for (const [n, i] of (primaryKey ?? []).entries()) {
    if (columns[i]!.computed) fail('UNSUPPORTED', `PRIMARY KEY column '${columns[i]!.name}' is a computed column; a key must be a physical column (as in Flink)`, stmt.primaryKey!.columns[n]!.pos);
  }
  let rowtime: number | null = null;
  let watermark: SourceDef['watermark'] = null;
  if (stmt.watermark) {
    const schema: Column[] = columns.map((c) => ({ name: c.name, type: c.type }));
    const scope = scopeOf(schema, stmt.name.name);
    const col = resolveColumn(scope, { kind: 'column', name: stmt.watermark.column, pos: stmt.watermark.column.pos });
    if (col.index === proctime) {
      fail('INVALID_WATERMARK', `WATERMARK FOR '${col.name}': it is the processing-time attribute (PROCTIME()); a watermark is declared on an event-time column`, stmt.watermark.column.pos);
    }
    if (col.column.type.name !== 'TIMESTAMP') {
      fail('INVALID_WATERMARK', `WATERMARK FOR '${col.name}': the column must be TIMESTAMP(3), it is ${typeToString(col.column.type)}`, stmt.watermark.column.pos);
    }
    rowtime = col.index;
    const expr = bindExpr(stmt.watermark.expr, {
      clause: 'WATERMARK',
      column: (ref) => {
        const sc = resolveColumn(scope, ref);
        if (sc.index === proctime) fail('INVALID_WATERMARK', `the WATERMARK expression cannot read the processing-time attribute '${sc.name}'`, ref.pos);
        return { kind: 'input', index: sc.index, name: sc.name, type: sc.column.type };
      },
    });
    if (expr.type.name !== 'TIMESTAMP') {
      fail('INVALID_WATERMARK', `the WATERMARK expression must give a TIMESTAMP, it gives ${typeToString(expr.type)}`, stmt.watermark.expr.pos);
    }
    watermark = { expr, text: sliceText(text, stmt.pos.offset, stmt.watermark.expr) };
  }
  const options: Record<string, string | number | boolean> = {};
  for (const o of stmt.with) options[o.key] = o.value;
  if (options['connector'] !== undefined) options['connector'] = String(options['connector']).toLowerCase();
  const format = options['format'];
  // 'changelog-json' ({op, row} messages) is a format of log connectors (nats); the registry checks which take it.
  if (format !== undefined && !['json', 'changelog-json'].includes(String(format).toLowerCase())) {
    fail('INVALID_OPTION', `format '${String(format)}' is not supported; use format = 'json'`, stmt.with.find((o) => o.key === 'format')?.pos);
  }
  const def: SourceDef = { name: stmt.name.name, columns, rowtime, ...(proctime !== undefined ? { proctime } : {}), watermark, options, ...(primaryKey ? { primaryKey } : {}), sql: text, spelling: stmt.spelling };
  // The connector registry (the engine's) knows the connectors, their options and what they need.
  const problem = catalog.checkSource?.(def);
  if (problem) {
    const at = (problem.option !== undefined ? stmt.with.find((o) => o.key === problem.option)?.pos : undefined) ?? stmt.pos;
    fail(problem.message.includes('not available yet') ? 'UNSUPPORTED' : 'INVALID_OPTION', problem.message, at, problem.hint);
  }
  return def;
}

/**
 * Binds the computed columns (`name AS expr`) of a CREATE SOURCE in place in `columns`: each expression
 * over the row's physical columns (a computed column cannot read another, as in Flink), its type the
 * column's. `PROCTIME()` as a whole expression makes the processing-time attribute, whose index is
 * returned (undefined when there is none; at most one).
 */
function bindComputedColumns(stmt: CreateSourceStmt, text: string, columns: SourceColumn[]): number | undefined {
  let proctime: number | undefined;
  const schema: Column[] = columns.map((c) => ({ name: c.name, type: c.type }));
  const scope = scopeOf(schema, stmt.name.name);
  stmt.columns.forEach((c, i) => {
    const e = c.computed;
    if (e === undefined) return;
    const exprText = sliceText(text, stmt.pos.offset, e);
    if (e.kind === 'call' && e.name.toUpperCase() === 'PROCTIME' && e.over === undefined) {
      if (e.args.length > 0 || e.star) fail('TYPE_MISMATCH', 'PROCTIME() takes no arguments', e.pos);
      if (proctime !== undefined) fail('UNSUPPORTED', `a source has at most one processing-time attribute; '${columns[proctime]!.name}' is already PROCTIME()`, c.pos);
      proctime = i;
      columns[i] = { name: c.name.name, type: { name: 'TIMESTAMP', nullable: false, precision: 3 }, notNull: true, computed: { proctime: true, text: exprText } };
      return;
    }
    const expr = bindExpr(e, {
      clause: 'computed column',
      column: (ref) => {
        const sc = resolveColumn(scope, ref);
        if (stmt.columns[sc.index]!.computed !== undefined) {
          fail('UNSUPPORTED', `computed column '${c.name.name}' reads '${sc.name}', which is computed too; a computed column reads physical columns only (as in Flink)`, ref.pos);
        }
        return { kind: 'input', index: sc.index, name: sc.name, type: sc.column.type };
      },
    });
    if (expr.type.name === 'NULL') fail('TYPE_MISMATCH', `computed column '${c.name.name}' needs a typed expression; CAST(NULL AS <type>) gives one`, e.pos);
    columns[i] = { name: c.name.name, type: expr.type, notNull: !expr.type.nullable, computed: { expr, text: exprText } };
  });
  return proctime;
}

/** The text of an expression inside its statement, for messages and DESCRIBE. */
function sliceText(stmtText: string, stmtOffset: number, e: Expr): string {
  const start = e.pos.offset - stmtOffset;
  const piece = stmtText.slice(start, start + e.pos.length);
  return piece.length > 0 ? piece : '';
}

function bindInsert(stmt: InsertStmt, catalog: CatalogReader): BoundStatement {
  const source = catalog.source(stmt.source.name);
  if (!source) {
    const hint = closest(stmt.source.name, catalog.relationNames());
    fail('UNKNOWN_SOURCE', `no source named '${stmt.source.name}'`, stmt.source.pos, hint ? `did you mean '${hint}'?` : undefined);
  }
  const names = stmt.columns
    ? stmt.columns.map((c) => {
        const col = source.columns.find((sc) => sc.name === c.name || (!c.quoted && sc.name.toLowerCase() === c.name));
        if (!col) fail('UNKNOWN_COLUMN', `column '${c.name}' not found in '${source.name}'; available: ${source.columns.map((x) => x.name).join(', ')}`, c.pos);
        if (col.computed) fail('UNSUPPORTED', computedWriteMessage(source.name, col.name), c.pos);
        return col.name;
      })
    : physicalColumns(source).map((c) => c.name);
  const rows = stmt.rows.map((values, r) => {
    if (values.length !== names.length) {
      fail('TYPE_MISMATCH', `row ${r + 1} has ${values.length} values but ${names.length} columns are expected (${names.join(', ')})`, values[0]?.pos ?? stmt.pos);
    }
    return values.map((v) =>
      bindExpr(v, {
        clause: 'VALUES',
        column: (ref) => fail('UNKNOWN_COLUMN', `INSERT ... VALUES takes constants; '${ref.name.name}' is a name, not a value`, ref.pos, "quote text: 'like this'"),
      }),
    );
  });
  return { kind: 'insert', source: source.name, columns: names, rows };
}
