/**
 * CAST and TRY_CAST.
 *
 *   from \ to   BOOLEAN  INT/BIGINT  FLOAT/DOUBLE  DECIMAL  VARCHAR  TIMESTAMP
 *   BOOLEAN       =        1/0         1/0          1/0     TRUE/FALSE   —
 *   numeric     x <> 0   truncate       =         round    text         —
 *   VARCHAR     parse    parse         parse      parse      =/cut     parse
 *   TIMESTAMP     —        —            —            —      text          =
 *   DATE, TIME: to and from VARCHAR ('2024-01-02', '12:34:56[.fff]') and TIMESTAMP (a DATE is its
 *   midnight, a TIME its time on 1970-01-01; a TIMESTAMP gives its date or its time of day)
 *
 * Numeric ↔ TIMESTAMP casts are refused, as in Flink 1.15+ (use TO_TIMESTAMP_LTZ(x, 3) and
 * UNIX_TIMESTAMP(ts)), so a query behaves the same when it moves to Flink.
 *
 * Failure at run time. Text that does not convert (CAST('abc' AS INT), CAST('2024-13-01' AS DATE)): a
 * TRY_CAST gives NULL, as in Flink; a CAST fails its row, as Flink's fails its job, but in a continuous
 * query one malformed event must not stop the stream, so the row is rejected with the reason instead
 * (castRejects; compile-expr's `rejectCasts` mode throws CastRejection, which the operator's input
 * check, planner/row-checks.ts, turns into a rejected row). Numbers out of the target's range
 * (CAST(3000000000 AS INT), DECIMAL overflow) give NULL for both: Flink does not fail there either
 * (it wraps integers, and its DECIMAL overflow is NULL).
 *
 * DECIMAL values are scaled bigints (src/functions/decimal.ts). Conversions into DECIMAL round half away
 * from zero (Flink's HALF_UP); a DOUBLE is read as the decimal its shortest text stands for, as Flink's
 * BigDecimal.valueOf(double) does. The same converters serve CAST at run time and the implicit
 * conversions the binder inserts (coerce), so a folded constant and a computed value cannot differ.
 */
import {
  decimalFromInteger,
  decimalFromNumber,
  decimalToNumber,
  decimalToString as decimalText,
  fit,
  parseDecimal,
  pow10n,
  rescale,
  shiftDown,
} from '../functions/decimal.js';
import type { Pos, TypeRef } from './ast.js';
import type { BoundExpr } from './bound-expr.js';
import { fail } from './diagnostics.js';
import type { Codegen } from './functions-core.js';
import { dateOf, dateStart, formatDate, formatTime, parseDate, parseTime, timeOfDay } from './functions-date-values.js';
import { formatSqlTimestamp, parseTimestamp } from './functions-datetime.js';
import { fieldsOf, isComposite, isNumeric, T, typeToString, type SqlType } from './types.js';
import { mapElements, mapEntries } from '../functions/collections.js';
import { mapFields } from '../functions/rows.js';

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
    case 'DATE':
      return T.date();
    case 'TIME':
      return T.time();
    case 'VARCHAR':
      return t.precision !== undefined ? { name: 'VARCHAR', precision: t.precision, nullable: true } : T.varchar();
    case 'BOOLEAN':
    case 'INT':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
      return { name: t.name, nullable: true };
    case 'ARRAY':
    case 'MAP': {
      const [a, b] = (t.params ?? []).map((p) => ({ ...typeFromRef(p.type), nullable: !p.notNull }));
      if (t.name === 'ARRAY' && a !== undefined) return T.array(a);
      if (t.name === 'MAP' && a !== undefined && b !== undefined) return T.map(a, b);
      return fail('SQL_SYNTAX', `${t.name} needs its type parameters: ARRAY<element type>, MAP<key type, value type>`, t.pos);
    }
    case 'ROW': {
      const params = t.params ?? [];
      const seen = new Set<string>();
      const fields = params.map((p, i) => {
        const name = p.name?.name ?? `f${i}`;
        if (seen.has(name)) fail('SQL_SYNTAX', `field '${name}' appears twice in ROW; field names must be unique`, p.name?.pos ?? t.pos);
        seen.add(name);
        return { name, type: { ...typeFromRef(p.type), nullable: !p.notNull } };
      });
      if (fields.length === 0) fail('SQL_SYNTAX', 'ROW needs at least one field: ROW<name type, ...>', t.pos);
      return T.row(fields);
    }
  }
}

