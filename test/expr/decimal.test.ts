/**
 * Exact DECIMAL (issue 13): the run-time module, Flink's result types, and SQL over decimal columns.
 * Expectations cite Flink's LogicalTypeMerging and DecimalDataUtils (HALF_UP, NULL past p digits).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { makeRowDecoder, makeRowEncoder } from '../../src/executor/values.js';
import {
  bigintOfSafe,
  decimalFromInteger,
  decimalFromNumber,
  decimalToJson,
  decimalToNumber,
  decimalToString,
  divideDecimal,
  fit,
  mulIntByConstant,
  parseDecimal,
  remainderDecimal,
  roundNumber,
} from '../../src/functions/decimal.js';
import type * as ast from '../../src/parser/ast.js';
import { parseExpression } from '../../src/parser/parse.js';
import { T, typeToString } from '../../src/parser/types.js';
import { bind, exact, run } from './helpers.js';

/** An expression from SQL text, over the helpers' schema (i INT, b BIGINT, d DOUBLE, m DECIMAL(10, 2), ...). */
function sql(text: string): ast.Expr {
  const r = parseExpression(text);
  if (!r.expr) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.expr;
}
const text = (e: string, row: Record<string, unknown> = {}): string | null => exact(sql(e), row);
const value = (e: string, row: Record<string, unknown> = {}): unknown => run(sql(e), row);
const typeOf = (e: string): string => typeToString(bind(sql(e)).type);

describe('decimal values', () => {
  it('parse text exactly, rounding half away from zero', () => {
    expect(parseDecimal('0.1', 2)).toBe(10n);
    expect(parseDecimal('-2.5', 0)).toBe(-3n);
    expect(parseDecimal('2.5', 0)).toBe(3n);
    expect(parseDecimal('-0.125', 2)).toBe(-13n);
    expect(parseDecimal('1.5e3', 1)).toBe(15000n);
    expect(parseDecimal('-1.25E-1', 2)).toBe(-13n);
    expect(parseDecimal(' 7 ', 0)).toBe(7n);
    expect(parseDecimal('1e-500', 2)).toBe(0n);
    expect(parseDecimal('abc', 2)).toBeNull();
    expect(parseDecimal('.', 2)).toBeNull();
    expect(parseDecimal('1e999', 2)).toBeNull();
  });

  it('read a double as its shortest text, as BigDecimal.valueOf', () => {
    expect(decimalFromNumber(0.1, 20)).toBe(10n ** 19n);
    expect(decimalFromNumber(1.005, 2)).toBe(101n);
    expect(decimalFromNumber(1e21, 0)).toBe(10n ** 21n);
    expect(decimalFromNumber(NaN, 2)).toBeNull();
  });

  it('print with exactly the scale digits, and convert to the nearest double', () => {
    expect(decimalToString(-5n, 2)).toBe('-0.05');
    expect(decimalToString(110n, 2)).toBe('1.10');
    expect(decimalToString(7n, 0)).toBe('7');
    expect(decimalToNumber(30n, 2)).toBe(0.3);
    expect(decimalToNumber(12345678901234567890123n, 3)).toBe(12345678901234567890.123);
  });

  it('write JSON as a number when a double holds the value, else as exact text', () => {
    expect(decimalToJson(30n, 2)).toBe(0.3);
    expect(decimalToJson(999999999999999n, 0)).toBe(999999999999999);
    expect(decimalToJson(12345678901234567890123n, 3)).toBe('12345678901234567890.123');
    expect(decimalToJson(9007199254740993n, 0)).toBe('9007199254740993');
    expect(decimalToJson(10n ** 25n, 0)).toBe(1e25);
  });

  it('divide as Flink: 34 significant digits half-even, then half-up to the scale', () => {
    expect(divideDecimal(1n, 0, 3n, 0, 6)).toBe(333333n);
    expect(divideDecimal(-2n, 0, 3n, 0, 6)).toBe(-666667n);
    expect(divideDecimal(10n, 0, 4n, 0, 0)).toBe(3n); // 2.5 → 3
    expect(divideDecimal(-10n, 0, 4n, 0, 0)).toBe(-3n);
    expect(divideDecimal(1n, 0, 0n, 0, 6)).toBeNull();
    // 0.4999…(40 nines) / 1: DECIMAL128 rounds it to 0.5000…, which HALF_UP then takes to 1
    const almostHalf = 5n * 10n ** 39n - 1n; // scale 40
    expect(divideDecimal(almostHalf, 40, 1n, 0, 0)).toBe(1n);
  });

  it('divide exactly half-up wherever the quotient needs at most 34 digits (property, against BigInt)', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: -(10n ** 12n), max: 10n ** 12n }).filter((b) => b !== 0n),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 0, max: 10 }),
        (a, b, sa, sb, s) => {
          // reference: round half away from zero of (a / 10^sa) / (b / 10^sb) at scale s
          const n = a * 10n ** BigInt(sb + s);
          const d = b * 10n ** BigInt(sa);
          const q = n / d;
          const r = n % d;
          const abs = (x: bigint): bigint => (x < 0n ? -x : x);
          const ref = 2n * abs(r) >= abs(d) ? q + ((n < 0n) !== (d < 0n) ? -1n : 1n) : q;
          expect(divideDecimal(a, sa, b, sb, s)).toBe(ref);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('round-trip through JSON out and in, at every precision up to 38 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.bigInt({ min: -(10n ** 38n) + 1n, max: 10n ** 38n - 1n }), (scale, u) => {
        const type = T.decimal(38, scale);
        const out = JSON.parse(JSON.stringify(makeRowEncoder([{ name: 'x', type }])([u])));
        expect(makeRowDecoder([{ name: 'x', type, notNull: false }], null)(out)).toEqual({ row: [u] });
      }),
      { numRuns: 2000 },
    );
  });

  it('take remainders with the sign of the dividend, at the larger scale', () => {
    expect(remainderDecimal(15n, 1, 1n, 1)).toBe(0n); // 1.5 % 0.1 = 0.0
    expect(remainderDecimal(-75n, 1, 2n, 0)).toBe(-15n); // -7.5 % 2 = -1.5
    expect(remainderDecimal(1n, 0, 0n, 0)).toBeNull();
  });

  it('round doubles as the decimal they stand for', () => {
    expect(roundNumber(1.005, 2, 'half_up')).toBe(1.01);
    expect(roundNumber(2.675, 2, 'half_up')).toBe(2.68);
    expect(roundNumber(-2.5, 0, 'half_up')).toBe(-3);
    expect(roundNumber(1449.5, -2, 'half_up')).toBe(1400);
    expect(roundNumber(1450, -2, 'half_up')).toBe(1500);
    expect(roundNumber(-1.29, 1, 'down')).toBe(-1.2);
    expect(roundNumber(3.0e15, 0, 'down')).toBe(3.0e15);
    expect(roundNumber(3.0e15, 0, 'half_up')).toBe(3.0e15);
    expect(Object.is(roundNumber(-0.4, 0, 'half_up'), 0)).toBe(true);
  });
});

