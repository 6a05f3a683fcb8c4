import { describe, expect, it } from 'vitest';
import { bin, bind, bindError, call, col, like, NULL, num, neg, run, str } from './helpers.js';
import type * as ast from '../../src/parser/ast.js';
import { compileLike } from '../../src/parser/functions-string.js';

describe('string functions', () => {
  const cases: [string, ast.Expr, unknown][] = [
    ["'a' || 'b'", bin('||', str('a'), str('b')), 'ab'],
    ["UPPER('aBc')", call('UPPER', str('aBc')), 'ABC'],
    ["LOWER('aBc')", call('LOWER', str('aBc')), 'abc'],
    ["INITCAP('hello wORLD-x')", call('INITCAP', str('hello wORLD-x')), 'Hello World-X'],
    ["CHAR_LENGTH('héllo')", call('CHAR_LENGTH', str('héllo')), 5],
    ["CHARACTER_LENGTH('😀x')", call('CHARACTER_LENGTH', str('😀x')), 2],
    ["SUBSTRING('hello', 2)", call('SUBSTRING', str('hello'), num('2')), 'ello'],
    ["SUBSTRING('hello', 2, 3)", call('SUBSTRING', str('hello'), num('2'), num('3')), 'ell'],
    // Flink: position 0 counts as 1; a negative position counts from the end (BinaryStringDataUtil.substringSQL)
    ["SUBSTRING('hello', 0, 2)", call('SUBSTRING', str('hello'), num('0'), num('2')), 'he'],
    ["SUBSTRING('hello', -1, 3)", call('SUBSTRING', str('hello'), neg(num('1')), num('3')), 'o'],
    ["SUBSTRING('hello', -3)", call('SUBSTRING', str('hello'), neg(num('3'))), 'llo'],
    ["SUBSTRING('hello', -3, 2)", call('SUBSTRING', str('hello'), neg(num('3')), num('2')), 'll'],
    ["SUBSTRING('hello', -9, 2)", call('SUBSTRING', str('hello'), neg(num('9')), num('2')), ''],
    ["SUBSTRING('hello', 0)", call('SUBSTRING', str('hello'), num('0')), 'hello'],
    ["SUBSTRING('a😀bc', -3, 2)", call('SUBSTRING', str('a😀bc'), neg(num('3')), num('2')), '😀b'],
    ["SUBSTRING('hello', 9)", call('SUBSTRING', str('hello'), num('9')), ''],
    ["SUBSTRING('hello', 2, -1)", call('SUBSTRING', str('hello'), num('2'), neg(num('1'))), null],
    ["SUBSTR('😀ab', 2, 1)", call('SUBSTR', str('😀ab'), num('2'), num('1')), 'a'],
    ["TRIM('  x  ')", call('TRIM', str('  x  ')), 'x'],
    ["TRIM('xxaxx', 'x')", call('TRIM', str('xxaxx'), str('x')), 'a'],
    ["LTRIM('  x  ')", call('LTRIM', str('  x  ')), 'x  '],
    ["RTRIM('  x  ')", call('RTRIM', str('  x  ')), '  x'],
    ["TRIM_LEADING('xxa', 'x') (TRIM(LEADING 'x' FROM ...))", call('TRIM_LEADING', str('xxa'), str('x')), 'a'],
    ["TRIM_TRAILING('axx', 'x')", call('TRIM_TRAILING', str('axx'), str('x')), 'a'],
    ["TRIM keeps tabs (only spaces by default)", call('TRIM', str('\tx ')), '\tx'],
    ["CONCAT('a', 'b', 'c')", call('CONCAT', str('a'), str('b'), str('c')), 'abc'],
    ["CONCAT('a', NULL)", call('CONCAT', str('a'), NULL), null],
    ["CONCAT_WS('-', 'a', NULL, 'c')", call('CONCAT_WS', str('-'), str('a'), NULL, str('c')), 'a-c'],
    ["CONCAT_WS(NULL, 'a')", call('CONCAT_WS', NULL, str('a')), null],
    ["CONCAT_WS('-', NULL)", call('CONCAT_WS', str('-'), NULL), ''],
    ["POSITION('l', 'hello')", call('POSITION', str('l'), str('hello')), 3],
    ["POSITION('z', 'hello')", call('POSITION', str('z'), str('hello')), 0],
    ["POSITION('b', '😀b')", call('POSITION', str('b'), str('😀b')), 2],
    ["LOCATE('l', 'hello', 4)", call('LOCATE', str('l'), str('hello'), num('4')), 4],
    ["REPLACE('a-b-c', '-', '$&')", call('REPLACE', str('a-b-c'), str('-'), str('$&')), 'a$&b$&c'],
    ["REPEAT('ab', 3)", call('REPEAT', str('ab'), num('3')), 'ababab'],
    ["LPAD('7', 3, '0')", call('LPAD', str('7'), num('3'), str('0')), '007'],
    ["RPAD('abcd', 2, '0')", call('RPAD', str('abcd'), num('2'), str('0')), 'ab'],
    ["REVERSE('abc')", call('REVERSE', str('abc')), 'cba'],
    ["LEFT('hello', 2)", call('LEFT', str('hello'), num('2')), 'he'],
    ["RIGHT('hello', 2)", call('RIGHT', str('hello'), num('2')), 'lo'],
    ["SPLIT_INDEX('a,b,c', ',', 1)", call('SPLIT_INDEX', str('a,b,c'), str(','), num('1')), 'b'],
    ["SPLIT_INDEX('a,b,c', ',', 5)", call('SPLIT_INDEX', str('a,b,c'), str(','), num('5')), null],
    ["REGEXP('abc123', '[0-9]+')", call('REGEXP', str('abc123'), str('[0-9]+')), true],
    ["REGEXP_REPLACE('a1b22', '[0-9]+', '#')", call('REGEXP_REPLACE', str('a1b22'), str('[0-9]+'), str('#')), 'a#b#'],
    ["REGEXP_EXTRACT('k=v', '(\\w)=(\\w)', 2)", call('REGEXP_EXTRACT', str('k=v'), str('(\\w)=(\\w)'), num('2')), 'v'],
  ];
  for (const [text, e, want] of cases) {
    it(`${text} = ${JSON.stringify(want)}`, () => {
      expect(run(e)).toBe(want);
    });
  }

  it('reads columns', () => {
    expect(run(call('UPPER', col('s')), { s: 'web' })).toBe('WEB');
    expect(run(bin('||', col('s'), str('!')), { s: 'hi' })).toBe('hi!');
  });

  it('requires strings for || and CONCAT, as Flink does', () => {
    expect(bindError(bin('||', col('s'), col('i'))).message).toBe('operator || expects VARCHAR as argument 2, got INT');
    expect(bindError(call('CONCAT', str('a'), num('1'))).message).toBe('CONCAT expects VARCHAR as argument 2, got INT');
    expect(bindError(call('UPPER', col('i'))).message).toBe('UPPER expects VARCHAR, got INT');
  });

  it('types results (lengths are INT, texts VARCHAR)', () => {
    expect(bind(call('CHAR_LENGTH', col('s'))).type.name).toBe('INT');
    expect(bind(call('UPPER', str('a'))).type).toEqual({ name: 'VARCHAR', nullable: false });
  });

  it('rejects an invalid constant regular expression when binding', () => {
    expect(bindError(call('REGEXP', col('s'), str('('))).code).toBe('INVALID_LITERAL');
  });
});

