/**
 * Arithmetic operators (+ - * / % and unary minus) and math functions.
 *
 * Rules a user sees (docs/expressions.md has them side by side with Flink):
 *   - INT / INT is an INT, truncated toward zero (Flink); 7 / 2 = 3. Use 7 / 2.0 or CAST for a fraction.
 *   - Integer overflow wraps as Java's int and long do in Flink: INT at 32 bits (exactly), BIGINT at 64
 *     bits. BIGINT values are doubles, exact up to 2^53; a result past that is the double nearest to
 *     the exact (wrapped) result, computed with BigInt when it leaves the exact range.
 *   - Exact x / 0 and x % 0 (INT, BIGINT, DECIMAL) are NULL: Flink throws, which would stop a continuous
 *     query forever on one bad event. DOUBLE/FLOAT division by zero is ±Infinity or NaN, as in Flink.
 *   - DECIMAL(p, s) is exact (scaled bigint, src/functions/decimal.ts) with Flink's result types; a
 *     result with more than p digits is NULL, as in Flink; rounding is half away from zero.
 *   - TIMESTAMP ± INTERVAL → TIMESTAMP, DATE ± INTERVAL → DATE, TIME ± INTERVAL → TIME; INTERVAL ± INTERVAL, INTERVAL * n, INTERVAL / n → INTERVAL.
 */
import {
  ceilDecimal,
  decimalToNumber,
  divDecimal,
  fit,
  mulIntByConstant,
  floorDecimal,
  modDecimal,
  pow10n,
  roundDecimalKeep,
  roundDecimalValue,
  roundNumber,
  shiftHalfUp,
  type RoundingMode,
} from '../functions/decimal.js';
import { addLong, divLong, mulLong, negLong, subLong } from '../functions/integer.js';
import type { BoundExpr } from './bound-expr.js';
import { fail } from './diagnostics.js';
import { coerce } from './functions-cast.js';
import {
  anyNullable,
  callOf,
  checkArg,
  checkArity,
  codeOf,
  commonTypeOf,
  constOf,
  decimalType,
  fnDef,
  isNull,
  numericResult,
  sameAs,
  show,
  type ArithOp,
  type BoundCall,
  type Codegen,
  type FnDef,
  type Site,
  type StrictCode,
} from './functions-core.js';
import { dateOf, timeOfDay } from './functions-date-values.js';
import { MS_PER_DAY } from './functions-datetime.js';
import { checkTimeRounding, timeRoundingImpl } from './functions-time.js';
import { isNumeric, isTemporal, T, type SqlType } from './types.js';

// ---------------------------------------------------------------------------------------------------
// Run-time helpers

const max2 = (a: unknown, b: unknown): unknown => ((a as number) >= (b as number) ? a : b);
const min2 = (a: unknown, b: unknown): unknown => ((a as number) <= (b as number) ? a : b);
const logBase = (b: number, x: number): number => Math.log(x) / Math.log(b);
const cot = (x: number): number => 1 / Math.tan(x);

const scaleOf = (t: SqlType): number => (t.name === 'DECIMAL' ? (t.scale ?? 0) : 0);

/** Code for a numeric atom of type t as a bigint at scale s ≥ its own (exact). */
function decimalAt(t: SqlType, a: string, s: number, cg: Codegen): string {
  if (t.name === 'DECIMAL') {
    const k = s - (t.scale ?? 0);
    return k === 0 ? a : `(${a} * ${cg.konst(pow10n(k))})`;
  }
  const lit = /^\(?(-?\d+)\)?$/.exec(a); // an integer literal converts now
  if (lit) return cg.konst(BigInt(lit[1]!) * pow10n(s));
  return s === 0 ? `BigInt(${a})` : `(BigInt(${a}) * ${cg.konst(pow10n(s))})`;
}

/** Code for a numeric atom of type t as a double. */
function numberAt(t: SqlType, a: string, cg: Codegen): string {
  return t.name === 'DECIMAL' ? `${cg.fn(decimalToNumber)}(${a}, ${t.scale ?? 0})` : a;
}

// ---------------------------------------------------------------------------------------------------
// Operators

function opMismatch(a: SqlType, b: SqlType, site: Site): never {
  const temporal = isTemporal(a) || isTemporal(b);
  fail(
    'TYPE_MISMATCH',
    `${site.name} expects numbers, got ${show(a)} and ${show(b)}`,
    site.pos,
    temporal ? `a TIMESTAMP, DATE or TIME can be shifted by an INTERVAL (ts - INTERVAL '5' SECOND); TIMESTAMPDIFF(DAY, a, b) counts between two` : undefined,
  );
}

