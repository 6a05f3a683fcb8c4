/**
 * Scalar expression binding: AST Expr → typed BoundExpr. Columns resolve through the scope, aggregate
 * and window auxiliary calls are handed to `scope.special`, everything else is a registry function
 * (functions.ts) whose type rule checks the arguments. Mistakes become diagnostics at the node:
 *   TYPE_MISMATCH      cannot compare VARCHAR with BIGINT / operator + expects numbers, got VARCHAR and INT
 *   UNKNOWN_FUNCTION   unknown function 'FLORR'; did you mean FLOOR?
 *   INVALID_AGGREGATE  aggregate COUNT is not allowed in WHERE
 *   UNSUPPORTED        CURRENT_TIMESTAMP (processing time), RAND (non-deterministic)
 *
 * Literal types: 42 → INT (BIGINT past 32 bits, DECIMAL(n, 0) past 64), 1.10 → DECIMAL(3, 2) held
 * exactly from the text as written (a scaled bigint),
 * 1e3 → DOUBLE, 'x' → VARCHAR NOT NULL, NULL → the NULL type (joins anything), TIMESTAMP '…' →
 * TIMESTAMP(3), INTERVAL … → INTERVAL (milliseconds).
 */
import type { CallExpr, ColumnExpr, Expr, Ident, LiteralExpr, Pos, TypeRef } from './ast.js';
import type { BoundExpr } from './bound-expr.js';
import type { ExprScope } from './bound-expr.js';
import { closest } from './catalog.js';
import { AGGREGATE_NAMES } from './aggregate-names.js';
import { formatDate, formatTime } from './functions-date-values.js';
import { DiagnosticError, fail } from './diagnostics.js';
import {
  castCanFail,
  checkCast,
  commonTypeOf,
  formatSqlTimestamp,
  functionNames,
  lookupFunction,
  parseTimestamp,
  typeFromRef,
  unsupportedReason,
} from './functions.js';
import { parseDecimal } from '../functions/decimal.js';
import { coerce, decimalToString } from './functions-cast.js';
import { bindJsonClauses, jsonSpecOf } from './functions-json.js';
import type { FnDef } from './functions.js';
import { isNumeric, T, typeToString, type SqlType } from './types.js';

const AGGREGATES = AGGREGATE_NAMES;

/** GROUPING(a) and GROUPING_ID(a, b, ...): which GROUP BY expressions a grouping set aggregates over. */
const GROUPING_FNS = new Set(['GROUPING', 'GROUPING_ID']);

const WINDOW_AUX = new Set(['TUMBLE_START', 'TUMBLE_END', 'TUMBLE_ROWTIME', 'HOP_START', 'HOP_END', 'HOP_ROWTIME', 'SESSION_START', 'SESSION_END', 'SESSION_ROWTIME']);
const WINDOW_FNS = new Set(['TUMBLE', 'HOP', 'SESSION', 'CUMULATE']);

/** True for aggregate function names (upper- or lower-case). */
export function isAggregateName(name: string): boolean {
  return AGGREGATES.has(name.toUpperCase());
}

/**
 * The name of a SELECT item without an alias: a column's own name (as declared, whatever case the
 * reference used), a ROW field's name for `r.f` / `t.r.f` (as Calcite names a compound identifier by its
 * last part), else EXPR$<position>.
 */
export function implicitName(expr: Expr, e: BoundExpr, position: number): string {
  if (expr.kind === 'column') return e.kind === 'input' ? e.name : expr.name.name;
  const field = expr.kind === 'call' && expr.name === 'DOT' ? expr.args[1] : undefined;
  if (field?.kind === 'literal' && typeof field.value === 'string') return field.value;
  return `EXPR$${position}`;
}