describe('LIKE', () => {
  const matches = (value: string, pattern: string, escape?: string): unknown =>
    run(like(col('s'), str(pattern), escape === undefined ? undefined : str(escape)), { s: value });

  it('matches % as any run of characters and _ as exactly one', () => {
    expect(matches('hello', 'h%')).toBe(true);
    expect(matches('hello', '%llo')).toBe(true);
    expect(matches('hello', '%ell%')).toBe(true);
    expect(matches('hello', 'h_llo')).toBe(true);
    expect(matches('hello', 'h_lo')).toBe(false);
    expect(matches('hello', '%')).toBe(true);
    expect(matches('', '%')).toBe(true);
    expect(matches('hello', 'hello')).toBe(true);
    expect(matches('hello', 'Hello')).toBe(false);
    expect(matches('a\nb', 'a_b')).toBe(true);
    expect(matches('😀', '_')).toBe(true);
  });

  it('treats regex characters literally', () => {
    expect(matches('a.c', 'a.c')).toBe(true);
    expect(matches('abc', 'a.c')).toBe(false);
    expect(matches('(x)*', '(_)*')).toBe(true);
    expect(matches('a/b', 'a/%')).toBe(true);
  });

  it('takes the character after ESCAPE literally', () => {
    expect(matches('100%', '100!%', '!')).toBe(true);
    expect(matches('1000', '100!%', '!')).toBe(false);
    expect(matches('a_b', 'a!_b', '!')).toBe(true);
    expect(matches('axb', 'a!_b', '!')).toBe(false);
    expect(matches('a!b', 'a!!b', '!')).toBe(true);
    expect(matches('x%y', '%\\%%', '\\')).toBe(true);
  });

  it('reads an empty ESCAPE as none, as Flink does', () => {
    expect(matches('test', 'test"end', '')).toBe(false);
    expect(matches('test', '', '')).toBe(false);
    expect(matches('100%', '100%', '')).toBe(true);
    expect(matches('a!b', 'a!b', '')).toBe(true);
  });

  it('rejects a bad escape in a constant pattern when binding', () => {
    const d = bindError(like(col('s'), str('a!'), str('!')));
    expect(d.code).toBe('INVALID_LITERAL');
    expect(d.message).toContain('must be followed by %, _ or itself');
    expect(bindError(like(col('s'), str('a'), str('!!'))).message).toContain('single character');
  });

  it('NOT LIKE negates and NULL stays NULL', () => {
    expect(run(like(col('s'), str('a%'), undefined, true), { s: 'abc' })).toBe(false);
    expect(run(like(col('s'), str('a%'), undefined, true), { s: null })).toBeNull();
  });

  it('works with a pattern from a column (compiled and cached at run time)', () => {
    const e = like(str('hello'), col('s'));
    expect(run(e, { s: 'he%' })).toBe(true);
    expect(run(e, { s: 'x%' })).toBe(false);
    expect(run(like(str('a!'), col('s'), str('!')), { s: 'a!' })).toBeNull(); // invalid pattern → NULL
  });

  it('compiles simple patterns to plain string tests', () => {
    expect(compileLike('abc%', null)).toEqual({ kind: 'prefix', text: 'abc' });
    expect(compileLike('%abc', null)).toEqual({ kind: 'suffix', text: 'abc' });
    expect(compileLike('%a%%', null)).toEqual({ kind: 'contains', text: 'a' });
    expect(compileLike('a_c', null)).toMatchObject({ kind: 'regex' });
  });
});