/** Refuses casts that make no sense (or that Flink refuses), naming both types. */
export function checkCast(from: SqlType, to: SqlType, at: Pos): void {
  const f = from.name;
  const t = to.name;
  if (f === 'NULL' || (f === t && !isComposite(to))) return;
  const bad = (hint?: string): never => fail('TYPE_MISMATCH', `cannot CAST ${typeToString(from)} to ${typeToString(to)}`, at, hint);
  if (f === 'INTERVAL' || t === 'INTERVAL' || t === 'NULL') bad();
  if (isComposite(from) || isComposite(to)) {
    // (Checked member by member even between two ARRAYs, MAPs or ROWs: ARRAY<DATE> to ARRAY<INT> is refused.)
    // Between structured values of one kind, member by member (a failing member becomes NULL).
    if (f !== t) bad(isComposite(from) && t === 'VARCHAR' ? 'an ARRAY, MAP or ROW is not cast to text here; JSON output writes it as JSON' : undefined);
    if (f === 'ARRAY') checkCast(from.element!, to.element!, at);
    else if (f === 'ROW') {
      // Flink's ROW cast: by position, the target's names (the fields' number must match).
      const a = fieldsOf(from);
      const b = fieldsOf(to);
      if (a.length !== b.length) bad(`a ROW cast keeps the number of fields (${a.length} here) and renames them by position`);
      a.forEach((x, i) => checkCast(x.type, b[i]!.type, at));
    } else {
      checkCast(from.key!, to.key!, at);
      checkCast(from.value!, to.value!, at);
    }
    return;
  }
  // TIMESTAMP, DATE and TIME convert among themselves and to and from text, as in Flink.
  const temporal = (n: string): boolean => n === 'TIMESTAMP' || n === 'DATE' || n === 'TIME';
  if (temporal(f) && temporal(t)) {
    if ((f === 'DATE' && t === 'TIME') || (f === 'TIME' && t === 'DATE')) bad();
    return;
  }
  if (temporal(f) && t !== 'VARCHAR') bad(isNumeric(to) ? 'UNIX_TIMESTAMP(ts) gives seconds since the epoch' : undefined);
  if (temporal(t) && f !== 'VARCHAR') bad(isNumeric(from) ? 'TO_TIMESTAMP_LTZ(x, 3) reads epoch milliseconds, TO_TIMESTAMP_LTZ(x, 0) seconds' : undefined);
}

/** Whether a cast can give NULL for a non-NULL value. */
export function castCanFail(from: SqlType, to: SqlType): boolean {
  // A structured value's members that do not convert become NULL members; the value itself is not NULL.
  if (isComposite(to)) return false;
  if (from.name === to.name) {
    if (to.name !== 'DECIMAL') return false;
    // Fewer integer digits, or rounding away digits that can carry into one more (9.99 → 10.0).
    const carry = (to.scale ?? 0) < (from.scale ?? 0) ? 1 : 0;
    return (to.precision ?? 38) - (to.scale ?? 0) < (from.precision ?? 38) - (from.scale ?? 0) + carry;
  }
  if (from.name === 'VARCHAR') return to.name !== 'VARCHAR';
  if (to.name === 'TIMESTAMP' || to.name === 'DATE' || to.name === 'TIME') return false;
  if (to.name === 'VARCHAR' || to.name === 'BOOLEAN' || to.name === 'DOUBLE' || to.name === 'FLOAT') return false;
  if (to.name === 'BIGINT') return from.name !== 'INT' && from.name !== 'BOOLEAN';
  if (to.name === 'INT') return from.name !== 'BOOLEAN';
  return true;
}