const numOrNull = (t: SqlType): boolean => isNumeric(t) || isNull(t);
const is = (t: SqlType, name: SqlType['name']): boolean => t.name === name;

function arithType(op: ArithOp, a: SqlType, b: SqlType, site: Site): SqlType {
  const nullable = a.nullable || b.nullable;
  const ivOrNull = (t: SqlType): boolean => is(t, 'INTERVAL') || isNull(t);
  if (op === '+' || op === '-') {
    if (is(a, 'TIMESTAMP') && ivOrNull(b)) return T.timestamp(nullable);
    if (op === '+' && ivOrNull(a) && is(b, 'TIMESTAMP')) return T.timestamp(nullable);
    // DATE ± INTERVAL stays a DATE (a part day is dropped), TIME ± INTERVAL wraps around midnight (Flink).
    for (const k of ['DATE', 'TIME'] as const) {
      if ((is(a, k) && ivOrNull(b)) || (op === '+' && ivOrNull(a) && is(b, k))) return { name: k, nullable };
    }
    if (is(a, 'INTERVAL') && is(b, 'INTERVAL')) return { ...T.interval(), nullable };
  }
  if (op === '*' && ((is(a, 'INTERVAL') && numOrNull(b)) || (numOrNull(a) && is(b, 'INTERVAL')))) return { ...T.interval(), nullable };
  if (op === '/' && is(a, 'INTERVAL') && numOrNull(b)) return { ...T.interval(), nullable: true };
  if (numOrNull(a) && numOrNull(b)) return numericResult(op, a, b);
  return opMismatch(a, b, site);
}

function arithCode(op: ArithOp, call: BoundCall): StrictCode {
  const t = call.type;
  const ta = call.args[0]!.type;
  const tb = call.args[1]!.type;
  switch (t.name) {
    case 'DECIMAL':
      return mulByConstantCode(op, call, t.precision ?? 38, t.scale ?? 0) ?? decimalCode(op, ta, tb, t.precision ?? 38, t.scale ?? 0);
    case 'INT':
      return intCode(op);
    case 'BIGINT':
      return longCode(op, call);
    case 'DATE':
    case 'TIME': {
      // Days or a time of day on one side, milliseconds on the other.
      const ms = (ty: SqlType, x: string): string => (ty.name === 'DATE' ? `${x} * ${MS_PER_DAY}` : x);
      const back = t.name === 'DATE' ? dateOf : timeOfDay;
      return (a, cg) => `${cg.fn(back)}(${ms(ta, a[0]!)} ${op} ${ms(tb, a[1]!)})`;
    }
    case 'INTERVAL':
      // INTERVAL / 0 has no Infinity to give (an interval is a length in milliseconds): NULL.
      if (op === '/') return (a, cg) => `(${numberAt(tb, a[1]!, cg)} == 0 ? null : ${a[0]} / ${numberAt(tb, a[1]!, cg)})`;
      return (a, cg) => `(${numberAt(ta, a[0]!, cg)} ${op} ${numberAt(tb, a[1]!, cg)})`;
    default:
      // DOUBLE, FLOAT, TIMESTAMP ± INTERVAL: JS arithmetic is Java's double arithmetic (x / 0 = ±Infinity, NaN).
      return (a, cg) => `(${numberAt(ta, a[0]!, cg)} ${op} ${numberAt(tb, a[1]!, cg)})`;
  }
}

/** Java int arithmetic: | 0 and Math.imul wrap at 32 bits exactly. */
function intCode(op: ArithOp): StrictCode {
  switch (op) {
    case '+':
    case '-':
      return (a) => `((${a[0]} ${op} ${a[1]}) | 0)`;
    case '*':
      return (a) => `Math.imul(${a[0]}, ${a[1]})`;
    case '/':
    case '%':
      return (a) => `(${a[1]} === 0 ? null : (${a[0]} ${op} ${a[1]}) | 0)`;
  }
}

