/**
 * CAST and TRY_CAST.
 *
 *   from \ to   BOOLEAN  INT/BIGINT  FLOAT/DOUBLE  DECIMAL  VARCHAR  TIMESTAMP
 *   BOOLEAN       =        1/0         1/0          1/0     TRUE/FALSE   —
 *   numeric     x <> 0   truncate       =         round    text         —
 *   VARCHAR     parse    parse         parse      parse      =/cut     parse
 *   TIMESTAMP     —        —            —            —      text          =
 *
 * Numeric ↔ TIMESTAMP casts are refused, as in Flink 1.15+ (use TO_TIMESTAMP_LTZ(x, 3) and
 * UNIX_TIMESTAMP(ts)), so a query behaves the same when it moves to Flink.
 *
 * Failure at run time (text that is not a number, a value out of the target's range): the result is
 * NULL, for CAST as well as TRY_CAST, and nothing is thrown. Flink's CAST throws, which in a continuous
 * query would stop the stream for good on one malformed event; TRY_CAST is kept for portability.
 */
import type { Pos, TypeRef } from './ast.js';
import { fail } from './diagnostics.js';
import type { Codegen } from './functions-core.js';
import { roundDecimal } from './functions-arith.js';
import { formatSqlTimestamp, parseTimestamp } from './functions-datetime.js';
import { isNumeric, T, typeToString, type SqlType } from './types.js';

/** The engine type of a written type: DECIMAL defaults to (10, 0) like Flink, VARCHAR(n) keeps n. */
export function typeFromRef(t: TypeRef): SqlType {
  switch (t.name) {
    case 'DECIMAL': {
      const p = t.precision ?? 10;
      const s = t.scale ?? 0;
      if (p < 1 || p > 38 || s < 0 || s > p) fail('INVALID_LITERAL', `DECIMAL(${p}, ${s}) is out of range: precision 1..38, scale 0..precision`, t.pos);
      return T.decimal(p, s);
    }
    case 'TIMESTAMP':
      return T.timestamp();
    case 'VARCHAR':
      return t.precision !== undefined ? { name: 'VARCHAR', precision: t.precision, nullable: true } : T.varchar();
    case 'BOOLEAN':
    case 'INT':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
      return { name: t.name, nullable: true };
  }
}

/** Refuses casts that make no sense (or that Flink refuses), naming both types. */
export function checkCast(from: SqlType, to: SqlType, at: Pos): void {
  const f = from.name;
  const t = to.name;
  if (f === 'NULL' || f === t) return;
  const bad = (hint?: string): never => fail('TYPE_MISMATCH', `cannot CAST ${typeToString(from)} to ${typeToString(to)}`, at, hint);
  if (f === 'INTERVAL' || t === 'INTERVAL' || t === 'NULL') bad();
  if (f === 'TIMESTAMP' && t !== 'VARCHAR') bad(isNumeric(to) ? 'UNIX_TIMESTAMP(ts) gives seconds since the epoch' : undefined);
  if (t === 'TIMESTAMP' && f !== 'VARCHAR') bad(isNumeric(from) ? 'TO_TIMESTAMP_LTZ(x, 3) reads epoch milliseconds, TO_TIMESTAMP_LTZ(x, 0) seconds' : undefined);
}

/** Whether a cast can give NULL for a non-NULL value. */
export function castCanFail(from: SqlType, to: SqlType): boolean {
  if (from.name === to.name) return to.name === 'DECIMAL' && ((to.precision ?? 38) - (to.scale ?? 0) < (from.precision ?? 38) - (from.scale ?? 0));
  if (from.name === 'VARCHAR') return to.name !== 'VARCHAR';
  if (to.name === 'VARCHAR' || to.name === 'BOOLEAN' || to.name === 'DOUBLE' || to.name === 'FLOAT') return false;
  if (to.name === 'BIGINT') return from.name !== 'INT' && from.name !== 'BOOLEAN';
  if (to.name === 'INT') return from.name !== 'BOOLEAN';
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Run-time conversions (never throw; NULL when impossible)

const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A number from text: decimal or exponent notation, surrounding blanks ignored. */
export function parseNumber(s: string): number | null {
  const t = s.trim();
  if (!NUMBER_TEXT.test(t)) return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : null;
}

function parseDouble(s: string): number | null {
  const t = s.trim();
  if (t === 'NaN') return NaN;
  if (t === 'Infinity' || t === '+Infinity') return Infinity;
  if (t === '-Infinity') return -Infinity;
  return parseNumber(t);
}

const INT_MIN = -2147483648;
const INT_MAX = 2147483647;

function toInt(x: number): number | null {
  const v = Math.trunc(x);
  return v >= INT_MIN && v <= INT_MAX ? v : null;
}
function toBigint(x: number): number | null {
  const v = Math.trunc(x);
  return Number.isSafeInteger(v) || v === 9007199254740992 || v === -9007199254740992 ? v : null;
}
/** Integers from text accept a fraction and truncate it ('1.9' → 1), as Flink does. */
const textToInt = (s: string): number | null => {
  const n = parseNumber(s);
  return n === null ? null : toInt(n);
};
const textToBigint = (s: string): number | null => {
  const n = parseNumber(s);
  return n === null ? null : toBigint(n);
};

/** DECIMAL(p, s): rounded half away from zero to s digits; NULL when the integer part has too many digits. */
export function toDecimal(x: number, precision: number, scale: number): number | null {
  if (!Number.isFinite(x)) return null;
  const v = roundDecimal(x, scale);
  return Math.abs(v) < 10 ** (precision - scale) ? v : null;
}
const textToDecimal = (s: string, p: number, sc: number): number | null => {
  const n = parseNumber(s);
  return n === null ? null : toDecimal(n, p, sc);
};

const TRUE_WORDS = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_WORDS = new Set(['false', 'f', 'no', 'n', '0']);
function textToBoolean(s: string): boolean | null {
  const w = s.trim().toLowerCase();
  return TRUE_WORDS.has(w) ? true : FALSE_WORDS.has(w) ? false : null;
}

/** Java's Double.toString, which Flink's CAST(double AS STRING) prints: 1.0, 0.001, 1.0E7, 1.0E-4. */
export function doubleToString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : s + '.0';
  }
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  return (mant.includes('.') ? mant : mant + '.0') + 'E' + (exp.startsWith('+') ? exp.slice(1) : exp);
}

