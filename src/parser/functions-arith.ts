/**
 * Arithmetic operators (+ - * / % and unary minus) and math functions.
 *
 * Numbers are JS doubles at run time (types.ts). Rules a user sees:
 *   - INT / INT is an INT, truncated toward zero (Flink); 7 / 2 = 3. Use 7 / 2.0 or CAST for a fraction.
 *   - x / 0 and x % 0 are NULL for every numeric type. Flink throws for exact types, which would stop
 *     a continuous query forever on one bad event; a NULL is visible and the stream keeps running.
 *   - Integer overflow: integers are doubles, so nothing wraps around as in Java; results stay exact up
 *     to 2^53 (9007199254740992) and lose low digits beyond that. An INT expression may hold a value
 *     past 2^31 (no error).
 *   - DECIMAL(p, s) values are doubles rounded to the result scale after + - * / % (so 0.1 + 0.2 is
 *     exactly 0.3 as DECIMAL(2, 1) and compares equal to 0.3); exact for up to 15 significant digits.
 *   - TIMESTAMP ± INTERVAL → TIMESTAMP; INTERVAL ± INTERVAL, INTERVAL * n, INTERVAL / n → INTERVAL.
 */
import type { BoundExpr } from './bound-expr.js';
import { fail } from './diagnostics.js';
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
  type FnDef,
  type Site,
  type StrictCode,
} from './functions-core.js';
import { checkTimeRounding, timeRoundingImpl } from './functions-time.js';
import { isIntegral, isNumeric, T, type SqlType } from './types.js';

// ---------------------------------------------------------------------------------------------------
// Run-time helpers

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22];
const pow10 = (n: number): number => POW10[n] ?? 10 ** n;

/** Past this magnitude a double has no fractional digits left to round. */
const EXACT = 4.5e15;

/**
 * Removes binary noise from a result whose exact decimal value has at most `scale` digits (sums,
 * differences, products of DECIMALs): 0.1 + 0.2 → 0.3. There are no halfway cases to decide here.
 */
export function fixScale(x: number, scale: number): number {
  const p = pow10(scale);
  const y = x * p;
  if (!(y < EXACT && y > -EXACT)) return x;
  return Math.round(y) / p;
}

/**
 * SQL ROUND: half away from zero at `scale` digits (negative: left of the point). The value is the
 * decimal the double stands for, so ROUND(1.005, 2) = 1.01 although 1.005 is 1.00499999999999989… as
 * a double: a fraction within two ulps of .5 counts as .5 (Flink rounds BigDecimal.valueOf(double),
 * the shortest decimal text, which gives the same answers).
 */
export function roundDecimal(x: number, scale: number): number {
  if (!Number.isFinite(x)) return x;
  if (scale < 0) {
    const q = pow10(-scale);
    return roundDecimal(x / q, 0) * q;
  }
  const p = pow10(scale);
  const y = Math.abs(x) * p;
  if (!(y < EXACT)) return x;
  let r = Math.floor(y);
  const f = y - r;
  if (f >= 0.5 || 0.5 - f <= y * 4.5e-16) r += 1;
  const v = r / p;
  return x < 0 ? -v : v;
}

/** SQL TRUNCATE: toward zero at `scale` digits, with the same reading of the double as roundDecimal. */
export function truncDecimal(x: number, scale: number): number {
  if (!Number.isFinite(x)) return x;
  if (scale < 0) {
    const q = pow10(-scale);
    return truncDecimal(x / q, 0) * q;
  }
  const p = pow10(scale);
  const y = Math.abs(x) * p;
  if (!(y < EXACT)) return x;
  let r = Math.floor(y);
  if (1 - (y - r) <= y * 4.5e-16) r += 1;
  const v = r / p;
  return x < 0 ? -v : v;
}

const max2 = (a: unknown, b: unknown): unknown => ((a as number) >= (b as number) ? a : b);
const min2 = (a: unknown, b: unknown): unknown => ((a as number) <= (b as number) ? a : b);
const logBase = (b: number, x: number): number => Math.log(x) / Math.log(b);
const cot = (x: number): number => 1 / Math.tan(x);

// ---------------------------------------------------------------------------------------------------
// Operators