// ---------------------------------------------------------------------------------------------------
// Rejecting casts

/** Thrown by a rejecting CAST (castRejects) compiled in compile-expr's `rejectCasts` mode. */
export class CastRejection extends Error {
  override readonly name = 'CastRejection';
}

/**
 * Whether a CAST fails its row when its value does not convert, instead of giving NULL: an explicit
 * CAST (not TRY_CAST) from text to another type. The binder's implicit casts never start from VARCHAR
 * except to compare text with a TIMESTAMP, DATE or TIME, and those are TRY casts (functions-logic.ts
 * asTemporal), so every non-TRY cast from VARCHAR is one the user wrote.
 */
export function castRejects(e: BoundExpr): boolean {
  return e.kind === 'cast' && !e.try && e.operand.type.name === 'VARCHAR' && e.type.name !== 'VARCHAR';
}

/**
 * Called when a rejecting CAST gave NULL for `text`: throws the reason, except for a DECIMAL whose text
 * is a number with too many digits (NULL, as Flink's DECIMAL overflow).
 */
export function rejectCast(text: string, to: SqlType, where: string): null {
  if (to.name === 'DECIMAL' && parseNumber(text) !== null) return null;
  const shown = text.length > 60 ? `${text.slice(0, 60)}…` : text;
  throw new CastRejection(`${where}: cannot CAST '${shown}' to ${typeToString({ ...to, nullable: true })}`);
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
  if (n === null) return null;
  // Whole-number text past 2^53 that no double holds ('9007199254740993') is refused, not rounded.
  const t = s.trim();
  if (Math.abs(n) > 9007199254740992 || (Math.abs(n) === 9007199254740992 && /^[+-]?\d+$/.test(t) && BigInt(t) !== BigInt(n))) return null;
  return toBigint(n);
};

