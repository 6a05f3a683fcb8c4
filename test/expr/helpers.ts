/**
 * Hand-built AST nodes for expression tests (the parser is tested on its own), a scope over a small
 * schema, and `run`: bind → compile → evaluate on a row.
 */
import { decimalFromNumber, decimalToNumber, decimalToString } from '../../src/functions/decimal.js';
import type * as ast from '../../src/parser/ast.js';
import { bindExpr } from '../../src/parser/bind-expr.js';
import type { BoundExpr, ExprScope } from '../../src/parser/bound-expr.js';
import { DiagnosticError, fail, type Diagnostic } from '../../src/parser/diagnostics.js';
import { T, type SqlType } from '../../src/parser/types.js';
import { compileExpr, compilePredicate } from '../../src/planner/compile-expr.js';

export const at = (column = 1, length = 1, line = 1): ast.Pos => ({ line, column, offset: column - 1, length });
const P = at();

export const num = (raw: string, pos = P): ast.Expr => ({ kind: 'literal', type: 'number', value: Number(raw), raw, pos });
export const str = (value: string, pos = P): ast.Expr => ({ kind: 'literal', type: 'string', value, raw: `'${value}'`, pos });
export const bool = (value: boolean): ast.Expr => ({ kind: 'literal', type: 'boolean', value, raw: String(value), pos: P });
export const NULL: ast.Expr = { kind: 'literal', type: 'null', value: null, raw: 'NULL', pos: P };
export const ts = (text: string): ast.Expr => ({ kind: 'literal', type: 'timestamp', value: Date.parse(text.replace(' ', 'T') + 'Z'), raw: `TIMESTAMP '${text}'`, pos: P });
export const interval = (ms: number, text = `INTERVAL '${ms}' MILLISECOND`): ast.Expr => ({ kind: 'interval', ms, text, pos: P });
export const col = (name: string, pos = P): ast.Expr => ({ kind: 'column', name: { name, quoted: false, pos }, pos });
export const bin = (op: ast.BinaryOp, left: ast.Expr, right: ast.Expr, pos = P): ast.Expr => ({ kind: 'binary', op, left, right, pos });
export const neg = (operand: ast.Expr): ast.Expr => ({ kind: 'unary', op: '-', operand, pos: P });
export const not = (operand: ast.Expr): ast.Expr => ({ kind: 'unary', op: 'NOT', operand, pos: P });
export const isNull = (operand: ast.Expr, negated = false): ast.Expr => ({ kind: 'is_null', operand, negated, pos: P });
export const isBool = (operand: ast.Expr, value: boolean, negated = false): ast.Expr => ({ kind: 'is_bool', operand, value, negated, pos: P });
export const inList = (operand: ast.Expr, list: ast.Expr[], negated = false): ast.Expr => ({ kind: 'in', operand, list, negated, pos: P });
export const between = (operand: ast.Expr, low: ast.Expr, high: ast.Expr, negated = false): ast.Expr => ({ kind: 'between', operand, low, high, negated, pos: P });
export const like = (operand: ast.Expr, pattern: ast.Expr, escape?: ast.Expr, negated = false): ast.Expr => ({
  kind: 'like', operand, pattern, negated, pos: P, ...(escape ? { escape } : {}),
});
export const caseWhen = (whens: [ast.Expr, ast.Expr][], elseExpr?: ast.Expr, operand?: ast.Expr): ast.Expr => ({
  kind: 'case',
  whens: whens.map(([when, then]) => ({ when, then })),
  pos: P,
  ...(elseExpr ? { else: elseExpr } : {}),
  ...(operand ? { operand } : {}),
});
export const cast = (operand: ast.Expr, name: ast.SqlTypeName, precision?: number, scale?: number, tryCast = false): ast.Expr => ({
  kind: 'cast',
  operand,
  type: { name, pos: P, ...(precision !== undefined ? { precision } : {}), ...(scale !== undefined ? { scale } : {}) },
  try: tryCast,
  pos: P,
});
export const call = (name: string, ...args: ast.Expr[]): ast.Expr => ({ kind: 'call', name, args, distinct: false, star: false, pos: P });
export const callAt = (pos: ast.Pos, name: string, ...args: ast.Expr[]): ast.Expr => ({ kind: 'call', name, args, distinct: false, star: false, pos });

/** The test schema: row positions and types. */
export const SCHEMA: readonly { name: string; type: SqlType }[] = [
  { name: 'i', type: T.int() },        // 0
  { name: 'b', type: T.bigint() },     // 1
  { name: 'd', type: T.double() },     // 2
  { name: 'm', type: T.decimal(10, 2) }, // 3
  { name: 's', type: T.varchar() },    // 4
  { name: 'ok', type: T.boolean() },   // 5
  { name: 'ts', type: T.timestamp() }, // 6
  { name: 'p', type: T.boolean() },    // 7
  { name: 'q', type: T.boolean() },    // 8
];

export function scope(clause = 'SELECT', special?: ExprScope['special']): ExprScope {
  return {
    clause,
    column: (ref) => {
      const i = SCHEMA.findIndex((c) => c.name === ref.name.name);
      if (i < 0) fail('UNKNOWN_COLUMN', `column '${ref.name.name}' not found; available: ${SCHEMA.map((c) => c.name).join(', ')}`, ref.pos);
      return { kind: 'input', index: i, name: SCHEMA[i]!.name, type: SCHEMA[i]!.type };
    },
    ...(special ? { special } : {}),
  };
}

export const bind = (e: ast.Expr, sc: ExprScope = scope()): BoundExpr => bindExpr(e, sc);

/** A row of the test schema from named values (others NULL); a number for a DECIMAL column is read as its text. */
export function row(values: Partial<Record<string, unknown>> = {}): unknown[] {
  return SCHEMA.map((c) => {
    const v = c.name in values ? values[c.name] : null;
    return c.type.name === 'DECIMAL' && typeof v === 'number' ? decimalFromNumber(v, c.type.scale ?? 0) : v;
  });
}

/**
 * Binds, compiles and evaluates on a row. A DECIMAL result (a scaled bigint) is given as the nearest
 * double, so expectations read as numbers; `exact` gives its text instead.
 */
export function run(e: ast.Expr, values: Partial<Record<string, unknown>> = {}): unknown {
  const b = bind(e);
  const v = compileExpr(b)(row(values));
  return typeof v === 'bigint' ? decimalToNumber(v, b.type.scale ?? 0) : v;
}

/** The result as SQL text of its type: a DECIMAL with exactly its scale's digits ('0.30'), others String(v). */
export function exact(e: ast.Expr, values: Partial<Record<string, unknown>> = {}): string | null {
  const b = bind(e);
  const v = compileExpr(b)(row(values));
  if (v === null) return null;
  return typeof v === 'bigint' ? decimalToString(v, b.type.scale ?? 0) : String(v);
}

export function pred(e: ast.Expr, values: Partial<Record<string, unknown>> = {}): boolean {
  return compilePredicate(bind(e))(row(values));
}

/** The diagnostic that binding `e` fails with. */
export function bindError(e: ast.Expr, sc: ExprScope = scope()): Diagnostic {
  try {
    bindExpr(e, sc);
  } catch (err) {
    if (err instanceof DiagnosticError) return err.diagnostic;
    throw err;
  }
  throw new Error('expected a diagnostic, but binding succeeded');
}

export const MS = (iso: string): number => Date.parse(iso);