/** Java long arithmetic (functions/integer.ts); `+ 0` turns JS's -0 from % into 0. */
function longCode(op: ArithOp, call: BoundCall): StrictCode {
  switch (op) {
    case '+':
      return callOf(addLong)(call);
    case '-':
      return callOf(subLong)(call);
    case '*':
      return callOf(mulLong)(call);
    case '/':
      return (a, cg) => `(${a[1]} === 0 ? null : ${cg.fn(divLong)}(${a[0]}, ${a[1]}))`;
    case '%':
      return (a) => `(${a[1]} === 0 ? null : ${a[0]} % ${a[1]} + 0)`;
  }
}

/**
 * INT/BIGINT × a DECIMAL constant (`0.908 * price`) whose product needs no rounding: one exact double
 * product where it is a safe integer (decimal.ts, mulIntByConstant). Null when the call is not of that form.
 */
function mulByConstantCode(op: ArithOp, call: BoundCall, p: number, s: number): StrictCode | null {
  if (op !== '*') return null;
  const [x, y] = call.args as [BoundExpr, BoundExpr];
  const c = y.kind === 'const' ? y : x.kind === 'const' ? x : null;
  const other = c === y ? x : y;
  if (c === null || c.type.name !== 'DECIMAL' || typeof c.value !== 'bigint') return null;
  if (other.type.name !== 'INT' && other.type.name !== 'BIGINT') return null;
  if ((c.type.scale ?? 0) !== s || c.value > 2n ** 31n || c.value < -(2n ** 31n)) return null;
  const u = c.value;
  const xi = c === y ? 0 : 1;
  return (a, cg) => `${cg.fn(mulIntByConstant)}(${a[xi]!}, ${Number(u)}, ${cg.konst(u)}, ${p})`;
}

/** DECIMAL arithmetic on scaled bigints: exact, rounded half up to the result scale, NULL past p digits. */
function decimalCode(op: ArithOp, ta: SqlType, tb: SqlType, p: number, s: number): StrictCode {
  const sa = scaleOf(ta);
  const sb = scaleOf(tb);
  switch (op) {
    case '+':
    case '-': {
      const at = Math.max(sa, sb);
      return (a, cg) => {
        const sum = `${decimalAt(ta, a[0]!, at, cg)} ${op} ${decimalAt(tb, a[1]!, at, cg)}`;
        return `${cg.fn(fit)}(${at === s ? sum : `${cg.fn(shiftHalfUp)}(${sum}, ${at - s})`}, ${p})`;
      };
    }
    case '*':
      return (a, cg) => {
        const prod = `${decimalAt(ta, a[0]!, sa, cg)} * ${decimalAt(tb, a[1]!, sb, cg)}`;
        return `${cg.fn(fit)}(${sa + sb === s ? prod : `${cg.fn(shiftHalfUp)}(${prod}, ${sa + sb - s})`}, ${p})`;
      };
    case '/':
      return (a, cg) => `${cg.fn(divDecimal)}(${decimalAt(ta, a[0]!, sa, cg)}, ${sa}, ${decimalAt(tb, a[1]!, sb, cg)}, ${sb}, ${s}, ${p})`;
    case '%':
      return (a, cg) => `${cg.fn(modDecimal)}(${decimalAt(ta, a[0]!, sa, cg)}, ${sa}, ${decimalAt(tb, a[1]!, sb, cg)}, ${sb}, ${s}, ${p})`;
  }
}

function arith(op: ArithOp, fnName: string = op): FnDef {
  return {
    name: fnName,
    check(args, site) {
      checkArity(args, 2, 2, site);
      return { args, type: arithType(op, args[0]!.type, args[1]!.type, site) };
    },
    impl: (call) => arithCode(op, call),
  };
}

const neg: FnDef = {
  name: 'NEG',
  check(args, site) {
    checkArity(args, 1, 1, site);
    const t = args[0]!.type;
    if (!numOrNull(t) && t.name !== 'INTERVAL') fail('TYPE_MISMATCH', `operator - expects a number, got ${show(t)}`, site.pos);
    return { args, type: isNull(t) ? T.int(true) : t };
  },
  impl: (call) => {
    switch (call.type.name) {
      case 'INT':
        return (a) => `((-${a[0]}) | 0)`;
      case 'BIGINT':
        return callOf(negLong)(call);
      default:
        return (a) => `(-${a[0]})`;
    }
  },
};

// ---------------------------------------------------------------------------------------------------
// Math functions

/**
 * ROUND / TRUNCATE result type, Flink's LogicalTypeMerging.findRoundDecimalType: DECIMAL(p, s) rounded
 * to a constant d < s is DECIMAL(1 + p - s + d, d) (one more digit for a carry), to d < 0 is
 * DECIMAL(1 + p - s, 0); other types keep their type.
 */