export function bindExpr(expr: Expr, scope: ExprScope): BoundExpr {
  switch (expr.kind) {
    case 'literal':
      return bindLiteral(expr);
    case 'interval':
      return { kind: 'const', value: expr.ms, type: T.interval() };
    case 'column':
      return bindColumn(expr, scope);
    case 'binary':
      return apply(expr.op, `operator ${expr.op}`, [expr.left, expr.right], expr.pos, scope);
    case 'unary':
      return bindUnary(expr.op, expr.operand, expr.pos, scope);
    case 'is_null':
      return apply(expr.negated ? 'IS_NOT_NULL' : 'IS_NULL', expr.negated ? 'IS NOT NULL' : 'IS NULL', [expr.operand], expr.pos, scope);
    case 'is_bool': {
      const word = expr.value ? 'TRUE' : 'FALSE';
      const fn = `IS_${expr.negated ? 'NOT_' : ''}${word}`;
      return apply(fn, `IS ${expr.negated ? 'NOT ' : ''}${word}`, [expr.operand], expr.pos, scope);
    }
    case 'in':
      return apply(expr.negated ? 'NOT_IN' : 'IN', expr.negated ? 'NOT IN' : 'IN', [expr.operand, ...expr.list], expr.pos, scope);
    case 'between':
      return apply(expr.negated ? 'NOT_BETWEEN' : 'BETWEEN', expr.negated ? 'NOT BETWEEN' : 'BETWEEN', [expr.operand, expr.low, expr.high], expr.pos, scope);
    case 'like': {
      const args = expr.escape ? [expr.operand, expr.pattern, expr.escape] : [expr.operand, expr.pattern];
      const op = expr.similar ? 'SIMILAR' : 'LIKE';
      return apply(expr.negated ? `NOT_${op}` : op, expr.negated ? `NOT ${expr.similar ? 'SIMILAR TO' : 'LIKE'}` : expr.similar ? 'SIMILAR TO' : 'LIKE', args, expr.pos, scope);
    }
    case 'case':
      return bindCase(expr, scope);
    case 'cast': {
      const operand = bindExpr(expr.operand, scope);
      const to = typeFromRef(expr.type);
      checkCast(operand.type, to, expr.pos);
      if (operand.kind === 'const' && operand.value === null) return { kind: 'const', value: null, type: { ...to, nullable: true } };
      const nullable = operand.type.nullable || expr.try || castCanFail(operand.type, to);
      return { kind: 'cast', operand, try: expr.try, type: { ...to, nullable } };
    }
    case 'call':
      return bindCall(expr, scope);
    case 'subquery_pred':
      if (expr.test === 'scalar') {
        // bind-scalar-subquery.ts replaces those of SELECT and WHERE by a joined column first.
        return fail('UNSUPPORTED', `a scalar subquery is not supported in ${scope.clause}`, expr.pos, SCALAR_SUBQUERY_FORMS);
      }
      // Only a conjunct of WHERE becomes a semi/anti join (bind-subquery.ts takes those out first).
      return fail(
        'UNSUPPORTED',
        `${expr.test === 'exists' ? 'EXISTS' : 'IN'} (SELECT ...) is supported only as a condition of WHERE, joined to the rest with AND (not in ${scope.clause}, OR or CASE)`,
        expr.pos,
        'write WHERE [NOT] EXISTS (SELECT ...) AND ... or WHERE x [NOT] IN (SELECT y ...) AND ...',
      );
  }
}

/** Applies registry function `name` to bound arguments (type checks and coercions included). */
export function applyFunction(name: string, label: string, args: readonly BoundExpr[], argPos: readonly Pos[], pos: Pos): BoundExpr {
  return applyBound(def(name), label, args, argPos, pos);
}

// ---------------------------------------------------------------------------------------------------

function def(name: string): FnDef {
  const d = lookupFunction(name);
  if (!d) throw new Error(`invariant: operator ${name} is not registered`);
  return d;
}

/** Binds the arguments and applies registry function `name`; `label` names it in messages. */
function apply(name: string, label: string, args: readonly Expr[], pos: Pos, scope: ExprScope): BoundExpr {
  return applyBound(def(name), label, args.map((a) => bindExpr(a, scope)), args.map((a) => a.pos), pos);
}

function applyBound(d: FnDef, label: string, args: readonly BoundExpr[], argPos: readonly Pos[], pos: Pos): BoundExpr {
  const typed = d.check(args, { name: label, pos, argPos });
  return { kind: 'call', fn: d.name, args: typed.args, type: typed.type };
}

const INT_MAX = 2147483647;
const INT_MIN = -2147483648;
const LONG_MAX = 2n ** 63n - 1n;

function integerType(v: number): SqlType {
  if (v >= INT_MIN && v <= INT_MAX) return T.int(false);
  return T.bigint(false);
}

/**
 * An integer literal: INT, else BIGINT (a double: exact to 2^53), else DECIMAL(digits, 0) held
 * exactly (as Flink types a literal past the BIGINT range), else DOUBLE past 38 digits.
 */
