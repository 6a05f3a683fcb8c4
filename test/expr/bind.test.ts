import { describe, expect, it } from 'vitest';
import {
  at, between, bin, bind, bindError, bool, call, callAt, caseWhen, cast, col, inList, interval, isBool, isNull, like, neg, not, NULL, num,
  scope, str, ts,
} from './helpers.js';
import type * as ast from '../../src/parser/ast.js';
import { boundToString, exprToString, isAggregateName } from '../../src/parser/bind-expr.js';
import { T, typeToString } from '../../src/parser/types.js';

const typeOf = (e: ast.Expr): string => typeToString(bind(e).type, true);

describe('literal types', () => {
  it('types integers as INT, or BIGINT beyond 32 bits', () => {
    expect(typeOf(num('42'))).toBe('INT NOT NULL');
    expect(typeOf(num('-2147483648'))).toBe('INT NOT NULL');
    expect(typeOf(num('2147483648'))).toBe('BIGINT NOT NULL');
  });

  it('types decimal literals from the text as written', () => {
    expect(typeOf(num('1.10'))).toBe('DECIMAL(3, 2) NOT NULL');
    expect(typeOf(num('0.5'))).toBe('DECIMAL(1, 1) NOT NULL');
    expect(typeOf(num('-12.5'))).toBe('DECIMAL(3, 1) NOT NULL');
    expect(typeOf(num('5.'))).toBe('DECIMAL(1, 0) NOT NULL');
  });

  it('types exponent literals as DOUBLE', () => {
    expect(typeOf(num('1e3'))).toBe('DOUBLE NOT NULL');
    expect(typeOf(num('2.5E-1'))).toBe('DOUBLE NOT NULL');
  });

  it('types strings, booleans, NULL, timestamps and intervals', () => {
    expect(typeOf(str('x'))).toBe('VARCHAR NOT NULL');
    expect(typeOf(bool(true))).toBe('BOOLEAN NOT NULL');
    expect(typeOf(NULL)).toBe('NULL');
    expect(typeOf(ts('2020-10-10 00:00:00'))).toBe('TIMESTAMP(3) NOT NULL');
    expect(typeOf(interval(5000))).toBe('INTERVAL NOT NULL');
  });
});

describe('type errors', () => {
  it('cannot compare VARCHAR with BIGINT, pointing at the comparison', () => {
    const d = bindError(bin('=', col('s'), col('b'), at(14, 9, 3)));
    expect(d).toMatchObject({ code: 'TYPE_MISMATCH', message: 'cannot compare VARCHAR with BIGINT', line: 3, column: 14, length: 9 });
  });

  it('names the clause-independent problem for AND/OR/NOT on non-booleans', () => {
    expect(bindError(bin('AND', col('i'), col('p'))).message).toBe('operator AND expects BOOLEAN operands, got INT and BOOLEAN');
    expect(bindError(not(col('s'))).message).toBe('operator NOT expects BOOLEAN operand, got VARCHAR');
    expect(bindError(isBool(col('i'), true)).message).toBe('IS TRUE expects BOOLEAN operand, got INT');
  });

  it('checks IN, BETWEEN and LIKE operands', () => {
    expect(bindError(inList(col('i'), [num('1'), str('a')])).message).toBe('cannot compare INT with VARCHAR');
    expect(bindError(between(col('s'), num('1'), num('2'))).message).toBe('cannot compare VARCHAR with INT');
    expect(bindError(like(col('i'), str('1%'))).message).toBe('LIKE expects VARCHAR as argument 1, got INT');
  });

  it('requires a BOOLEAN CASE condition and compatible branches', () => {
    expect(bindError(caseWhen([[col('i'), str('x')]])).message).toBe('CASE WHEN needs a BOOLEAN condition, got INT');
    expect(bindError(caseWhen([[col('p'), str('x')]], num('1'))).message).toBe('CASE branches have incompatible types: VARCHAR and INT');
  });

  it('points at the offending argument of a function', () => {
    const e = { kind: 'call', name: 'SUBSTRING', args: [col('s'), str('2', at(20, 3))], distinct: false, star: false, pos: at(10, 20) } as const;
    const d = bindError(e);
    expect(d).toMatchObject({ message: 'SUBSTRING expects an integer (INT or BIGINT) as argument 2, got VARCHAR', column: 20, length: 3 });
  });

  it('checks the number of arguments', () => {
    expect(bindError(call('UPPER', str('a'), str('b'))).message).toBe('UPPER takes 1 argument, got 2');
    expect(bindError(call('SUBSTRING', str('a'))).message).toBe('SUBSTRING takes 2 to 3 arguments, got 1');
    expect(bindError(call('COALESCE')).message).toBe('COALESCE takes at least 1 argument, got 0');
  });
});