/** DECIMAL(p, s) from a double: NULL for NaN/±Infinity and when the integer part has too many digits. */
export function toDecimal(x: number, precision: number, scale: number): bigint | null {
  const u = decimalFromNumber(x, scale);
  return u === null ? null : fit(u, precision);
}
const textToDecimal = (s: string, p: number, sc: number): bigint | null => {
  const u = parseDecimal(s, sc);
  return u === null ? null : fit(u, p);
};
/** An integer (INT/BIGINT, an integral double) as DECIMAL(p, s). */
const decimalRescale = (u: bigint, from: number, p: number, to: number): bigint | null => fit(rescale(u, from, to), p);
/** DECIMAL → INT / BIGINT truncates toward zero, as Flink; NULL out of range. */
const decimalToInt = (u: bigint, s: number): number | null => toInt(Number(shiftDown(u, s)));
const decimalToBigint = (u: bigint, s: number): number | null => toBigint(Number(shiftDown(u, s)));

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
export function decimalToString(u: bigint, scale: number): string {
  return decimalText(u, scale);
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
      return f === 'DECIMAL' ? `${a} !== 0n` : `${a} !== 0`;
    case 'INT':
      if (f === 'INT') return a;
      if (f === 'BOOLEAN') return `(${a} ? 1 : 0)`;
      if (f === 'VARCHAR') return `${cg.fn(textToInt)}(${a})`;
      if (f === 'DECIMAL') return `${cg.fn(decimalToInt)}(${a}, ${from.scale ?? 0})`;
      return `${cg.fn(toInt)}(${a})`;
    case 'BIGINT':
      if (f === 'INT' || f === 'BIGINT') return a;
      if (f === 'BOOLEAN') return `(${a} ? 1 : 0)`;
      if (f === 'VARCHAR') return `${cg.fn(textToBigint)}(${a})`;
      if (f === 'DECIMAL') return `${cg.fn(decimalToBigint)}(${a}, ${from.scale ?? 0})`;
      return `${cg.fn(toBigint)}(${a})`;
    case 'FLOAT':
    case 'DOUBLE':
      if (f === 'BOOLEAN') return `(${a} ? 1 : 0)`;
      if (f === 'VARCHAR') return `${cg.fn(parseDouble)}(${a})`;
      if (f === 'DECIMAL') return `${cg.fn(decimalToNumber)}(${a}, ${from.scale ?? 0})`;
      return a;
    case 'DECIMAL':
      if (f === 'BOOLEAN') return `(${a} ? ${cg.konst(pow10n(s))} : 0n)`;
      if (f === 'VARCHAR') return `${cg.fn(textToDecimal)}(${a}, ${p}, ${s})`;
      if (f === 'DECIMAL') {
        const fs = from.scale ?? 0;
        if (fs === s && !castCanFail(from, to)) return a;
        return `${cg.fn(decimalRescale)}(${a}, ${fs}, ${p}, ${s})`;
      }
      if (f === 'INT' || f === 'BIGINT') return `${cg.fn(decimalFromInteger)}(${a}, ${p}, ${s})`;
      return `${cg.fn(toDecimal)}(${a}, ${p}, ${s})`;
    case 'VARCHAR': {
      let text: string;
      if (f === 'VARCHAR') text = a;
      else if (f === 'BOOLEAN') text = `(${a} ? 'TRUE' : 'FALSE')`;
      else if (f === 'INT' || f === 'BIGINT') text = `String(${a})`;
      else if (f === 'DECIMAL') text = `${cg.fn(decimalToString)}(${a}, ${from.scale ?? 0})`;
      else if (f === 'TIMESTAMP') text = `${cg.fn(formatSqlTimestamp)}(${a})`;
      else if (f === 'DATE') text = `${cg.fn(formatDate)}(${a})`;
      else if (f === 'TIME') text = `${cg.fn(formatTime)}(${a})`;
      else text = `${cg.fn(doubleToString)}(${a})`;
      return to.precision !== undefined ? `${cg.fn(truncateText)}(${text}, ${to.precision})` : text;
    }
    case 'TIMESTAMP':
      if (f === 'VARCHAR') return `${cg.fn(parseTimestamp)}(${a})`;
      if (f === 'DATE') return `${cg.fn(dateStart)}(${a})`;
      return a; // a TIME is the time on 1970-01-01
    case 'DATE':
      if (f === 'VARCHAR') return `${cg.fn(parseDate)}(${a})`;
      if (f === 'TIMESTAMP') return `${cg.fn(dateOf)}(${a})`;
      return a;
    case 'TIME':
      if (f === 'VARCHAR') return `${cg.fn(parseTime)}(${a})`;
      if (f === 'TIMESTAMP') return `${cg.fn(timeOfDay)}(${a})`;
      return a;
    case 'ARRAY':
      if (sameRepr(from, to)) return a;
      return `${cg.fn(mapElements)}(${a}, ${cg.fn(casterOf(from.element!, to.element!))})`;
    case 'MAP':
      if (sameRepr(from, to)) return a;
      return `${cg.fn(mapEntries)}(${a}, ${cg.fn(casterOf(from.key!, to.key!))}, ${cg.fn(casterOf(from.value!, to.value!))})`;
    case 'ROW': {
      if (sameRepr(from, to)) return a;
      const b = fieldsOf(to);
      return `${cg.fn(mapFields)}(${a}, ${cg.konst(fieldsOf(from).map((x, i) => casterOf(x.type, b[i]!.type)))})`;
    }
    case 'INTERVAL':
    case 'NULL':
      return 'null';
  }
}

/** A function converting one non-NULL value from `from` to `to` (an element of an ARRAY or MAP cast); NULL when it does not convert. */
export function casterOf(from: SqlType, to: SqlType): (x: unknown) => unknown {
  const consts: unknown[] = [];
  const cg: Codegen = { konst: (x) => `k[${consts.push(x) - 1}]`, fn: (f) => `k[${consts.push(f) - 1}]` };
  const code = castCode(from, to, 'x', cg);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the cast's own generated code, no user text
  return (new Function('k', `return (x) => ${code};`) as (k: unknown[]) => (x: unknown) => unknown)(consts);
}

