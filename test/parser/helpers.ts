/**
 * Parser test helpers in the style of pgsql-ast-parser's `checkStatement([...spellings], ast)`: every
 * spelling must parse without diagnostics to the same AST, compared without positions.
 */
import { expect } from 'vitest';
import type { Expr, Statement } from '../../src/parser/ast.js';
import type { Diagnostic } from '../../src/parser/diagnostics.js';
import { parseExpression, parseScript, parseStatement } from '../../src/parser/parse.js';

/** A deep copy without `pos` fields (positions are tested separately). */
export function noPos<X>(x: X): X {
  return JSON.parse(JSON.stringify(x, (key, value: unknown) => (key === 'pos' ? undefined : value))) as X;
}

export function statementOf(sql: string): Statement {
  const r = parseStatement(sql);
  expect(r.diagnostics, sql).toEqual([]);
  const first = r.statements[0];
  if (!first) throw new Error(`no statement in ${sql}`);
  return first.statement;
}

export function exprOf(sql: string): Expr {
  const r = parseExpression(sql);
  expect(r.diagnostics, sql).toEqual([]);
  if (!r.expr) throw new Error(`no expression in ${sql}`);
  return r.expr;
}

export function checkStatement(spellings: readonly string[], expected: unknown): void {
  for (const sql of spellings) expect(noPos(statementOf(sql)), sql).toEqual(expected);
}

export function checkExpr(spellings: readonly string[], expected: unknown): void {
  for (const sql of spellings) expect(noPos(exprOf(sql)), sql).toEqual(expected);
}

/** The one diagnostic of a script that must fail, as `line:col message` for compact assertions. */
export function errorOf(sql: string): string {
  const r = parseScript(sql);
  expect(r.diagnostics, sql).toHaveLength(1);
  const d = r.diagnostics[0] as Diagnostic;
  return `${d.line}:${d.column} ${d.message}`;
}

export function diagnosticOf(sql: string): Diagnostic {
  const r = parseScript(sql);
  expect(r.diagnostics, sql).toHaveLength(1);
  return r.diagnostics[0] as Diagnostic;
}

// Small AST builders (no positions) so expected trees stay readable.
export const id = (name: string, quoted = false) => ({ name, quoted });
export const col = (name: string, table?: string) => ({ kind: 'column', ...(table ? { table: id(table) } : {}), name: id(name) });
export const num = (raw: string) => ({ kind: 'literal', type: 'number', value: Number(raw), raw });
export const str = (value: string) => ({ kind: 'literal', type: 'string', value, raw: `'${value.replace(/'/g, "''")}'` });
export const bin = (op: string, left: unknown, right: unknown) => ({ kind: 'binary', op, left, right });
export const call = (name: string, args: unknown[], extra: Record<string, unknown> = {}) => ({
  kind: 'call', name, args, distinct: false, star: false, ...extra,
});
export const interval = (ms: number, text: string) => ({ kind: 'interval', ms, text });
export const table = (name: string) => ({ kind: 'table', name: id(name) });
export const descriptor = (...names: string[]) => ({ kind: 'descriptor', columns: names.map((n) => id(n)) });
export const exprArg = (expr: unknown) => ({ kind: 'expr', expr });
export const item = (expr: unknown, alias?: string) => ({ kind: 'expr', expr, ...(alias ? { alias: id(alias) } : {}) });
export const select = (parts: Record<string, unknown>) => ({ kind: 'select', distinct: false, groupBy: [], ...parts });
export const query = (parts: Record<string, unknown>) => ({ kind: 'query', query: select(parts) });