describe('function names', () => {
  it('reports an unknown function with the closest known name', () => {
    const d = bindError(callAt(at(8, 11), 'FLORR', col('d')));
    expect(d).toMatchObject({ code: 'UNKNOWN_FUNCTION', message: "unknown function 'FLORR'; did you mean FLOOR?", column: 8, length: 11 });
    expect(bindError(call('TOTALLY_UNKNOWN_THING')).message).toBe("unknown function 'TOTALLY_UNKNOWN_THING'");
  });

  it('accepts names in any case and aliases', () => {
    expect(bind(call('upper', str('a'))).type.name).toBe('VARCHAR');
    expect(bind(call('CEILING', num('1.5')))).toMatchObject({ fn: 'CEIL' });
    expect(bind(call('TRIM_LEADING', str('a')))).toMatchObject({ fn: 'LTRIM' });
  });

  it('refuses DISTINCT and * on scalar functions', () => {
    expect(bindError({ kind: 'call', name: 'UPPER', args: [str('a')], distinct: true, star: false, pos: at() }).message).toContain('DISTINCT');
    expect(bindError({ kind: 'call', name: 'UPPER', args: [], distinct: false, star: true, pos: at() }).message).toContain('UPPER(*)');
  });
});

describe('aggregates and window functions', () => {
  const count: ast.CallExpr = { kind: 'call', name: 'COUNT', args: [], distinct: false, star: true, pos: at(7, 8) };

  it('knows aggregate names', () => {
    for (const n of ['COUNT', 'sum', 'Avg', 'MIN', 'MAX', 'STDDEV_POP']) expect(isAggregateName(n)).toBe(true);
    expect(isAggregateName('UPPER')).toBe(false);
  });

  it('hands aggregates and TUMBLE_START to scope.special', () => {
    const seen: string[] = [];
    const sc = scope('SELECT', (c) => {
      seen.push(c.name);
      return { kind: 'input', index: 0, name: c.name, type: T.bigint(false) };
    });
    const b = bind(bin('+', count, call('TUMBLE_START', col('ts'), interval(1000))), sc);
    expect(seen).toEqual(['COUNT', 'TUMBLE_START']);
    expect(b.type.name).toBe('BIGINT');
  });

  it('says an aggregate is not allowed where the scope has no special handler', () => {
    const d = bindError(bin('>', count, num('1')), scope('WHERE'));
    expect(d).toMatchObject({ code: 'INVALID_AGGREGATE', message: 'aggregate COUNT is not allowed in WHERE', column: 7, length: 8 });
    expect(d.hint).toContain('HAVING');
    expect(bindError(count, scope('GROUP BY', () => undefined)).message).toBe('aggregate COUNT is not allowed in GROUP BY');
  });

  it('explains window auxiliary functions and window functions used as scalars', () => {
    expect(bindError(call('TUMBLE_END', col('ts'), interval(1000))).code).toBe('INVALID_WINDOW');
    expect(bindError(call('HOP', col('ts'), interval(1000), interval(2000))).message).toContain('FROM TABLE(HOP(');
  });
});

