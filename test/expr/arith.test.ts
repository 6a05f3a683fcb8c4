import { describe, expect, it } from 'vitest';
import { bin, bind, bindError, call, col, interval, neg, NULL, num, run, str, ts, MS } from './helpers.js';
import { typeToString } from '../../src/parser/types.js';
import type * as ast from '../../src/parser/ast.js';

const typeOf = (e: ast.Expr): string => typeToString(bind(e).type);

describe('arithmetic types (Flink promotion)', () => {
  it('keeps INT op INT an INT and widens to BIGINT', () => {
    expect(typeOf(bin('+', col('i'), col('i')))).toBe('INT');
    expect(typeOf(bin('*', col('i'), col('b')))).toBe('BIGINT');
  });

  it('makes anything with DOUBLE a DOUBLE', () => {
    expect(typeOf(bin('+', col('i'), col('d')))).toBe('DOUBLE');
    expect(typeOf(bin('+', col('m'), col('d')))).toBe('DOUBLE');
    expect(typeOf(bin('+', num('1e3'), col('i')))).toBe('DOUBLE');
  });

  it('makes DECIMAL with an integer a DECIMAL with Flink precision and scale', () => {
    expect(typeOf(bin('+', col('m'), col('i')))).toBe('DECIMAL(13, 2)'); // max(8, 10) + 2 + 1
    expect(typeOf(bin('*', col('m'), col('m')))).toBe('DECIMAL(21, 4)');
    expect(typeOf(bin('/', col('m'), col('i')))).toBe('DECIMAL(21, 13)'); // s = max(6, 2 + 10 + 1), p = 10 - 2 + 0 + s
    expect(typeOf(bin('%', col('m'), num('3')))).toBe('DECIMAL(10, 2)');
  });

  it('makes division and modulo nullable (division by zero is NULL)', () => {
    expect(bind(bin('/', num('1'), num('2'))).type.nullable).toBe(true);
    expect(bind(bin('+', num('1'), num('2'))).type.nullable).toBe(false);
  });
});