function integerLiteral(raw: string, v: number): BoundExpr {
  if (v >= INT_MIN && v <= INT_MAX) return { kind: 'const', value: v, type: T.int(false) };
  const exact = BigInt(raw.replace(/^\+/, ''));
  if (exact <= LONG_MAX && exact >= -LONG_MAX - 1n) return { kind: 'const', value: v, type: T.bigint(false) };
  const digits = (exact < 0n ? -exact : exact).toString().length;
  return digits <= 38 ? { kind: 'const', value: exact, type: T.decimal(digits, 0, false) } : { kind: 'const', value: v, type: T.double(false) };
}

function bindLiteral(e: LiteralExpr): BoundExpr {
  switch (e.type) {
    case 'number': {
      const v = e.value as number;
      const text = e.raw || String(v);
      const raw = text.replace(/^[+-]/, '');
      if (/[eE]/.test(raw)) return { kind: 'const', value: v, type: T.double(false) };
      const dot = raw.indexOf('.');
      if (dot < 0) return integerLiteral(text, v);
      const scale = raw.length - dot - 1;
      const intDigits = raw.slice(0, dot).replace(/^0+/, '').length;
      const precision = Math.max(1, intDigits + scale);
      if (precision > 38) return { kind: 'const', value: v, type: T.double(false) };
      // Exact from the text as written: 0.1 is 1 tenth, not the double nearest to it.
      return { kind: 'const', value: parseDecimal(text, scale), type: T.decimal(Math.max(precision, scale), scale, false) };
    }
    case 'string':
      return { kind: 'const', value: String(e.value), type: T.varchar(false) };
    case 'boolean':
      return { kind: 'const', value: e.value === true, type: T.boolean(false) };
    case 'null':
      return { kind: 'const', value: null, type: T.null() };
    case 'timestamp': {
      const ms = typeof e.value === 'number' ? e.value : parseTimestamp(String(e.value));
      if (ms === null) fail('INVALID_LITERAL', `invalid TIMESTAMP ${e.raw}; expected 'YYYY-MM-DD HH:MM:SS[.fff]'`, e.pos);
      return { kind: 'const', value: ms, type: T.timestamp(false) };
    }
    case 'date':
      return { kind: 'const', value: e.value, type: T.date(false) };
    case 'time':
      return { kind: 'const', value: e.value, type: T.time(false) };
  }
}

function bindColumn(e: ColumnExpr, scope: ExprScope): BoundExpr {
  try {
    return scope.column(e);
  } catch (err) {
    // a.b with no relation a (or no column b in it): field b of the ROW column a, if there is one.
    if (err instanceof DiagnosticError && err.diagnostic.code === 'UNKNOWN_COLUMN' && e.table) {
      const col = columnNamed(e.table, scope);
      if (col?.type.name === 'ROW') return applyBound(def('DOT'), 'field access', [col, fieldName(e.name)], [e.table.pos, e.name.pos], e.pos);
      if (col !== null) {
        fail('UNKNOWN_COLUMN', `column '${e.table.name}.${e.name.name}' not found: there is no relation '${e.table.name}', and column '${e.table.name}' is ${typeToString(col.type)}, not a ROW with fields`, e.pos);
      }
    }
    // CURRENT_TIMESTAMP and friends parse as column names; say why they are refused.
    if (err instanceof DiagnosticError && err.diagnostic.code === 'UNKNOWN_COLUMN' && !e.table && !e.name.quoted) {
      const reason = unsupportedReason(e.name.name.toUpperCase());
      if (reason) fail('UNSUPPORTED', reason, e.pos);
    }
    throw err;
  }
}

/** The column `name` (the left of `name.field`), or null when there is none. */
function columnNamed(name: Ident, scope: ExprScope): BoundExpr | null {
  try {
    return scope.column({ kind: 'column', name, pos: name.pos });
  } catch (err) {
    if (err instanceof DiagnosticError) return null;
    throw err;
  }
}

const fieldName = (name: Ident): BoundExpr => ({ kind: 'const', value: name.name, type: T.varchar(false) });