describe('exprToString', () => {
  const cases: [ast.Expr, string][] = [
    [bin('*', bin('+', col('a'), num('1')), col('b')), '(a + 1) * b'],
    [bin('+', col('a'), bin('*', num('1'), col('b'))), 'a + 1 * b'],
    [bin('-', col('a'), bin('-', col('b'), col('c'))), 'a - (b - c)'],
    [bin('OR', bin('AND', col('p'), col('q')), not(col('p'))), 'p AND q OR NOT p'],
    [bin('AND', bin('OR', col('p'), col('q')), col('p')), '(p OR q) AND p'],
    [bin('>', col('price'), num('10.50')), 'price > 10.50'],
    [bin('=', col('s'), str("it's")), "s = 'it''s'"],
    [neg(neg(col('x'))), '-(-x)'],
    [isNull(col('x'), true), 'x IS NOT NULL'],
    [isBool(col('x'), false), 'x IS FALSE'],
    [inList(col('x'), [num('1'), num('2')], true), 'x NOT IN (1, 2)'],
    [between(col('x'), num('1'), num('2')), 'x BETWEEN 1 AND 2'],
    [like(col('s'), str('a!%'), str('!')), "s LIKE 'a!%' ESCAPE '!'"],
    [caseWhen([[col('p'), num('1')]], num('0')), 'CASE WHEN p THEN 1 ELSE 0 END'],
    [cast(col('x'), 'DECIMAL', 10, 2), 'CAST(x AS DECIMAL(10, 2))'],
    [cast(col('x'), 'INT', undefined, undefined, true), 'TRY_CAST(x AS INT)'],
    [call('EXTRACT', str('HOUR'), col('ts')), 'EXTRACT(HOUR FROM ts)'],
    [{ kind: 'call', name: 'COUNT', args: [], distinct: false, star: true, pos: at() }, 'COUNT(*)'],
    [{ kind: 'call', name: 'COUNT', args: [col('x')], distinct: true, star: false, filter: bin('>', col('x'), num('0')), pos: at() }, 'COUNT(DISTINCT x) FILTER (WHERE x > 0)'],
    [{ kind: 'column', table: { name: 't', quoted: false, pos: at() }, name: { name: 'Weird Name', quoted: true, pos: at() }, pos: at() }, 't.`Weird Name`'],
    [bin('-', col('ts'), interval(5000, "INTERVAL '5' SECOND")), "ts - INTERVAL '5' SECOND"],
    [ts('2020-10-10 00:00:05'), "TIMESTAMP '2020-10-10 00:00:05'"],
  ];
  for (const [e, want] of cases) it(`prints ${want}`, () => expect(exprToString(e)).toBe(want));
});

describe('boundToString (EXPLAIN)', () => {
  it('prints bound expressions as SQL with column names', () => {
    expect(boundToString(bind(bin('AND', bin('>', col('d'), num('10')), bin('=', col('s'), str('web')))))).toBe("d > 10 AND s = 'web'");
    expect(boundToString(bind(bin('-', col('ts'), interval(5000))))).toBe("ts - INTERVAL '5' SECOND");
    expect(boundToString(bind(bin('>', col('ts'), str('2020-10-10'))))).toBe("ts > TIMESTAMP '2020-10-10 00:00:00.000'");
    expect(boundToString(bind(inList(col('i'), [num('1'), num('2')], true)))).toBe('i NOT IN (1, 2)');
    expect(boundToString(bind(call('EXTRACT', str('hour'), col('ts'))))).toBe('EXTRACT(HOUR FROM ts)');
    expect(boundToString(bind(cast(col('s'), 'DECIMAL', 10, 2)))).toBe('CAST(s AS DECIMAL(10, 2))');
    expect(boundToString(bind(bin('*', bin('+', col('i'), num('1')), neg(col('i')))))).toBe('(i + 1) * -i');
    expect(boundToString(bind(caseWhen([[isNull(col('i')), num('1.50')]])))).toBe('CASE WHEN i IS NULL THEN 1.50 END');
  });
});
