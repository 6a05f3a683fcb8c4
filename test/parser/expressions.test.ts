import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/parser/parse.js';
import { bin, call, checkExpr, col, exprOf, interval, noPos, num, str } from './helpers.js';

const [a, b, c, d] = [col('a'), col('b'), col('c'), col('d')];

describe('operator precedence', () => {
  it('binds * tighter than +, and + tighter than comparison', () => {
    checkExpr(['a + b * c > d', '(a + (b * c)) > d'], bin('>', bin('+', a, bin('*', b, c)), d));
  });

  it('is left-associative within a level', () => {
    checkExpr(['a - b - c', '(a - b) - c'], bin('-', bin('-', a, b), c));
    checkExpr(['a / b * c % d'], bin('%', bin('*', bin('/', a, b), c), d));
  });

  it('binds AND tighter than OR, and NOT tighter than AND', () => {
    checkExpr(['a OR b AND NOT c', 'a OR (b AND (NOT c))'], bin('OR', a, bin('AND', b, { kind: 'unary', op: 'NOT', operand: c })));
  });

  it('puts NOT below comparison: NOT a = b is NOT (a = b)', () => {
    checkExpr(['NOT a = b'], { kind: 'unary', op: 'NOT', operand: bin('=', a, b) });
  });

  it('puts || between comparison and +', () => {
    checkExpr(["a || b + c = 'x'"], bin('=', bin('||', a, bin('+', b, c)), str('x')));
  });

  it('binds unary minus tighter than *', () => {
    checkExpr(['-a * b'], bin('*', { kind: 'unary', op: '-', operand: a }, b));
  });

  it('reads a minus right before a number as a negative literal', () => {
    checkExpr(['-5', '- 5'], { kind: 'literal', type: 'number', value: -5, raw: '-5' });
    checkExpr(['a - -1.50'], bin('-', a, { kind: 'literal', type: 'number', value: -1.5, raw: '-1.50' }));
    checkExpr(['-(5)'], { kind: 'unary', op: '-', operand: num('5') });
  });

  it('reads BETWEEN bounds above AND, so a following AND is a conjunction', () => {
    checkExpr(['a BETWEEN 1 AND 2 AND b'], bin('AND', { kind: 'between', operand: a, low: num('1'), high: num('2'), negated: false }, b));
  });

  it('reads IS, IN, LIKE and their negations as predicates over the concatenation level', () => {
    checkExpr(['a IS NULL'], { kind: 'is_null', operand: a, negated: false });
    checkExpr(['a is not null'], { kind: 'is_null', operand: a, negated: true });
    checkExpr(['a IS NOT TRUE'], { kind: 'is_bool', operand: a, value: true, negated: true });
    checkExpr(['a IS FALSE'], { kind: 'is_bool', operand: a, value: false, negated: false });
    checkExpr(['a NOT IN (1, 2)'], { kind: 'in', operand: a, list: [num('1'), num('2')], negated: true });
    checkExpr(["a || 'x' LIKE 'p%' ESCAPE '!'"], {
      kind: 'like', operand: bin('||', a, str('x')), pattern: str('p%'), escape: str('!'), negated: false,
    });
    checkExpr(["a NOT LIKE 'p%'"], { kind: 'like', operand: a, pattern: str('p%'), negated: true });
    checkExpr(["a SIMILAR TO '(p|q)%' ESCAPE '!'"], { kind: 'like', similar: true, operand: a, pattern: str('(p|q)%'), escape: str('!'), negated: false });
    checkExpr(["a not similar to 'p_'"], { kind: 'like', similar: true, operand: a, pattern: str('p_'), negated: true });
    checkExpr(['a NOT BETWEEN b AND c'], { kind: 'between', operand: a, low: b, high: c, negated: true });
  });

  it('normalizes != to <>', () => {
    checkExpr(['a != b', 'a <> b'], bin('<>', a, b));
  });
});

