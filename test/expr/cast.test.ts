import { describe, expect, it } from 'vitest';
import { bind, bindError, bool, cast, col, MS, NULL, num, run, str, ts } from './helpers.js';
import type * as ast from '../../src/parser/ast.js';
import { doubleToString } from '../../src/parser/functions-cast.js';

type Case = [string, ast.Expr, unknown];

describe('CAST matrix', () => {
  const cases: Case[] = [
    // to BOOLEAN
    ["'true' → BOOLEAN", cast(str('true'), 'BOOLEAN'), true],
    ["' YES ' → BOOLEAN", cast(str(' YES '), 'BOOLEAN'), true],
    ["'0' → BOOLEAN", cast(str('0'), 'BOOLEAN'), false],
    ["'maybe' → BOOLEAN", cast(str('maybe'), 'BOOLEAN'), null],
    ['2 → BOOLEAN', cast(num('2'), 'BOOLEAN'), true],
    ['0.0 → BOOLEAN', cast(num('0.0'), 'BOOLEAN'), false],
    // to INT / BIGINT
    ["'42' → INT", cast(str('42'), 'INT'), 42],
    ["' -7 ' → INT", cast(str(' -7 '), 'INT'), -7],
    ["'1.9' → INT (truncates)", cast(str('1.9'), 'INT'), 1],
    ["'abc' → INT", cast(str('abc'), 'INT'), null],
    ["'3000000000' → INT (out of range)", cast(str('3000000000'), 'INT'), null],
    ["'3000000000' → BIGINT", cast(str('3000000000'), 'BIGINT'), 3000000000],
    ["'9007199254740992' → BIGINT (2^53, the documented limit)", cast(str('9007199254740992'), 'BIGINT'), 9007199254740992],
    ["'9007199254740993' → BIGINT (no double holds it)", cast(str('9007199254740993'), 'BIGINT'), null],
    ['-1.9 → INT (toward zero)', cast(num('-1.9'), 'INT'), -1],
    ['1e10 → INT (out of range)', cast(num('1e10'), 'INT'), null],
    ['1e10 → BIGINT', cast(num('1e10'), 'BIGINT'), 1e10],
    ['TRUE → INT', cast(bool(true), 'INT'), 1],
    ['FALSE → BIGINT', cast(bool(false), 'BIGINT'), 0],
    // to DOUBLE / FLOAT
    ["'1.5e3' → DOUBLE", cast(str('1.5e3'), 'DOUBLE'), 1500],
    ["'NaN' → DOUBLE", cast(str('NaN'), 'DOUBLE'), NaN],
    ["'x' → DOUBLE", cast(str('x'), 'DOUBLE'), null],
    ['7 → FLOAT', cast(num('7'), 'FLOAT'), 7],
    ['TRUE → DOUBLE', cast(bool(true), 'DOUBLE'), 1],
    // to DECIMAL
    ['1.005 → DECIMAL(5, 2) (half away from zero)', cast(num('1.005'), 'DECIMAL', 5, 2), 1.01],
    ['-2.5 → DECIMAL(5, 0)', cast(num('-2.5'), 'DECIMAL', 5, 0), -3],
    ["'12.345' → DECIMAL(10, 2)", cast(str('12.345'), 'DECIMAL', 10, 2), 12.35],
    ['123.4 → DECIMAL(3, 1) (too many digits)', cast(num('123.4'), 'DECIMAL', 3, 1), null],
    ['1e3 → DECIMAL (defaults to (10, 0))', cast(num('1.4e3'), 'DECIMAL'), 1400],
    // to VARCHAR
    ['42 → VARCHAR', cast(num('42'), 'VARCHAR'), '42'],
    ['1.5 → VARCHAR (DECIMAL keeps its scale)', cast(num('1.50'), 'VARCHAR'), '1.50'],
    ['1e0 → VARCHAR (DOUBLE as Java prints it)', cast(num('1e0'), 'VARCHAR'), '1.0'],
    ['1.5e10 → VARCHAR', cast(num('1.5e10'), 'VARCHAR'), '1.5E10'],
    ['TRUE → VARCHAR', cast(bool(true), 'VARCHAR'), 'TRUE'],
    ['TIMESTAMP → VARCHAR', cast(ts('2020-10-10 00:00:05'), 'VARCHAR'), '2020-10-10 00:00:05.000'],
    ["'abcdef' → VARCHAR(3)", cast(str('abcdef'), 'VARCHAR', 3), 'abc'],
    // to TIMESTAMP
    ["'2020-10-10 00:00:05' → TIMESTAMP (UTC)", cast(str('2020-10-10 00:00:05'), 'TIMESTAMP'), MS('2020-10-10T00:00:05Z')],
    ["'2020-10-10T02:00:05+02:00' → TIMESTAMP", cast(str('2020-10-10T02:00:05+02:00'), 'TIMESTAMP'), MS('2020-10-10T00:00:05Z')],
    ["'soon' → TIMESTAMP", cast(str('soon'), 'TIMESTAMP'), null],
    // NULL
    ['NULL → INT', cast(NULL, 'INT'), null],
    ['NULL → TIMESTAMP', cast(NULL, 'TIMESTAMP'), null],
  ];
  for (const [text, e, want] of cases) {
    it(`CAST ${text} = ${Number.isNaN(want) ? 'NaN' : JSON.stringify(want)}`, () => {
      if (Number.isNaN(want)) expect(run(e)).toBeNaN();
      else expect(run(e)).toBe(want);
    });
  }

  it('gives NULL for a failed CAST of a column value and throws nothing', () => {
    expect(run(cast(col('s'), 'INT'), { s: 'oops' })).toBeNull();
    expect(run(cast(col('s'), 'INT', undefined, undefined, true), { s: 'oops' })).toBeNull();
    expect(run(cast(col('s'), 'INT'), { s: '12' })).toBe(12);
  });

  it('types the result nullable only when the cast can fail', () => {
    expect(bind(cast(num('1'), 'BIGINT')).type.nullable).toBe(false);
    expect(bind(cast(num('1'), 'VARCHAR')).type.nullable).toBe(false);
    expect(bind(cast(str('1'), 'INT')).type.nullable).toBe(true);
    expect(bind(cast(num('1'), 'BIGINT', undefined, undefined, true)).type.nullable).toBe(true);
    expect(bind(cast(col('m'), 'DOUBLE')).type).toEqual({ name: 'DOUBLE', nullable: true });
  });

  it('refuses numeric ↔ TIMESTAMP and BOOLEAN ↔ TIMESTAMP, pointing at the Flink functions', () => {
    const d = bindError(cast(col('b'), 'TIMESTAMP'));
    expect(d.code).toBe('TYPE_MISMATCH');
    expect(d.message).toBe('cannot CAST BIGINT to TIMESTAMP(3)');
    expect(d.hint).toContain('TO_TIMESTAMP_LTZ');
    expect(bindError(cast(col('ts'), 'BIGINT')).hint).toContain('UNIX_TIMESTAMP');
    expect(bindError(cast(col('ok'), 'TIMESTAMP')).message).toBe('cannot CAST BOOLEAN to TIMESTAMP(3)');
  });

  it('refuses a DECIMAL type out of range', () => {
    expect(bindError(cast(num('1'), 'DECIMAL', 40, 2)).code).toBe('INVALID_LITERAL');
  });
});

describe('DOUBLE to text, as Java prints it', () => {
  const cases: [number, string][] = [
    [1, '1.0'], [0.1, '0.1'], [-2.5, '-2.5'], [1e7, '1.0E7'], [12345678.9, '1.23456789E7'], [0.0001, '1.0E-4'],
    [0.001, '0.001'], [0, '0.0'], [NaN, 'NaN'], [-Infinity, '-Infinity'],
  ];
  for (const [x, want] of cases) it(`${x} → '${want}'`, () => expect(doubleToString(x)).toBe(want));
});