function roundingType(args: readonly BoundExpr[]): SqlType {
  const t = args[0]!.type;
  if (isNull(t)) return T.int(true);
  if (t.name !== 'DECIMAL') return t;
  const d = args.length > 1 ? constOf(args[1]) : 0;
  if (typeof d !== 'number') return t;
  const p = t.precision ?? 38;
  const s = t.scale ?? 0;
  if (d >= s) return t;
  if (d < 0) return T.decimal(Math.min(38, 1 + p - s), 0, t.nullable);
  return T.decimal(1 + p - s + d, d, t.nullable);
}

function rounding(name: string, mode: RoundingMode): FnDef {
  return fnDef(
    name,
    ['number', 'integer'],
    roundingType,
    (call) => {
      const t = call.args[0]!.type;
      const dArg = call.args.length > 1 ? constOf(call.args[1]) : 0;
      const m = JSON.stringify(mode);
      if (t.name !== 'DECIMAL') {
        return call.args.length === 1 ? (a, cg) => `${cg.fn(roundNumber)}(${a[0]}, 0, ${m})` : (a, cg) => `${cg.fn(roundNumber)}(${a[0]}, ${a[1]}, ${m})`;
      }
      const s = t.scale ?? 0;
      if (typeof dArg === 'number') {
        const p = call.type.precision ?? 38;
        return (a, cg) => `${cg.fn(fit)}(${cg.fn(roundDecimalValue)}(${a[0]}, ${s}, ${dArg}, ${m}), ${p})`;
      }
      return (a, cg) => `${cg.fn(roundDecimalKeep)}(${a[0]}, ${s}, ${a[1]}, ${m})`;
    },
    { min: 1, exactDecimal: true, mayBeNull: true },
  );
}

/** FLOOR(x) / CEIL(x), and FLOOR(ts, 'unit') / CEIL(ts, 'unit') for timestamps. */
function floorCeil(name: 'FLOOR' | 'CEIL'): FnDef {
  const js = name === 'FLOOR' ? 'Math.floor' : 'Math.ceil';
  return {
    name,
    check(args, site) {
      if (args[0]?.type.name === 'TIMESTAMP') return checkTimeRounding(args, site);
      checkArity(args, 1, 1, site);
      checkArg(args, 0, 'number', site);
      const t = args[0]!.type;
      if (t.name === 'DECIMAL') {
        const p = t.precision ?? 38;
        const s = t.scale ?? 0;
        return { args, type: decimalType(Math.max(1, p - s + (s > 0 ? 1 : 0)), 0, t.nullable) };
      }
      return { args, type: isNull(t) ? T.int(true) : t };
    },
    impl: (call) => {
      const t = call.args[0]!.type;
      if (t.name === 'TIMESTAMP') return timeRoundingImpl(call, name === 'CEIL');
      if (t.name === 'DECIMAL') return (a, cg) => `${cg.fn(name === 'FLOOR' ? floorDecimal : ceilDecimal)}(${a[0]}, ${t.scale ?? 0})`;
      return (a) => `${js}(${a[0]})`;
    },
  };
}

const double = (name: string, js: string, params: 1 | 2 = 1): FnDef =>
  fnDef(name, params === 1 ? ['number'] : ['number', 'number'], T.double(false), codeOf((a) => `${js}(${a.join(', ')})`));

function extreme(name: 'GREATEST' | 'LEAST'): FnDef {
  const f = name === 'GREATEST' ? max2 : min2;
  return {
    name,
    check(args, site) {
      checkArity(args, 1, Infinity, site);
      args.forEach((a, i) => {
        if (a.type.name === 'INTERVAL') fail('TYPE_MISMATCH', `${site.name} does not take INTERVAL values`, site.argPos[i] ?? site.pos);
      });
      const t = commonTypeOf(args, `arguments of ${site.name}`, site);
      return { args: args.map((a) => coerce(a, t)), type: { ...t, nullable: anyNullable(args) } };
    },
    // Flink: NULL if any argument is NULL (strict). A left fold of a two-argument helper, no array.
    impl: () => (a, cg) => a.slice(1).reduce((acc, x) => `${cg.fn(f)}(${acc}, ${x})`, a[0]!),
  };
}