describe('literals', () => {
  it('reads integers, decimals, leading-dot decimals and exponents, keeping the raw text', () => {
    checkExpr(['42'], num('42'));
    checkExpr(['1.10'], { kind: 'literal', type: 'number', value: 1.1, raw: '1.10' });
    checkExpr(['.5'], num('.5'));
    checkExpr(['1e3'], { kind: 'literal', type: 'number', value: 1000, raw: '1e3' });
    checkExpr(['2.5E-2'], { kind: 'literal', type: 'number', value: 0.025, raw: '2.5E-2' });
  });

  it("reads strings with '' as an escaped quote", () => {
    checkExpr(["'it''s'"], { kind: 'literal', type: 'string', value: "it's", raw: "'it''s'" });
    checkExpr(["''"], { kind: 'literal', type: 'string', value: '', raw: "''" });
  });

  it('reads TRUE, FALSE and NULL in any case', () => {
    checkExpr(['TRUE', 'true'], { kind: 'literal', type: 'boolean', value: true, raw: expect.any(String) });
    checkExpr(['False'], { kind: 'literal', type: 'boolean', value: false, raw: 'False' });
    checkExpr(['null'], { kind: 'literal', type: 'null', value: null, raw: 'null' });
  });

  it('reads TIMESTAMP literals as epoch milliseconds in UTC', () => {
    const ms = Date.UTC(2020, 9, 10, 0, 0, 5);
    for (const text of ["TIMESTAMP '2020-10-10 00:00:05'", "TIMESTAMP '2020-10-10T00:00:05Z'", "timestamp '2020-10-10 02:00:05+02:00'"]) {
      expect(noPos(exprOf(text)), text).toEqual({ kind: 'literal', type: 'timestamp', value: ms, raw: text });
    }
    expect(exprOf("TIMESTAMP '2020-10-10T00:00:05.123Z'")).toMatchObject({ value: ms + 123 });
    expect(exprOf("TIMESTAMP '2020-10-10'")).toMatchObject({ value: Date.UTC(2020, 9, 10) });
  });

  it('rejects impossible timestamps with INVALID_LITERAL', () => {
    expect(parseExpression("TIMESTAMP '2020-02-30 00:00:00'").diagnostics[0]).toMatchObject({ code: 'INVALID_LITERAL', line: 1, column: 1 });
    expect(parseExpression("TIMESTAMP 'yesterday'").diagnostics[0]?.message).toContain("expected 'YYYY-MM-DD hh:mm:ss[.fff]'");
  });
});

describe('intervals', () => {
  const cases: [string, number][] = [
    ["INTERVAL '10' SECOND", 10_000],
    ["INTERVAL '1' MINUTE", 60_000],
    ["INTERVAL '8' HOUR", 28_800_000],
    ["INTERVAL '1' DAY", 86_400_000],
    ["INTERVAL '3' MILLISECOND", 3],
    ["INTERVAL '0.5' SECOND", 500],
    ["INTERVAL '1.1' SECOND", 1100],
    ["INTERVAL '2 hours'", 7_200_000],
    ["INTERVAL '10 seconds'", 10_000],
    ["INTERVAL '500 milliseconds'", 500],
    ["INTERVAL '1 minute'", 60_000],
    ["INTERVAL '1 hour 30 minutes'", 5_400_000],
    ["INTERVAL '2' HOURS", 7_200_000],
    ["interval '5' second", 5000],
    ["INTERVAL '1:30' MINUTE TO SECOND", 90_000],
    ["INTERVAL '1 02:00:00.5' DAY TO SECOND", 93_600_500],
  ];
  it.each(cases)('reads %s as %d ms', (text, ms) => {
    expect(noPos(exprOf(text))).toEqual(interval(ms, text));
  });

  it('reports a bad interval as INVALID_INTERVAL at the interval', () => {
    const unit = parseExpression("ts - INTERVAL '5' MONTH").diagnostics;
    expect(unit).toEqual([
      { code: 'INVALID_INTERVAL', message: 'unsupported interval unit MONTH; use MILLISECOND, SECOND, MINUTE, HOUR or DAY', line: 1, column: 6, length: 18 },
    ]);
    expect(parseExpression("INTERVAL '5 fortnights'").diagnostics[0]).toMatchObject({
      code: 'INVALID_INTERVAL', message: "unknown interval unit 'fortnights'; use MILLISECOND, SECOND, MINUTE, HOUR or DAY",
    });
    expect(parseExpression("INTERVAL 'abc' SECOND").diagnostics[0]?.message).toBe("invalid interval value 'abc'; expected a number, as in INTERVAL '10' SECOND");
    expect(parseExpression("INTERVAL '10'").diagnostics[0]?.message).toBe("interval '10' needs a unit, as in INTERVAL '10' SECOND");
    expect(parseExpression("INTERVAL '2 hours' HOUR").diagnostics[0]?.code).toBe('INVALID_INTERVAL');
  });
});