describe('SIMILAR TO', () => {
  const similar = (value: string | null, pattern: string | null, escape?: string, negated = false): unknown =>
    run({ ...like(col('s'), pattern === null ? NULL : str(pattern), escape === undefined ? undefined : str(escape), negated), similar: true } as never, { s: value });

  it('reads SQL regular expressions: % and _, alternation, repetition, groups and classes; the whole string must match', () => {
    expect(similar('abc', 'a%')).toBe(true);
    expect(similar('abc', '(b|c)%')).toBe(false);
    expect(similar('abc', '%(b|d)%')).toBe(true);
    expect(similar('abc', 'a_c')).toBe(true);
    expect(similar('abc', '[a-c]+')).toBe(true);
    expect(similar('abcabc', '(abc){2}')).toBe(true);
    expect(similar('abcabc', 'abc')).toBe(false);
    expect(similar('', '%')).toBe(true);
  });

  it('takes other characters literally, the escaped ones too, and NULL in gives NULL', () => {
    expect(similar('a.c', 'a.c')).toBe(true);
    expect(similar('abc', 'a.c')).toBe(false);
    expect(similar('a$^c', 'a$^c')).toBe(true);
    expect(similar('a%', 'a!%', '!')).toBe(true);
    expect(similar('ab', 'a!%', '!')).toBe(false);
    expect(similar('abc', 'a%', undefined, true)).toBe(false);
    expect(similar(null, 'a%')).toBe(null);
  });

  it('rejects a pattern that is not a regular expression when binding', () => {
    const d = bindError({ ...like(col('s'), str('a{'), undefined), similar: true } as never);
    expect(d.code).toBe('INVALID_LITERAL');
    expect(d.message).toContain('SIMILAR TO');
  });
});