describe('decimal fast paths against the bigint path', () => {
  // Integral doubles: 32-bit, safe, the edges of 2^32 and 2^53, and past 2^53 (BIGINT values are doubles).
  const edges = [0, -0, 1, -1, 2 ** 31, -(2 ** 31), 2 ** 32 - 1, 2 ** 32, 2 ** 32 + 1, -(2 ** 32) - 1, -(2 ** 32), -(2 ** 32) + 1];
  const nearSafe = [2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 53 - 2, -(2 ** 53) + 2, 2 ** 52, -(2 ** 52)];
  const safe = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.constantFrom(...edges, ...nearSafe));
  const integral = fc.oneof(safe, fc.constantFrom(2 ** 53, -(2 ** 53), 2 ** 53 + 2, 2 ** 60, -(2 ** 63), 2 ** 63 - 1024));

  it('bigintOfSafe is BigInt for every safe integer', () => {
    fc.assert(
      fc.property(safe, (x) => {
        expect(bigintOfSafe(x)).toBe(BigInt(x));
      }),
      { numRuns: 2000 },
    );
    for (const x of [...edges, ...nearSafe]) expect(bigintOfSafe(x)).toBe(BigInt(x));
  });

  it('mulIntByConstant is the exact product, NULL past the precision (random constants and precisions, past 2^53)', () => {
    const constant = fc.oneof(fc.integer({ min: -(2 ** 31), max: 2 ** 31 }), fc.constantFrom(0, 1, -1, 908, -999, 2 ** 31, -(2 ** 31)));
    fc.assert(
      fc.property(integral, constant, fc.integer({ min: 1, max: 38 }), (x, c, p) => {
        expect(mulIntByConstant(x, c, BigInt(c), p)).toBe(fit(BigInt(x) * BigInt(c), p));
      }),
      { numRuns: 3000 },
    );
    // Precision boundaries on the double path: 10^p − 1 fits, 10^p does not (both signs).
    for (let p = 1; p <= 15; p++) {
      const lim = 10 ** p;
      expect(mulIntByConstant(lim - 1, 1, 1n, p)).toBe(BigInt(lim - 1));
      expect(mulIntByConstant(-(lim - 1), 1, 1n, p)).toBe(-BigInt(lim - 1));
      expect(mulIntByConstant(lim, 1, 1n, p)).toBeNull();
      expect(mulIntByConstant(-lim, 1, 1n, p)).toBeNull();
    }
    // Products just below and past 2^53: exact either way.
    expect(mulIntByConstant(2 ** 52 - 1, 2, 2n, 38)).toBe(2n ** 53n - 2n);
    expect(mulIntByConstant(2 ** 52 + 1, 2, 2n, 38)).toBe(2n ** 53n + 2n);
    expect(mulIntByConstant(3002399751580331, 3, 3n, 38)).toBe(3002399751580331n * 3n);
  });

  it('decimalFromInteger is the scaled integer, NULL past the precision', () => {
    fc.assert(
      fc.property(integral, fc.integer({ min: 1, max: 38 }), fc.integer({ min: 0, max: 20 }), (x, p, sc) => {
        expect(decimalFromInteger(x, p, Math.min(sc, p))).toBe(fit(BigInt(x) * 10n ** BigInt(Math.min(sc, p)), p));
      }),
      { numRuns: 2000 },
    );
    expect(decimalFromNumber(-(2 ** 53) + 1, 2)).toBe((-(2n ** 53n) + 1n) * 100n);
  });
});