// ---------------------------------------------------------------------------------------------------
// Implicit conversions (CASE branches, COALESCE, IN lists, comparisons of mixed numeric types)

/** Whether values of type `from` are held at run time exactly as values of type `to` are. */
export function sameRepr(from: SqlType, to: SqlType): boolean {
  if (from.name === 'NULL' || to.name === 'NULL') return true;
  if (from.name === 'ARRAY' && to.name === 'ARRAY') return sameRepr(from.element!, to.element!);
  if (from.name === 'MAP' && to.name === 'MAP') return sameRepr(from.key!, to.key!) && sameRepr(from.value!, to.value!);
  if (from.name === 'ROW' && to.name === 'ROW') {
    const a = fieldsOf(from);
    const b = fieldsOf(to);
    return a.length === b.length && a.every((x, i) => sameRepr(x.type, b[i]!.type));
  }
  if (from.name === 'DECIMAL' || to.name === 'DECIMAL') return from.name === to.name && (from.scale ?? 0) === (to.scale ?? 0);
  if (isNumeric(from) && isNumeric(to)) return true; // INT, BIGINT, FLOAT, DOUBLE: all JS numbers
  return from.name === to.name;
}

/** A constant converted by the same generated code CAST uses at run time. */
export function castValue(v: unknown, from: SqlType, to: SqlType): unknown {
  if (v === null || v === undefined) return null;
  const consts: unknown[] = [];
  const cg: Codegen = { konst: (x) => `k[${consts.push(x) - 1}]`, fn: (f) => `k[${consts.push(f) - 1}]` };
  const code = castCode(from, to, 'x', cg);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the cast's own generated code, no user text
  return (new Function('k', 'x', `return ${code};`) as (k: unknown[], x: unknown) => unknown)(consts, v) ?? null;
}

/**
 * `e` as a value of type `to` (a type both share, from commonType): unchanged when the run-time
 * representation is the same, a constant converted now, otherwise an implicit CAST.
 */
export function coerce(e: BoundExpr, to: SqlType): BoundExpr {
  if (sameRepr(e.type, to)) return e;
  if (e.kind === 'const') {
    const value = castValue(e.value, e.type, to);
    return { kind: 'const', value, type: { ...to, nullable: value === null } };
  }
  return { kind: 'cast', operand: e, try: false, type: { ...to, nullable: e.type.nullable || castCanFail(e.type, to) } };
}

/**
 * The type in which numbers of the given types compare: DOUBLE when one is approximate, else DECIMAL at
 * the largest scale when one is DECIMAL (its precision may pass 38: it is internal and never
 * overflows), else null (integers compare as they are).
 */
export function comparisonType(types: readonly SqlType[]): SqlType | null {
  const nums = types.filter(isNumeric);
  if (!nums.some((t) => t.name === 'DECIMAL')) return null;
  if (nums.some((t) => t.name === 'DOUBLE' || t.name === 'FLOAT')) return T.double();
  let s = 0;
  let digits = 0;
  for (const t of nums) {
    const [p, sc] = t.name === 'INT' ? [10, 0] : t.name === 'BIGINT' ? [19, 0] : [t.precision ?? 38, t.scale ?? 0];
    s = Math.max(s, sc);
    digits = Math.max(digits, p - sc);
  }
  return T.decimal(digits + s, s);
}

/** Operands brought to one representation so that JS ===, <, Set.has compare their values. */
export function comparableNumbers(args: readonly BoundExpr[]): BoundExpr[] {
  const t = comparisonType(args.map((a) => a.type));
  return t === null ? [...args] : args.map((a) => (isNumeric(a.type) ? coerce(a, t) : a));
}