describe('arithmetic values', () => {
  it('divides INT by INT as an integer, truncating toward zero', () => {
    expect(run(bin('/', num('7'), num('2')))).toBe(3);
    expect(run(bin('/', neg(num('7')), num('2')))).toBe(-3);
    expect(run(bin('/', num('7'), num('2.0')))).toBe(3.5);
    expect(run(bin('/', col('d'), num('2')), { d: 7 })).toBe(3.5);
  });

  it('gives NULL for exact division and modulo by zero (INT, BIGINT, DECIMAL)', () => {
    expect(run(bin('/', col('i'), num('0')), { i: 5 })).toBeNull();
    expect(run(bin('/', col('m'), num('0.0')), { m: 5 })).toBeNull();
    expect(run(bin('%', col('i'), num('0')), { i: 5 })).toBeNull();
    expect(run(call('MOD', col('b'), num('0')), { b: 5 })).toBeNull();
    expect(run(bin('%', col('m'), num('0')), { m: 5 })).toBeNull();
  });

  it('divides DOUBLE by zero as Java and Flink do: ±Infinity, and NaN for 0 / 0 and x % 0', () => {
    expect(run(bin('/', col('d'), num('0')), { d: 5 })).toBe(Infinity);
    expect(run(bin('/', col('d'), num('0')), { d: -5 })).toBe(-Infinity);
    expect(run(bin('/', col('d'), num('0')), { d: 0 })).toBeNaN();
    expect(run(bin('%', col('d'), num('0')), { d: 5 })).toBeNaN();
    expect(run(bin('/', col('i'), num('0.0e0')), { i: 1 })).toBe(Infinity);
    expect(typeOf(bin('/', col('d'), num('2')))).toBe('DOUBLE');
    expect(bind(bin('/', num('1e0'), num('2'))).type.nullable).toBe(false);
  });

  it('computes % with the sign of the dividend, like Java', () => {
    expect(run(bin('%', num('7'), num('3')))).toBe(1);
    expect(run(bin('%', neg(num('7')), num('3')))).toBe(-1);
    expect(run(call('MOD', num('7'), neg(num('3'))))).toBe(1);
  });

  it('rounds DECIMAL results to their scale, so decimal sums are exact', () => {
    expect(run(bin('+', num('0.1'), num('0.2')))).toBe(0.3);
    expect(run(bin('=', bin('+', num('0.1'), num('0.2')), num('0.3')))).toBe(true);
    expect(run(bin('*', col('m'), num('3')), { m: 1.1 })).toBe(3.3);
    expect(run(bin('-', col('m'), num('0.01')), { m: 1.1 })).toBe(1.09);
    expect(run(bin('/', num('1.00'), num('3')))).toBe(0.3333333333333);
  });

  it('wraps INT overflow at 32 bits, as Java and Flink do', () => {
    expect(run(bin('+', col('i'), num('1')), { i: 2147483647 })).toBe(-2147483648);
    expect(run(bin('-', col('i'), num('1')), { i: -2147483648 })).toBe(2147483647);
    expect(run(bin('*', col('i'), col('i')), { i: 2147483647 })).toBe(1);
    expect(run(bin('*', col('i'), num('65536')), { i: 65536 })).toBe(0);
    expect(run(bin('/', col('i'), neg(num('1'))), { i: -2147483648 })).toBe(-2147483648);
    expect(run(neg(col('i')), { i: -2147483648 })).toBe(-2147483648);
    expect(run(call('ABS', col('i')), { i: -2147483648 })).toBe(-2147483648);
  });

  it('wraps BIGINT overflow at 64 bits, and is exact within 2^53', () => {
    expect(run(bin('+', col('b'), num('1')), { b: 9007199254740991 })).toBe(9007199254740992);
    expect(run(bin('*', col('b'), num('3')), { b: 3000000000000000 })).toBe(9000000000000000);
    // Long.MAX_VALUE + 1 wraps to Long.MIN_VALUE (both exact doubles: ±2^63)
    expect(run(bin('+', col('b'), col('b')), { b: 2 ** 62 })).toBe(-(2 ** 63));
    expect(run(bin('*', col('b'), num('4')), { b: 2 ** 62 })).toBe(0);
    expect(run(bin('-', neg(col('b')), col('b')), { b: 2 ** 63 })).toBe(0);
    expect(run(bin('*', col('b'), col('b')), { b: 4294967296 })).toBe(0); // 2^64 wraps to 0
    expect(run(bin('+', col('i'), col('b')), { i: 1, b: 2 })).toBe(3);
  });

  it('negates numbers and keeps -2147483648 an INT', () => {
    expect(run(neg(col('i')), { i: 5 })).toBe(-5);
    expect(typeOf(neg(num('2147483648')))).toBe('INT');
    expect(typeOf(num('2147483648'))).toBe('BIGINT');
  });

  it('shifts a TIMESTAMP by an INTERVAL', () => {
    expect(typeOf(bin('-', col('ts'), interval(5000)))).toBe('TIMESTAMP(3)');
    expect(run(bin('-', col('ts'), interval(5000)), { ts: 10_000 })).toBe(5000);
    expect(run(bin('+', interval(1000), ts('2020-10-10 00:00:00')))).toBe(MS('2020-10-10T00:00:01Z'));
    expect(typeOf(bin('*', interval(1000), num('3')))).toBe('INTERVAL');
    expect(run(bin('*', interval(1000), num('3')))).toBe(3000);
  });
});

describe('arithmetic type errors', () => {
  it('names both operand types', () => {
    const d = bindError(bin('+', col('s'), col('i'), { line: 2, column: 7, offset: 20, length: 5 }));
    expect(d.code).toBe('TYPE_MISMATCH');
    expect(d.message).toBe('operator + expects numbers, got VARCHAR and INT');
    expect([d.line, d.column, d.length]).toEqual([2, 7, 5]);
  });

  it('explains how to do TIMESTAMP arithmetic', () => {
    const d = bindError(bin('+', col('ts'), num('1')));
    expect(d.message).toBe('operator + expects numbers, got TIMESTAMP(3) and INT');
    expect(d.hint).toContain('INTERVAL');
    expect(bindError(bin('-', col('ts'), col('ts'))).code).toBe('TYPE_MISMATCH');
  });

  it('refuses negating text', () => {
    expect(bindError(neg(col('s'))).message).toBe('operator - expects a number, got VARCHAR');
  });
});