describe('DECIMAL in SQL', () => {
  it('adds exactly: 0.1 + 0.2 = 0.3 (DECIMAL(2, 1))', () => {
    expect(text('0.1 + 0.2')).toBe('0.3');
    expect(typeOf('0.1 + 0.2')).toBe('DECIMAL(2, 1)');
    expect(value('0.1 + 0.2 = 0.3')).toBe(true);
    expect(value('0.10 + 0.20 = 0.3')).toBe(true);
    expect(text('m + 0.005', { m: 0.1 })).toBe('0.105');
  });

  it('takes 1.5 % 0.1 as 0.0', () => {
    expect(text('1.5 % 0.1')).toBe('0.0');
    expect(text('MOD(-7.5, 2)')).toBe('-1.5');
  });

  it('rounds negative ties away from zero', () => {
    expect(text('ROUND(-2.5)')).toBe('-3');
    expect(text('ROUND(-0.125, 2)')).toBe('-0.13');
    expect(text('ROUND(0.125, 2)')).toBe('0.13');
    expect(text('CAST(-2.5 AS DECIMAL(5, 0))')).toBe('-3');
    expect(text('CAST(-0.125 AS DECIMAL(5, 2))')).toBe('-0.13');
    expect(text('-0.5 / 1')).toBe('-0.500000000000'); // DECIMAL(1, 1) / INT: scale max(6, 1 + 10 + 1)
    expect(text('CAST(CAST(-1 AS DECIMAL(5, 0)) / 8 AS DECIMAL(5, 2))')).toBe('-0.13');
    expect(text('ROUND(-1.25, 1)')).toBe('-1.3');
    expect(value('ROUND(-2.5E0)')).toBe(-3);
  });

  it('truncates large values without moving them: TRUNCATE(3.0E15, 0) = 3.0E15', () => {
    expect(value('TRUNCATE(3.0E15, 0)')).toBe(3e15);
    expect(text('TRUNCATE(3000000000000000.0, 0)')).toBe('3000000000000000');
    expect(text('TRUNCATE(-1.29, 1)')).toBe('-1.2');
    expect(text('TRUNCATE(1299.99, -2)')).toBe('1200');
  });

  it('keeps every digit of DECIMAL(38)', () => {
    expect(text('12345678901234567890.123456789 + 1')).toBe('12345678901234567891.123456789');
    expect(text('CAST(99999999999999999999999999999999999999 AS DECIMAL(38, 0)) - 1')).toBe('99999999999999999999999999999999999998');
    expect(text('12345678901234567890123456789012345678')).toBe('12345678901234567890123456789012345678');
    expect(typeOf('12345678901234567890123456789012345678')).toBe('DECIMAL(38, 0)');
  });

  it('multiplies an integer column by a decimal constant exactly, within and past 2^53 (property, against BigInt)', () => {
    const big = fc.oneof(fc.integer(), fc.integer({ min: -(2 ** 53) + 1, max: 2 ** 53 - 1 }), fc.constantFrom(2 ** 53 - 1, -(2 ** 53) + 1, 2 ** 60, 0));
    fc.assert(
      fc.property(big, fc.integer({ min: -99_999, max: 99_999 }), (b, u) => {
        const c = decimalToString(BigInt(u), 3);
        const want = BigInt(b) * BigInt(u);
        // DECIMAL(5, 3) × BIGINT (19, 0) is DECIMAL(24, 3): only past 24 digits would it be NULL.
        expect(text(`${c} * b`, { b })).toBe(decimalToString(want, 3));
        expect(text(`b * ${c}`, { b })).toBe(decimalToString(want, 3));
      }),
    );
    expect(text('i * 0.999', { i: 2_000_000_000 })).toBe('1998000000.000');
    expect(text('i * -0.5', { i: -7 })).toBe('3.5');
    expect(typeOf('i * 0.999')).toBe('DECIMAL(14, 3)');
    expect(text('i * 0.999', { i: null })).toBeNull();
  });

  it('gives NULL past 38 digits, as Flink does', () => {
    expect(text('CAST(99999999999999999999999999999999999999 AS DECIMAL(38, 0)) + 1')).toBeNull();
    expect(text('CAST(12345.678 AS DECIMAL(5, 2))')).toBeNull();
    expect(text('CAST(9.99 AS DECIMAL(2, 1))')).toBeNull(); // rounds up to 10.0
    expect(text('1.0 / 0')).toBeNull();
  });

  it('types + - * / % as Flink (LogicalTypeMerging)', () => {
    expect(typeOf('CAST(1 AS DECIMAL(10, 2)) + CAST(1 AS DECIMAL(5, 4))')).toBe('DECIMAL(13, 4)');
    expect(typeOf('CAST(1 AS DECIMAL(10, 2)) * CAST(1 AS DECIMAL(5, 4))')).toBe('DECIMAL(16, 6)');
    expect(typeOf('CAST(1 AS DECIMAL(10, 2)) / CAST(1 AS DECIMAL(5, 4))')).toBe('DECIMAL(20, 8)');
    expect(typeOf('CAST(1 AS DECIMAL(10, 2)) % CAST(1 AS DECIMAL(5, 4))')).toBe('DECIMAL(5, 4)');
    expect(typeOf('m + i')).toBe('DECIMAL(13, 2)');
    expect(typeOf('m * b')).toBe('DECIMAL(30, 2)');
    expect(typeOf('m + d')).toBe('DOUBLE');
    // past 38 digits the scale gives way, keeping at least 6
    expect(typeOf('CAST(1 AS DECIMAL(38, 10)) * CAST(1 AS DECIMAL(38, 10))')).toBe('DECIMAL(38, 6)');
    expect(text('CAST(1.5 AS DECIMAL(38, 10)) * CAST(2.25 AS DECIMAL(38, 10))')).toBe('3.375000');
  });

  it('types ROUND and TRUNCATE as Flink (findRoundDecimalType)', () => {
    expect(typeOf('ROUND(CAST(1 AS DECIMAL(5, 3)), 1)')).toBe('DECIMAL(4, 1)');
    expect(typeOf('ROUND(CAST(1 AS DECIMAL(5, 3)), -1)')).toBe('DECIMAL(3, 0)');
    expect(typeOf('TRUNCATE(CAST(1 AS DECIMAL(5, 3)), 4)')).toBe('DECIMAL(5, 3)');
    expect(text('ROUND(CAST(99.96 AS DECIMAL(4, 2)), 1)')).toBe('100.0');
    expect(text('ROUND(m, i)', { m: 1.25, i: 1 })).toBe('1.30'); // digits known only at run time: scale kept
  });

  it('compares across scales and with integers and doubles', () => {
    expect(value('0.30 = 0.3')).toBe(true);
    expect(value('m = 0.3', { m: 0.3 })).toBe(true);
    expect(value('m > i', { m: 1.01, i: 1 })).toBe(true);
    expect(value('m = i', { m: 2, i: 2 })).toBe(true);
    expect(value('m < d', { m: 0.1, d: 0.10000000000000002 })).toBe(true);
    expect(value('m IN (0.1, 0.20, 3)', { m: 0.2 })).toBe(true);
    expect(value('m IN (0.1, i)', { m: 5, i: 5 })).toBe(true);
    expect(value('m NOT IN (0.15, 1)', { m: 0.15 })).toBe(false);
    expect(value('m BETWEEN 0.1 AND 1', { m: 1 })).toBe(true);
    expect(value('NULLIF(m, 0.3)', { m: 0.3 })).toBeNull();
    expect(value('NULLIF(i, 1.0)', { i: 1 })).toBeNull();
    expect(value('NULLIF(i, 1.5)', { i: 1 })).toBe(1);
  });

  it('brings CASE, COALESCE, IF and GREATEST branches to their common type', () => {
    expect(text('CASE WHEN i > 0 THEN 0.5 ELSE 1.25 END', { i: 1 })).toBe('0.50');
    expect(text('CASE WHEN i > 0 THEN 1 ELSE 1.25 END', { i: 1 })).toBe('1.00');
    expect(text('COALESCE(m, 1)', {})).toBe('1.00');
    expect(text('IF(i > 0, m, 0.125)', { i: 1, m: 2 })).toBe('2.000');
    expect(text('GREATEST(1, 2.55, m)', { m: 2.5 })).toBe('2.55');
    expect(value('CASE WHEN i > 0 THEN 1.5 ELSE d END', { i: 1 })).toBe(1.5);
  });

  it('casts to and from every numeric type and text', () => {
    expect(value('CAST(m AS DOUBLE)', { m: 0.1 })).toBe(0.1);
    expect(value('CAST(m AS INT)', { m: -2.99 })).toBe(-2);
    expect(value('CAST(m AS BIGINT)', { m: 12345678.9 })).toBe(12345678);
    expect(value('CAST(m AS VARCHAR)', { m: 1.5 })).toBe('1.50');
    expect(value('CAST(m AS BOOLEAN)', { m: 0 })).toBe(false);
    expect(text("CAST('12.345' AS DECIMAL(10, 2))")).toBe('12.35');
    expect(text("CAST(' -12.345e1 ' AS DECIMAL(10, 2))")).toBe('-123.45');
    expect(text("CAST('1.0000000000000000001' AS DECIMAL(38, 19))")).toBe('1.0000000000000000001');
    expect(text('CAST(0.1E0 AS DECIMAL(20, 19))')).toBe('0.1000000000000000000');
    expect(text('CAST(TRUE AS DECIMAL(3, 2))')).toBe('1.00');
    expect(text('CAST(i AS DECIMAL(12, 2))', { i: -7 })).toBe('-7.00');
    expect(text('CAST(i AS DECIMAL(3, 2))', { i: 70 })).toBeNull();
  });

  it('computes math functions of a DECIMAL in doubles (SQRT, POWER) and keeps ABS, SIGN, FLOOR, CEIL exact', () => {
    expect(value('SQRT(2.25)')).toBe(1.5);
    expect(value('POWER(m, 2)', { m: 1.5 })).toBe(2.25);
    expect(typeOf('SQRT(m)')).toBe('DOUBLE');
    expect(text('ABS(m)', { m: -1.5 })).toBe('1.50');
    expect(text('SIGN(m)', { m: -1.5 })).toBe('-1.00');
    expect(text('FLOOR(m)', { m: -1.5 })).toBe('-2');
    expect(text('CEIL(m)', { m: -1.5 })).toBe('-1');
    expect(text('FLOOR(m)', { m: 2 })).toBe('2');
    expect(text('-m', { m: 1.5 })).toBe('-1.50');
    expect(value("TO_TIMESTAMP_LTZ(1.5, 0) = TIMESTAMP '1970-01-01 00:00:01.500'")).toBe(true);
    expect(value('INTERVAL \'1\' SECOND * 1.5 = INTERVAL \'1500\' MILLISECOND')).toBe(true);
  });
});