function bindUnary(op: '-' | '+' | 'NOT', operandExpr: Expr, pos: Pos, scope: ExprScope): BoundExpr {
  if (op === 'NOT') return apply('NOT', 'operator NOT', [operandExpr], pos, scope);
  const operand = bindExpr(operandExpr, scope);
  const t = operand.type;
  if (op === '+') {
    if (!isNumeric(t) && t.name !== 'INTERVAL' && t.name !== 'NULL') fail('TYPE_MISMATCH', `operator + expects a number, got ${typeToString(t)}`, pos);
    return operand;
  }
  // -(literal) folds here so that -(2147483648) is the INT it reads as.
  if (operand.kind === 'const' && typeof operand.value === 'number') {
    const v = -operand.value;
    const type = t.name === 'INT' || t.name === 'BIGINT' ? integerType(v) : t;
    return { kind: 'const', value: v, type };
  }
  if (operand.kind === 'const' && typeof operand.value === 'bigint') return { kind: 'const', value: -operand.value, type: t };
  return applyBound(def('NEG'), 'operator -', [operand], [operandExpr.pos], pos);
}

function bindCase(e: Expr & { kind: 'case' }, scope: ExprScope): BoundExpr {
  const operand = e.operand ? bindExpr(e.operand, scope) : undefined;
  const whens = e.whens.map((w) => {
    let when: BoundExpr;
    if (operand) {
      when = applyBound(def('='), 'CASE', [operand, bindExpr(w.when, scope)], [e.operand!.pos, w.when.pos], w.when.pos);
    } else {
      when = bindExpr(w.when, scope);
      if (when.type.name !== 'BOOLEAN' && when.type.name !== 'NULL') {
        fail('TYPE_MISMATCH', `CASE WHEN needs a BOOLEAN condition, got ${typeToString(when.type)}`, w.when.pos);
      }
    }
    return { when, then: bindExpr(w.then, scope) };
  });
  const elseExpr = e.else ? bindExpr(e.else, scope) : null;
  const results = [...whens.map((w) => w.then), ...(elseExpr ? [elseExpr] : [])];
  const argPos = [...e.whens.map((w) => w.then.pos), ...(e.else ? [e.else.pos] : [])];
  const t = commonTypeOf(results, 'CASE branches', { name: 'CASE', pos: e.pos, argPos });
  const nullable = elseExpr === null || results.some((r) => r.type.nullable);
  // Branches of other numeric types are converted to the common type (0.5 and 1.25 as DECIMAL(3, 2)).
  return {
    kind: 'case',
    whens: whens.map((w) => ({ when: w.when, then: coerce(w.then, t) })),
    else: elseExpr === null ? null : coerce(elseExpr, t),
    type: { ...t, nullable },
  };
}

/** The scalar subqueries that run (bind-scalar-subquery.ts), for errors about the others. */
export const SCALAR_SUBQUERY_FORMS =
  'supported: an uncorrelated scalar subquery that aggregates without GROUP BY, such as (SELECT MAX(price) FROM bids), in the SELECT list or WHERE of a query over a stream or table';

function bindCall(call: CallExpr, scope: ExprScope): BoundExpr {
  const name = call.name.toUpperCase();
  if (call.over !== undefined) {
    // OVER aggregates, LAG and ROW_NUMBER: the select list binders (bind-over.ts) handle them.
    const over = scope.special?.(call);
    if (over !== undefined) return over;
    fail('UNSUPPORTED', `${name}(...) OVER (...) is only allowed in the SELECT list of a query without GROUP BY`, call.pos);
  }
  if (AGGREGATES.has(name) || WINDOW_AUX.has(name)) {
    const special = scope.special?.(call);
    if (special !== undefined) return special;
    if (AGGREGATES.has(name)) {
      fail('INVALID_AGGREGATE', `aggregate ${name} is not allowed in ${scope.clause}`, call.pos, scope.clause === 'WHERE' ? 'filter on aggregates with HAVING' : undefined);
    }
    const win = name.slice(0, name.indexOf('_'));
    fail('INVALID_WINDOW', `${name} is only allowed in SELECT or HAVING of a query with GROUP BY ${win}(...)`, call.pos);
  }
  if (GROUPING_FNS.has(name)) {
    const special = scope.special?.(call);
    if (special !== undefined) return special;
    fail('INVALID_GROUP_BY', `${name} is only allowed in SELECT or HAVING of a query with GROUP BY`, call.pos);
  }
  if (WINDOW_FNS.has(name)) {
    fail('INVALID_WINDOW', `${name}(...) makes windows; use it in FROM TABLE(${name}(TABLE t, DESCRIPTOR(ts), ...)) or in GROUP BY`, call.pos);
  }
  const reason = unsupportedReason(name);
  if (reason) fail('UNSUPPORTED', reason, call.pos);
  const d = lookupFunction(name);
  if (!d) {
    const hint = closest(name, [...functionNames(), ...AGGREGATES]);
    fail('UNKNOWN_FUNCTION', `unknown function '${call.name}'${hint ? `; did you mean ${hint}?` : ''}`, call.pos);
  }
  if (call.star) fail('TYPE_MISMATCH', `${name}(*) is not valid; only COUNT(*) takes *`, call.pos);
  if (call.distinct) fail('TYPE_MISMATCH', `DISTINCT is only allowed in aggregate functions, not in ${name}`, call.pos);
  if (call.filter) fail('TYPE_MISMATCH', `FILTER (WHERE ...) is only allowed after aggregate functions, not after ${name}`, call.filter.pos);
  if (call.json) {
    const returning = call.json.returning ? typeFromRef(call.json.returning) : undefined;
    const site = { name, pos: call.pos, argPos: call.args.map((a) => a.pos) };
    return bindJsonClauses(name, call.json, returning, call.args.map((a) => bindExpr(a, scope)), site, call.args.slice(2).map(exprToString));
  }
  return applyBound(d, name, call.args.map((a) => bindExpr(a, scope)), call.args.map((a) => a.pos), call.pos);
}