describe('math functions', () => {
  const cases: [string, ast.Expr, unknown][] = [
    ['ABS(-3)', call('ABS', neg(num('3'))), 3],
    ['ABS(-1.5)', call('ABS', num('-1.5')), 1.5],
    ['FLOOR(-1.5)', call('FLOOR', num('-1.5')), -2],
    ['CEIL(1.2)', call('CEIL', num('1.2')), 2],
    ['CEILING(1.2)', call('CEILING', num('1.2')), 2],
    ['ROUND(2.5)', call('ROUND', num('2.5')), 3],
    ['ROUND(-2.5)', call('ROUND', num('-2.5')), -3],
    ['ROUND(1.005, 2)', call('ROUND', num('1.005'), num('2')), 1.01],
    ['ROUND(1234.5, -2)', call('ROUND', num('1234.5'), neg(num('2'))), 1200],
    ['ROUND(2.675e0, 2)', call('ROUND', num('2.675e0'), num('2')), 2.68],
    ['TRUNCATE(1.29, 1)', call('TRUNCATE', num('1.29'), num('1')), 1.2],
    ['TRUNCATE(-1.29, 1)', call('TRUNCATE', num('-1.29'), num('1')), -1.2],
    ['TRUNCATE(0.29, 2)', call('TRUNCATE', num('0.29'), num('2')), 0.29],
    ['MOD(10, 3)', call('MOD', num('10'), num('3')), 1],
    ['POWER(2, 10)', call('POWER', num('2'), num('10')), 1024],
    ['POW(2, 0.5)', call('POW', num('4'), num('0.5')), 2],
    ['SQRT(16)', call('SQRT', num('16')), 4],
    ['EXP(0)', call('EXP', num('0')), 1],
    ['LN(1)', call('LN', num('1')), 0],
    ['LOG10(1000)', call('LOG10', num('1000')), 3],
    ['LOG2(8)', call('LOG2', num('8')), 3],
    ['LOG(2, 8)', call('LOG', num('2'), num('8')), 3],
    ['SIGN(-4)', call('SIGN', neg(num('4'))), -1],
    ['SIGN(0)', call('SIGN', num('0')), 0],
    ['GREATEST(1, 3, 2)', call('GREATEST', num('1'), num('3'), num('2')), 3],
    ['LEAST(1, 3, 2.5)', call('LEAST', num('1'), num('3'), num('2.5')), 1],
    ["GREATEST('a', 'c')", call('GREATEST', str('a'), str('c')), 'c'],
    ['GREATEST(1, NULL)', call('GREATEST', num('1'), NULL), null],
    ['DEGREES(PI())', call('DEGREES', call('PI')), 180],
  ];
  for (const [text, e, want] of cases) {
    it(`${text} = ${String(want)}`, () => {
      expect(run(e)).toBe(want);
    });
  }

  it('gives NaN for SQRT of a negative number, as Java does', () => {
    expect(run(call('SQRT', num('-1')))).toBeNaN();
  });

  it('types ROUND of a DECIMAL with the kept digits, and FLOOR of a DECIMAL with scale 0', () => {
    expect(typeOf(call('ROUND', col('m'), num('1')))).toBe('DECIMAL(10, 1)');
    expect(typeOf(call('FLOOR', col('m')))).toBe('DECIMAL(9, 0)');
    expect(typeOf(call('FLOOR', col('d')))).toBe('DOUBLE');
    expect(typeOf(call('ABS', col('i')))).toBe('INT');
    expect(typeOf(call('SQRT', col('i')))).toBe('DOUBLE');
  });

  it('rejects non-numbers with the function name and argument', () => {
    expect(bindError(call('ABS', col('s'))).message).toBe('ABS expects a number, got VARCHAR');
    expect(bindError(call('ROUND', col('d'), col('s'))).message).toBe('ROUND expects an integer (INT or BIGINT) as argument 2, got VARCHAR');
    expect(bindError(call('SQRT')).message).toBe('SQRT takes 1 argument, got 0');
    expect(bindError(call('GREATEST', num('1'), str('a'))).message).toBe('arguments of GREATEST have incompatible types: INT and VARCHAR');
  });
});