function absImpl(call: BoundCall): StrictCode {
  switch (call.type.name) {
    case 'DECIMAL':
      return (a) => `(${a[0]} < 0n ? -${a[0]} : ${a[0]})`;
    case 'INT':
      return (a) => `(Math.abs(${a[0]}) | 0)`; // ABS(-2^31) wraps to itself, as Java's Math.abs
    default:
      return (a) => `Math.abs(${a[0]})`;
  }
}

/** SIGN keeps the argument's type (Flink): -1, 0 or 1 of it; a DECIMAL(p, s) 1 is 10^s unscaled. */
function signImpl(call: BoundCall): StrictCode {
  const t = call.type;
  if (t.name !== 'DECIMAL') return (a) => `Math.sign(${a[0]})`;
  return (a, cg) => `(${a[0]} > 0n ? ${cg.konst(pow10n(t.scale ?? 0))} : ${a[0]} < 0n ? ${cg.konst(-pow10n(t.scale ?? 0))} : 0n)`;
}

const constant = (name: string, value: string): FnDef => fnDef(name, [], T.double(false), codeOf(() => value));

/**
 * SHIFTLEFT / SHIFTRIGHT(x, n) (Flink 2.1): Java's `<<` and `>>` (sign-extending) on x's type, the count
 * taken modulo the width — 32 bits for INT and the smaller integers, 64 for BIGINT (exact to 2^53, as BIGINT).
 */
function shift(name: 'SHIFTLEFT' | 'SHIFTRIGHT'): FnDef {
  const left = name === 'SHIFTLEFT';
  return fnDef(name, ['integer', 'integer'], sameAs(0), (call) => {
    if (call.args[0]!.type.name === 'BIGINT') return callOf(left ? shiftLeftLong : shiftRightLong)(call);
    return (a) => `(${a[0]} ${left ? '<<' : '>>'} ${a[1]})`;
  });
}
const shiftLeftLong = (x: number, n: number): number => Number(BigInt.asIntN(64, BigInt(x) << BigInt(n & 63)));
const shiftRightLong = (x: number, n: number): number => Number(BigInt(x) >> BigInt(n & 63));

export const ARITH_FUNCTIONS: readonly FnDef[] = [
  arith('+'),
  arith('-'),
  arith('*'),
  arith('/'),
  arith('%'),
  arith('%', 'MOD'),
  neg,
  fnDef('ABS', ['number'], sameAs(0), absImpl, { exactDecimal: true }),
  fnDef('SIGN', ['number'], sameAs(0), signImpl, { exactDecimal: true }),
  floorCeil('FLOOR'),
  floorCeil('CEIL'),
  rounding('ROUND', 'half_up'),
  rounding('TRUNCATE', 'down'),
  double('POWER', 'Math.pow', 2),
  double('SQRT', 'Math.sqrt'),
  double('CBRT', 'Math.cbrt'),
  double('EXP', 'Math.exp'),
  double('LN', 'Math.log'),
  double('LOG10', 'Math.log10'),
  double('LOG2', 'Math.log2'),
  fnDef('LOG', ['number', 'number'], T.double(false), (call) => (call.args.length === 1 ? (a) => `Math.log(${a[0]})` : callOf(logBase)(call)), { min: 1 }),
  double('SIN', 'Math.sin'),
  double('COS', 'Math.cos'),
  double('TAN', 'Math.tan'),
  fnDef('COT', ['number'], T.double(false), callOf(cot)),
  double('ASIN', 'Math.asin'),
  double('ACOS', 'Math.acos'),
  double('ATAN', 'Math.atan'),
  double('ATAN2', 'Math.atan2', 2),
  double('SINH', 'Math.sinh'),
  double('COSH', 'Math.cosh'),
  double('TANH', 'Math.tanh'),
  fnDef('DEGREES', ['number'], T.double(false), codeOf((a) => `(${a[0]} * 180 / Math.PI)`)),
  fnDef('RADIANS', ['number'], T.double(false), codeOf((a) => `(${a[0]} * Math.PI / 180)`)),
  constant('PI', 'Math.PI'),
  constant('E', 'Math.E'),
  extreme('GREATEST'),
  extreme('LEAST'),
  shift('SHIFTLEFT'),
  shift('SHIFTRIGHT'),
];

/** Aliases: another name for a registered function. */
export const ARITH_ALIASES: Readonly<Record<string, string>> = { CEILING: 'CEIL', POW: 'POWER' };