function opMismatch(a: SqlType, b: SqlType, site: Site): never {
  const temporal = a.name === 'TIMESTAMP' || b.name === 'TIMESTAMP';
  fail(
    'TYPE_MISMATCH',
    `${site.name} expects numbers, got ${show(a)} and ${show(b)}`,
    site.pos,
    temporal ? `a TIMESTAMP can be shifted by an INTERVAL: ts - INTERVAL '5' SECOND` : undefined,
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
    if (is(a, 'INTERVAL') && is(b, 'INTERVAL')) return { ...T.interval(), nullable };
  }
  if (op === '*' && ((is(a, 'INTERVAL') && numOrNull(b)) || (numOrNull(a) && is(b, 'INTERVAL')))) return { ...T.interval(), nullable };
  if (op === '/' && is(a, 'INTERVAL') && numOrNull(b)) return { ...T.interval(), nullable: true };
  if (numOrNull(a) && numOrNull(b)) return numericResult(op, a, b);
  return opMismatch(a, b, site);
}

function arithCode(op: ArithOp, call: BoundCall): StrictCode {
  const t = call.type;
  const scale = t.scale ?? 0;
  const dec = t.name === 'DECIMAL';
  switch (op) {
    case '+':
    case '-':
    case '*':
      return dec ? (a, cg) => `${cg.fn(fixScale)}(${a[0]} ${op} ${a[1]}, ${scale})` : (a) => `(${a[0]} ${op} ${a[1]})`;
    case '/':
      if (isIntegral(t)) return (a) => `(${a[1]} === 0 ? null : Math.trunc(${a[0]} / ${a[1]}))`;
      if (dec) return (a, cg) => `(${a[1]} === 0 ? null : ${cg.fn(roundDecimal)}(${a[0]} / ${a[1]}, ${scale}))`;
      return (a) => `(${a[1]} === 0 ? null : ${a[0]} / ${a[1]})`;
    case '%':
      if (dec) return (a, cg) => `(${a[1]} === 0 ? null : ${cg.fn(fixScale)}(${a[0]} % ${a[1]}, ${scale}))`;
      return (a) => `(${a[1]} === 0 ? null : ${a[0]} % ${a[1]})`;
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
  impl: codeOf((a) => `(-${a[0]})`),
};

// ---------------------------------------------------------------------------------------------------
// Math functions

/** ROUND / TRUNCATE result type: DECIMAL(p, s) with a constant d keeps min(s, d) digits. */
function roundingType(args: readonly BoundExpr[]): SqlType {
  const t = args[0]!.type;
  if (isNull(t)) return T.int(true);
  if (t.name !== 'DECIMAL') return t;
  const d = args.length > 1 ? constOf(args[1]) : 0;
  if (typeof d !== 'number') return t;
  const s = Math.max(0, Math.min(t.scale ?? 0, d));
  return decimalType(t.precision ?? 38, s, t.nullable);
}

function rounding(name: string, f: (x: number, d: number) => number): FnDef {
  return fnDef(name, ['number', 'integer'], roundingType, (call) => {
    if (call.args.length === 1) return (a, cg) => `${cg.fn(f)}(${a[0]}, 0)`;
    return callOf(f)(call);
  }, { min: 1 });
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
    impl: (call) => (call.args[0]!.type.name === 'TIMESTAMP' ? timeRoundingImpl(call, name === 'CEIL') : (a) => `${js}(${a[0]})`),
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
      return { args, type: { ...t, nullable: anyNullable(args) } };
    },
    // Flink: NULL if any argument is NULL (strict). A left fold of a two-argument helper, no array.
    impl: () => (a, cg) => a.slice(1).reduce((acc, x) => `${cg.fn(f)}(${acc}, ${x})`, a[0]!),
  };
}

const constant = (name: string, value: string): FnDef => fnDef(name, [], T.double(false), codeOf(() => value));

export const ARITH_FUNCTIONS: readonly FnDef[] = [
  arith('+'),
  arith('-'),
  arith('*'),
  arith('/'),
  arith('%'),
  arith('%', 'MOD'),
  neg,
  fnDef('ABS', ['number'], sameAs(0), codeOf((a) => `Math.abs(${a[0]})`)),
  fnDef('SIGN', ['number'], sameAs(0), codeOf((a) => `Math.sign(${a[0]})`)),
  floorCeil('FLOOR'),
  floorCeil('CEIL'),
  rounding('ROUND', roundDecimal),
  rounding('TRUNCATE', truncDecimal),
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
];

/** Aliases: another name for a registered function. */
export const ARITH_ALIASES: Readonly<Record<string, string>> = { CEILING: 'CEIL', POW: 'POWER' };