// ---------------------------------------------------------------------------------------------------
// SQL text of expressions: exprToString for messages, GROUP BY matching and aggregate names (it is
// canonical: the same AST gives the same text wherever it was written); boundToString for EXPLAIN.

/** Binding strength, loosest first; a child looser than its context gets parentheses. */
const PREC = { or: 1, and: 2, not: 3, predicate: 4, concat: 5, add: 6, mul: 7, unary: 8, atom: 9 } as const;

function binaryPrec(op: string): number {
  switch (op) {
    case 'OR':
      return PREC.or;
    case 'AND':
      return PREC.and;
    case '||':
      return PREC.concat;
    case '+':
    case '-':
      return PREC.add;
    case '*':
    case '/':
    case '%':
      return PREC.mul;
    default:
      return PREC.predicate;
  }
}

function paren(text: string, prec: number, min: number): string {
  return prec < min ? `(${text})` : text;
}

function ident(id: Ident): string {
  return !id.quoted && /^[a-z_][a-z0-9_$]*$/.test(id.name) ? id.name : '`' + id.name.replace(/`/g, '``') + '`';
}

function nameText(name: string): string {
  return /^[a-z_][a-z0-9_$]*$/.test(name) ? name : '`' + name.replace(/`/g, '``') + '`';
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function typeRefText(t: TypeRef): string {
  if (t.params !== undefined) return `${t.name}<${t.params.map((p) => (p.name ? `${p.name.name} ` : '') + typeRefText(p.type) + (p.notNull ? ' NOT NULL' : '')).join(', ')}>`;
  if (t.precision === undefined) return t.name;
  return t.scale === undefined ? `${t.name}(${t.precision})` : `${t.name}(${t.precision}, ${t.scale})`;
}

/** A unary operand that itself starts with '-' is parenthesized: "--" would start a comment. */
const unaryOperand = (text: string): string => (text.startsWith('-') ? `(${text})` : text);

export function exprToString(e: Expr): string {
  return exprText(e)[0];
}

function exprText(e: Expr): [string, number] {
  const sub = (x: Expr, min: number): string => {
    const [t, p] = exprText(x);
    return paren(t, p, min);
  };
  const pred = PREC.predicate + 1;
  switch (e.kind) {
    case 'literal':
      switch (e.type) {
        case 'number':
          return [e.raw || String(e.value), PREC.atom];
        case 'string':
          return [quote(String(e.value)), PREC.atom];
        case 'boolean':
          return [e.value ? 'TRUE' : 'FALSE', PREC.atom];
        case 'null':
          return ['NULL', PREC.atom];
        case 'timestamp':
          // as written when the parser kept the text, else a canonical form
          return [/^timestamp\s*'/i.test(e.raw) || typeof e.value !== 'number' ? e.raw : `TIMESTAMP '${formatSqlTimestamp(e.value)}'`, PREC.atom];
        case 'date':
          return [`DATE '${formatDate(e.value as number)}'`, PREC.atom];
        case 'time':
          return [`TIME '${formatTime(e.value as number)}'`, PREC.atom];
      }
    case 'interval':
      return [e.text, PREC.atom];
    case 'column':
      return [(e.table ? ident(e.table) + '.' : '') + ident(e.name), PREC.atom];
    case 'binary': {
      const p = binaryPrec(e.op);
      return [`${sub(e.left, p === PREC.predicate ? pred : p)} ${e.op} ${sub(e.right, p === PREC.predicate ? pred : p + 1)}`, p];
    }
    case 'unary':
      if (e.op === 'NOT') return [`NOT ${sub(e.operand, PREC.not)}`, PREC.not];
      return [`${e.op}${unaryOperand(sub(e.operand, PREC.unary))}`, PREC.unary];
    case 'is_null':
      return [`${sub(e.operand, pred)} IS ${e.negated ? 'NOT ' : ''}NULL`, PREC.predicate];
    case 'is_bool':
      return [`${sub(e.operand, pred)} IS ${e.negated ? 'NOT ' : ''}${e.value ? 'TRUE' : 'FALSE'}`, PREC.predicate];
    case 'in':
      return [`${sub(e.operand, pred)} ${e.negated ? 'NOT ' : ''}IN (${e.list.map(exprToString).join(', ')})`, PREC.predicate];
    case 'between':
      return [`${sub(e.operand, pred)} ${e.negated ? 'NOT ' : ''}BETWEEN ${sub(e.low, pred)} AND ${sub(e.high, pred)}`, PREC.predicate];
    case 'like': {
      const esc = e.escape ? ` ESCAPE ${sub(e.escape, pred)}` : '';
      return [`${sub(e.operand, pred)} ${e.negated ? 'NOT ' : ''}${e.similar ? 'SIMILAR TO' : 'LIKE'} ${sub(e.pattern, pred)}${esc}`, PREC.predicate];
    }
    case 'case': {
      const parts = ['CASE'];
      if (e.operand) parts.push(exprToString(e.operand));
      for (const w of e.whens) parts.push(`WHEN ${exprToString(w.when)} THEN ${exprToString(w.then)}`);
      if (e.else) parts.push(`ELSE ${exprToString(e.else)}`);
      parts.push('END');
      return [parts.join(' '), PREC.atom];
    }
    case 'cast':
      return [`${e.try ? 'TRY_CAST' : 'CAST'}(${exprToString(e.operand)} AS ${typeRefText(e.type)})`, PREC.atom];
    case 'call':
      return [callText(e), PREC.atom];
    case 'subquery_pred': {
      if (e.test === 'scalar') return ['(SELECT ...)', PREC.atom];
      const not = e.negated ? 'NOT ' : '';
      return e.operand === null ? [`${not}EXISTS (SELECT ...)`, PREC.atom] : [`${sub(e.operand, pred)} ${not}IN (SELECT ...)`, PREC.predicate];
    }
  }
}

/** A JSON function's clauses as written back, for messages and GROUP BY matching. */
function jsonClausesText(j: NonNullable<CallExpr['json']>, defaults: readonly string[]): string {
  let k = 0;
  const b = (x: string): string => (x === 'DEFAULT' ? `DEFAULT ${defaults[k++] ?? ''}` : x);
  const parts = [
    ...(j.returning ? [`RETURNING ${typeRefText(j.returning)}`] : []),
    ...(j.wrapper ? [j.wrapper === 'WITHOUT' ? 'WITHOUT ARRAY WRAPPER' : `WITH ${j.wrapper} ARRAY WRAPPER`] : []),
    ...(j.onEmpty ? [`${b(j.onEmpty)} ON EMPTY`] : []),
    ...(j.onError ? [`${b(j.onError)} ON ERROR`] : []),
  ];
  return parts.length > 0 ? ` ${parts.join(' ')}` : '';
}

function callText(e: CallExpr): string {
  const args = e.args.map(exprToString);
  if (e.name === 'ARRAY_VALUE' || e.name === 'MAP_VALUE') return `${e.name.slice(0, -6)}[${args.join(', ')}]`;
  if (e.name === 'ITEM' && args.length === 2) return `${exprText(e.args[0]!)[1] >= PREC.atom ? args[0] : `(${args[0]})`}[${args[1]}]`;
  const field = e.args[1];
  if (e.name === 'DOT' && args.length === 2 && field?.kind === 'literal') return `${exprText(e.args[0]!)[1] >= PREC.atom ? args[0] : `(${args[0]})`}.${field.raw}`;
  if (e.name === 'ROW' && !e.star) return `(${args.join(', ')})`;
  if (e.json) return `${e.name}(${args[0]}, ${args[1]}${jsonClausesText(e.json, e.args.slice(2).map(exprToString))})`;
  const filter = e.filter ? ` FILTER (WHERE ${exprToString(e.filter)})` : '';
  const first = e.args[0];
  if (e.name === 'EXTRACT' && args.length === 2 && first?.kind === 'literal' && first.type === 'string') {
    return `EXTRACT(${String(first.value).toUpperCase()} FROM ${args[1]})`;
  }
  if ((e.name === 'FLOOR_TO' || e.name === 'CEIL_TO') && args.length === 2 && e.args[1]?.kind === 'literal') {
    return `${e.name.slice(0, -3)}(${args[0]} TO ${String(e.args[1].value)})`;
  }
  if ((e.name === 'TRIM_LEADING' || e.name === 'TRIM_TRAILING') && args.length >= 1) {
    const side = e.name === 'TRIM_LEADING' ? 'LEADING' : 'TRAILING';
    return `TRIM(${side} ${args[1] !== undefined ? args[1] + ' ' : ''}FROM ${args[0]})`;
  }
  if ((e.name === 'IS_DISTINCT_FROM' || e.name === 'IS_NOT_DISTINCT_FROM') && args.length === 2) return `${args[0]} ${DISTINCT_TEXT[e.name]} ${args[1]}`;
  if (e.star) return `${e.name}(*)${filter}`;
  const nulls = e.ignoreNulls ? ' IGNORE NULLS' : '';
  return `${e.name}(${e.distinct ? 'DISTINCT ' : ''}${args.join(', ')}${nulls})${filter}`;
}

const SYMBOL_OPS = new Set(['+', '-', '*', '/', '%', '=', '<>', '<', '<=', '>', '>=', '||', 'AND', 'OR']);
const IS_TEXT: Record<string, string> = {
  IS_NULL: 'IS NULL',
  IS_NOT_NULL: 'IS NOT NULL',
  IS_TRUE: 'IS TRUE',
  IS_NOT_TRUE: 'IS NOT TRUE',
  IS_FALSE: 'IS FALSE',
  IS_NOT_FALSE: 'IS NOT FALSE',
};
const DISTINCT_TEXT: Record<string, string> = { IS_DISTINCT_FROM: 'IS DISTINCT FROM', IS_NOT_DISTINCT_FROM: 'IS NOT DISTINCT FROM' };

function intervalText(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'DAY'],
    [3_600_000, 'HOUR'],
    [60_000, 'MINUTE'],
    [1000, 'SECOND'],
  ];
  for (const [u, name] of units) if (ms !== 0 && ms % u === 0) return `INTERVAL '${ms / u}' ${name}`;
  return `INTERVAL '${ms}' MILLISECOND`;
}

function constText(value: unknown, t: SqlType): string {
  if (value === null || value === undefined) return 'NULL';
  switch (t.name) {
    case 'VARCHAR':
      return quote(String(value));
    case 'BOOLEAN':
      return value ? 'TRUE' : 'FALSE';
    case 'TIMESTAMP':
      return `TIMESTAMP '${formatSqlTimestamp(value as number)}'`;
    case 'DATE':
      return `DATE '${formatDate(value as number)}'`;
    case 'TIME':
      return `TIME '${formatTime(value as number)}'`;
    case 'INTERVAL':
      return intervalText(value as number);
    case 'DECIMAL':
      return decimalToString(value as bigint, t.scale ?? 0);
    case 'ARRAY':
      return `ARRAY[${(value as unknown[]).map((x) => constText(x, t.element!)).join(', ')}]`;
    case 'MAP':
      return `MAP[${[...(value as Map<unknown, unknown>)].map(([k, v]) => `${constText(k, t.key!)}, ${constText(v, t.value!)}`).join(', ')}]`;
    case 'ROW':
      return `ROW(${(value as unknown[]).map((x, i) => constText(x, t.fields![i]!.type)).join(', ')})`;
    default:
      return String(value);
  }
}

/** SQL-like text of a bound expression, for EXPLAIN: price > 10 AND channel = 'web'. */
export function boundToString(e: BoundExpr): string {
  return boundText(e)[0];
}

function boundText(e: BoundExpr): [string, number] {
  const sub = (x: BoundExpr, min: number): string => {
    const [t, p] = boundText(x);
    return paren(t, p, min);
  };
  const pred = PREC.predicate + 1;
  switch (e.kind) {
    case 'const':
      return [constText(e.value, e.type), (typeof e.value === 'number' || typeof e.value === 'bigint') && e.value < 0 ? PREC.unary : PREC.atom];
    case 'input':
      return [nameText(e.name), PREC.atom];
    case 'cast':
      return [`${e.try ? 'TRY_CAST' : 'CAST'}(${boundToString(e.operand)} AS ${typeToString(e.type)})`, PREC.atom];
    case 'case': {
      const parts = ['CASE'];
      for (const w of e.whens) parts.push(`WHEN ${boundToString(w.when)} THEN ${boundToString(w.then)}`);
      if (e.else) parts.push(`ELSE ${boundToString(e.else)}`);
      parts.push('END');
      return [parts.join(' '), PREC.atom];
    }
    case 'call': {
      const a = e.args;
      if (SYMBOL_OPS.has(e.fn) && a.length === 2) {
        const p = binaryPrec(e.fn);
        return [`${sub(a[0]!, p === PREC.predicate ? pred : p)} ${e.fn} ${sub(a[1]!, p === PREC.predicate ? pred : p + 1)}`, p];
      }
      if (e.fn === 'NEG') return [`-${unaryOperand(sub(a[0]!, PREC.unary))}`, PREC.unary];
      if (e.fn === 'NOT') return [`NOT ${sub(a[0]!, PREC.not)}`, PREC.not];
      const is = IS_TEXT[e.fn];
      if (is) return [`${sub(a[0]!, pred)} ${is}`, PREC.predicate];
      const distinct = DISTINCT_TEXT[e.fn];
      if (distinct) return [`${sub(a[0]!, pred)} ${distinct} ${sub(a[1]!, pred)}`, PREC.predicate];
      const not = e.fn.startsWith('NOT_') ? 'NOT ' : '';
      switch (e.fn) {
        case 'IN':
        case 'NOT_IN':
          return [`${sub(a[0]!, pred)} ${not}IN (${a.slice(1).map(boundToString).join(', ')})`, PREC.predicate];
        case 'BETWEEN':
        case 'NOT_BETWEEN':
          return [`${sub(a[0]!, pred)} ${not}BETWEEN ${sub(a[1]!, pred)} AND ${sub(a[2]!, pred)}`, PREC.predicate];
        case 'LIKE':
        case 'NOT_LIKE':
        case 'SIMILAR':
        case 'NOT_SIMILAR':
          return [`${sub(a[0]!, pred)} ${not}${e.fn.endsWith('LIKE') ? 'LIKE' : 'SIMILAR TO'} ${sub(a[1]!, pred)}${a[2] ? ` ESCAPE ${sub(a[2], pred)}` : ''}`, PREC.predicate];
        case 'EXTRACT':
          if (a[0]?.kind === 'const') return [`EXTRACT(${String(a[0].value).toUpperCase()} FROM ${boundToString(a[1]!)})`, PREC.atom];
          break;
        case 'FLOOR_TO':
        case 'CEIL_TO':
          if (a[1]?.kind === 'const') return [`${e.fn.slice(0, -3)}(${boundToString(a[0]!)} TO ${String(a[1].value)})`, PREC.atom];
          break;
        case 'ARRAY_VALUE':
        case 'MAP_VALUE':
          return [`${e.fn.slice(0, -6)}[${a.map(boundToString).join(', ')}]`, PREC.atom];
        case 'ITEM':
          return [`${sub(a[0]!, PREC.atom)}[${boundToString(a[1]!)}]`, PREC.atom];
        case 'JSON_VALUE':
        case 'JSON_QUERY':
        case 'JSON_EXISTS': {
          const spec = jsonSpecOf(e);
          if (spec !== null) return [`${e.fn}(${boundToString(a[0]!)}, ${boundToString(a[1]!)}${spec.text ? ` ${spec.text}` : ''})`, PREC.atom];
          break;
        }
        case 'DOT':
          if (a[1]?.kind === 'const') return [`${sub(a[0]!, PREC.atom)}.${String(a[1].value)}`, PREC.atom];
          break;
      }
      return [`${e.fn}(${a.map(boundToString).join(', ')})`, PREC.atom];
    }
  }
}