/** DECIMAL(p, s) as text with exactly s digits after the point: CAST(1.5 AS DECIMAL(5, 2)) → '1.50'. */
export function decimalToString(x: number, scale: number): string {
  return Math.abs(x) < 1e21 ? roundDecimal(x, scale).toFixed(scale) : String(x);
}

function truncateText(s: string, n: number): string {
  if (s.length <= n) return s;
  const cps = Array.from(s);
  return cps.length <= n ? s : cps.slice(0, n).join('');
}

/**
 * JS expression text converting atom `a` (never NULL) from `from` to `to`; may evaluate to null.
 * Identity casts return `a` itself.
 */
export function castCode(from: SqlType, to: SqlType, a: string, cg: Codegen): string {
  const f = from.name;
  const p = to.precision ?? 38;
  const s = to.scale ?? 0;
  switch (to.name) {
    case 'BOOLEAN':
      if (f === 'BOOLEAN') return a;
      if (f === 'VARCHAR') return `${cg.fn(textToBoolean)}(${a})`;
      return `${a} !== 0`;
    case 'INT':
      if (f === 'INT') return a;
      if (f === 'BOOLEAN') return `(${a} ? 1 : 0)`;
      if (f === 'VARCHAR') return `${cg.fn(textToInt)}(${a})`;
      return `${cg.fn(toInt)}(${a})`;
    case 'BIGINT':
      if (f === 'INT' || f === 'BIGINT') return a;
      if (f === 'BOOLEAN') return `(${a} ? 1 : 0)`;
      if (f === 'VARCHAR') return `${cg.fn(textToBigint)}(${a})`;
      return `${cg.fn(toBigint)}(${a})`;
    case 'FLOAT':
    case 'DOUBLE':
      if (f === 'BOOLEAN') return `(${a} ? 1 : 0)`;
      if (f === 'VARCHAR') return `${cg.fn(parseDouble)}(${a})`;
      return a;
    case 'DECIMAL':
      if (f === 'BOOLEAN') return `(${a} ? 1 : 0)`;
      if (f === 'VARCHAR') return `${cg.fn(textToDecimal)}(${a}, ${p}, ${s})`;
      if ((f === 'INT' || f === 'BIGINT') && p - s >= (f === 'INT' ? 10 : 19)) return a;
      return `${cg.fn(toDecimal)}(${a}, ${p}, ${s})`;
    case 'VARCHAR': {
      let text: string;
      if (f === 'VARCHAR') text = a;
      else if (f === 'BOOLEAN') text = `(${a} ? 'TRUE' : 'FALSE')`;
      else if (f === 'INT' || f === 'BIGINT') text = `String(${a})`;
      else if (f === 'DECIMAL') text = `${cg.fn(decimalToString)}(${a}, ${from.scale ?? 0})`;
      else if (f === 'TIMESTAMP') text = `${cg.fn(formatSqlTimestamp)}(${a})`;
      else text = `${cg.fn(doubleToString)}(${a})`;
      return to.precision !== undefined ? `${cg.fn(truncateText)}(${text}, ${to.precision})` : text;
    }
    case 'TIMESTAMP':
      if (f === 'VARCHAR') return `${cg.fn(parseTimestamp)}(${a})`;
      return a;
    case 'INTERVAL':
    case 'NULL':
      return 'null';
  }
}