describe('calls and special forms', () => {
  it('upper-cases function names and reads COUNT(*) as a star call', () => {
    checkExpr(['count(*)', 'COUNT( * )'], call('COUNT', [], { star: true }));
    checkExpr(['coalesce(a, b, 0)'], call('COALESCE', [a, b, num('0')]));
    checkExpr(['NULLIF(a, b)'], call('NULLIF', [a, b]));
    checkExpr(['now()'], call('NOW', []));
  });

  it('reads DISTINCT and FILTER (WHERE ...) on aggregates', () => {
    checkExpr(['COUNT(DISTINCT a) FILTER (WHERE b > 1)'], call('COUNT', [a], { distinct: true, filter: bin('>', b, num('1')) }));
  });

  it('turns EXTRACT(field FROM x) into EXTRACT(\'FIELD\', x)', () => {
    checkExpr(['EXTRACT(HOUR FROM ts)', 'extract(hour from ts)'], call('EXTRACT', [str('HOUR'), col('ts')]));
  });

  it('turns SUBSTRING(s FROM a FOR b) into SUBSTRING(s, a, b)', () => {
    checkExpr(['SUBSTRING(s FROM 2 FOR 3)', 'substring(s, 2, 3)'], call('SUBSTRING', [col('s'), num('2'), num('3')]));
    checkExpr(['SUBSTRING(s FROM 2)'], call('SUBSTRING', [col('s'), num('2')]));
  });

  it('turns TRIM forms into TRIM, TRIM_LEADING and TRIM_TRAILING calls', () => {
    checkExpr(['TRIM(s)', 'TRIM(BOTH FROM s)'], call('TRIM', [col('s')]));
    checkExpr(["TRIM(BOTH 'x' FROM s)", "TRIM('x' FROM s)"], call('TRIM', [col('s'), str('x')]));
    checkExpr(['TRIM(LEADING FROM s)'], call('TRIM_LEADING', [col('s')]));
    checkExpr(["TRIM(TRAILING '0' FROM s)"], call('TRIM_TRAILING', [col('s'), str('0')]));
  });

  it('turns POSITION(a IN b) into POSITION(a, b)', () => {
    checkExpr(["POSITION('x' IN s)", "POSITION('x' IN (s))"], call('POSITION', [str('x'), col('s')]));
  });

  it('rejects FROM inside an ordinary call', () => {
    expect(parseExpression('UPPER(a FROM b)').diagnostics[0]).toMatchObject({
      code: 'SQL_SYNTAX', message: 'unexpected FROM in UPPER(...); only EXTRACT, SUBSTRING and TRIM take FROM', column: 9,
    });
  });

  it('reads both CASE forms', () => {
    checkExpr(["CASE WHEN a > 1 THEN 'big' ELSE 'small' END"], {
      kind: 'case', whens: [{ when: bin('>', a, num('1')), then: str('big') }], else: str('small'),
    });
    checkExpr(["CASE a WHEN 1 THEN 'one' WHEN 2 THEN 'two' END"], {
      kind: 'case', operand: a, whens: [{ when: num('1'), then: str('one') }, { when: num('2'), then: str('two') }],
    });
  });

  it('reads CAST, TRY_CAST and :: with type synonyms normalized', () => {
    const cast = (type: unknown, tryCast = false) => ({ kind: 'cast', operand: a, type, try: tryCast });
    checkExpr(['CAST(a AS INTEGER)', 'CAST(a AS int)', 'a::smallint', 'CAST(a AS TINYINT)'], cast({ name: 'INT' }));
    checkExpr(['TRY_CAST(a AS DOUBLE PRECISION)'], cast({ name: 'DOUBLE' }, true));
    checkExpr(['CAST(a AS REAL)', 'CAST(a AS FLOAT)'], cast({ name: 'FLOAT' }));
    checkExpr(['CAST(a AS NUMERIC(10, 2))', 'a::DEC(10,2)', 'CAST(a AS DECIMAL(10,2))'], cast({ name: 'DECIMAL', precision: 10, scale: 2 }));
    checkExpr(['CAST(a AS STRING)', 'CAST(a AS TEXT)', 'CAST(a AS VARCHAR)'], cast({ name: 'VARCHAR' }));
    checkExpr(['CAST(a AS CHAR(3))'], cast({ name: 'VARCHAR', precision: 3 }));
    checkExpr(['CAST(a AS TIMESTAMP(3))', 'CAST(a AS TIMESTAMP_LTZ(3))', 'CAST(a AS TIMESTAMP(3) WITHOUT TIME ZONE)'], cast({ name: 'TIMESTAMP', precision: 3 }));
    checkExpr(['CAST(a AS BOOLEAN)'], cast({ name: 'BOOLEAN' }));
    checkExpr(['CAST(a AS BIGINT)'], cast({ name: 'BIGINT' }));
  });

  it('names the supported types when a type is unknown', () => {
    expect(parseExpression('CAST(a AS WIBBLE)').diagnostics[0]).toMatchObject({
      code: 'SQL_SYNTAX', message: "unknown type 'WIBBLE'; expected BOOLEAN, INT, BIGINT, FLOAT, DOUBLE, DECIMAL, VARCHAR, TIMESTAMP, DATE, TIME, ARRAY<T>, MAP<K, V> or ROW<name T, ...>", column: 11,
    });
    expect(parseExpression('CAST(a AS BYTES)').diagnostics[0]?.code).toBe('UNSUPPORTED');
  });

  it('reads qualified and quoted column references', () => {
    checkExpr(['t.a', 'T.A', 't . a'], col('a', 't'));
    checkExpr(['"t".a', '`t`.a'], { kind: 'column', table: { name: 't', quoted: true }, name: { name: 'a', quoted: false } });
    checkExpr(['"MixedCase"'], { kind: 'column', name: { name: 'MixedCase', quoted: true } });
    checkExpr(['`we``ird`'], { kind: 'column', name: { name: 'we`ird', quoted: true } });
  });
});

describe('positions', () => {
  it('spans a node from its first to its last character, parentheses included', () => {
    const text = 'x = (a + b) * c';
    const e = exprOf(text);
    if (e.kind !== 'binary') throw new Error('expected a comparison');
    expect(e.pos).toEqual({ line: 1, column: 1, offset: 0, length: text.length });
    expect(e.right.pos).toMatchObject({ column: 5, offset: 4, length: 11 });
  });

  it('counts lines and columns from 1 across newlines', () => {
    const e = exprOf('a +\n  b');
    if (e.kind !== 'binary') throw new Error('expected a sum');
    expect(e.right.pos).toEqual({ line: 2, column: 3, offset: 6, length: 1 });
  });
});
