/**
 * Flink's text, encoding, hash, JSON and time-zone functions (functions-text.ts, functions-encoding.ts,
 * functions-json.ts, functions-zone.ts). Expected values are the examples of Flink's function reference
 * (docs/data/sql_functions.yml) where it gives one, and otherwise what Java's classes Flink calls give.
 */
import { describe, expect, it } from 'vitest';
import type * as ast from '../../src/parser/ast.js';
import { parseExpression } from '../../src/parser/parse.js';
import { bind, bindError, run } from './helpers.js';

function sql(text: string): ast.Expr {
  const r = parseExpression(text);
  if (!r.expr) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.expr;
}
const value = (e: string, row: Record<string, unknown> = {}): unknown => run(sql(e), row);
const error = (e: string): string => bindError(sql(e)).message;

describe('text functions', () => {
  it.each([
    ["OVERLAY('xxxxxtest' PLACING 'xxxx' FROM 6)", 'xxxxxxxxx'],
    ["OVERLAY('xxxxxtest' PLACING 'xxxx' FROM 6 FOR 2)", 'xxxxxxxxxst'],
    ["OVERLAY('abc' PLACING 'XY' FROM 3)", null],
    ["INSTR('hello', 'll')", 3],
    ["INSTR('hello', 'x')", 0],
    ["TRANSLATE('www.apache.org', 'wapcheorg', ' APCHEcom')", '   .APACHE.com'],
    ["TRANSLATE('AaBbCc', 'abc', '1')", 'A1BC'],
    ["STARTSWITH('flink', 'fl')", true],
    ["ENDSWITH('flink', 'fl')", false],
    ["REGEXP_COUNT('abcab', 'ab')", 2],
    ["REGEXP_INSTR('xxab', 'a.')", 3],
    ["REGEXP_SUBSTR('xx12yy', '[0-9]+')", '12'],
    ["REGEXP_SUBSTR('xx', '[0-9]+')", null],
    ["REGEXP_COUNT('abc', '(')", null],
    ["PARSE_URL('http://facebook.com/path1/p.php?k1=v1&k2=v2#Ref1', 'HOST')", 'facebook.com'],
    ["PARSE_URL('http://facebook.com/path1/p.php?k1=v1&k2=v2#Ref1', 'QUERY', 'k1')", 'v1'],
    ["PARSE_URL('http://facebook.com/path1/p.php?k1=v1&k2=v2#Ref1', 'PATH')", '/path1/p.php'],
    ["PARSE_URL('http://facebook.com/path1/p.php?k1=v1&k2=v2#Ref1', 'FILE')", '/path1/p.php?k1=v1&k2=v2'],
    ["PARSE_URL('http://facebook.com/path1/p.php?k1=v1&k2=v2#Ref1', 'REF')", 'Ref1'],
    ["PARSE_URL('https://u:p@host.com:8080/x', 'USERINFO')", 'u:p'],
    ["PARSE_URL('https://u:p@host.com:8080/x', 'AUTHORITY')", 'u:p@host.com:8080'],
    ["PARSE_URL('https://u:p@host.com:8080/x', 'HOST')", 'host.com'],
    ["PARSE_URL('not a url', 'HOST')", null],
    ["IS_ALPHA('abc')", true],
    ["IS_ALPHA('ab1')", false],
    ["IS_DIGIT('123')", true],
    ["IS_DECIMAL('-1.5e3')", true],
    ["IS_DECIMAL('1.2.3')", false],
  ])('%s = %j', (e, want) => {
    expect(value(e)).toEqual(want);
  });

  it('tests NULL as FALSE (never NULL), as Flink does', () => {
    expect(value('IS_ALPHA(s)', { s: null })).toBe(false);
    expect(value('IS_DIGIT(s)', { s: null })).toBe(false);
    expect(value('IS_DECIMAL(s)', { s: null })).toBe(false);
    expect(bind(sql('IS_DIGIT(s)')).type.nullable).toBe(false);
  });
});

describe('encodings and hashes', () => {
  it.each([
    ["TO_BASE64('hello world')", 'aGVsbG8gd29ybGQ='],
    ["FROM_BASE64('aGVsbG8gd29ybGQ=')", 'hello world'],
    ["FROM_BASE64('not base64!')", null],
    ["MD5('abc')", '900150983cd24fb0d6963f7d28e17f72'],
    ["SHA1('abc')", 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ["SHA256('abc')", 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ["SHA2('abc', 224)", '23097d223405d8228642a477bda255b32aadbce4bda0b3f7e36c9da7'],
    ['HEX(20)', '14'],
    ['HEX(100)', '64'],
    ["HEX('hello,world')", '68656C6C6F2C776F726C64'],
    ['HEX(-1)', 'FFFFFFFFFFFFFFFF'],
    ['BIN(4)', '100'],
    ['BIN(12)', '1100'],
    ["URL_ENCODE('a b&c=ü')", 'a+b%26c%3D%C3%BC'],
    ["URL_DECODE('a+b%26c%3D%C3%BC')", 'a b&c=ü'],
    ["URL_DECODE('%zz')", null],
    ["ASCII('abc')", 97],
    ["ASCII('')", 0],
    ['CHR(97)', 'a'],
    ['CHR(353)', 'a'],
  ])('%s = %j', (e, want) => {
    expect(value(e)).toEqual(want);
  });

  it('refuses a SHA-2 length that is not one', () => {
    expect(error("SHA2('a', 100)")).toBe('SHA2 takes a length of 224, 256, 384 or 512 bits, got 100');
    expect(error('HEX(1.5)')).toContain('HEX expects an integer (INT or BIGINT) or VARCHAR');
  });
});

describe('JSON functions', () => {
  it.each([
    [`JSON_VALUE('{"a": true}', '$.a')`, 'true'],
    [`JSON_VALUE('{"a.b": [0.998,0.996]}', '$.["a.b"][0]')`, '0.998'],
    [`JSON_VALUE('{"contains blank": "right"}', 'strict $.[''contains blank'']')`, 'right'],
    [`JSON_VALUE('{"a": 1.0, "b": 1e3, "c": 12345678901234567890}', '$.a')`, '1.0'],
    [`JSON_VALUE('{"a": 1.0, "b": 1e3, "c": 12345678901234567890}', '$.b')`, '1E+3'],
    [`JSON_VALUE('{"longBalance": 123456789.987654321}', '$.longBalance')`, '123456789.987654321'],
    [`JSON_VALUE('{"a": 1.0, "b": 1e3, "c": 12345678901234567890}', '$.c')`, '12345678901234567890'],
    [`JSON_VALUE('{"a": {"b": 1}}', '$.a')`, null],
    [`JSON_VALUE('{"a": null}', '$.a')`, null],
    [`JSON_VALUE('not json', '$.a')`, null],
    [`JSON_QUERY('{ "a": { "b": 1 } }', '$.a')`, '{"b":1}'],
    [`JSON_QUERY('[1, 2]', '$')`, '[1,2]'],
    [`JSON_QUERY('{"a":[{"c":"c1"},{"c":"c2"}]}', 'lax $.a[*].c')`, '["c1","c2"]'],
    [`JSON_QUERY('1', '$')`, null],
    [`JSON_QUERY('{"b": 2, "a": 1}', '$')`, '{"b":2,"a":1}'],
    [`JSON_EXISTS('{"a": true}', '$.a')`, true],
    [`JSON_EXISTS('{"a": true}', '$.b')`, false],
    [`JSON_EXISTS('{"a": [{ "b": 1 }]}', '$.a[0].b')`, true],
    [`JSON_EXISTS('{"a": true}', 'strict $.b')`, false],
    [`'1' IS JSON`, true],
    [`'[]' IS JSON`, true],
    [`'"abc"' IS JSON`, true],
    [`'abc' IS JSON`, false],
    [`'1' IS JSON SCALAR`, true],
    [`'1' IS JSON ARRAY`, false],
    [`'{}' IS JSON OBJECT`, true],
    [`'{}' IS JSON SCALAR`, false],
    [`'{}' IS NOT JSON ARRAY`, true],
    [`JSON_STRING('Hello, World!')`, '"Hello, World!"'],
    ['JSON_STRING(1)', '1'],
    ['JSON_STRING(TRUE)', 'true'],
  ])('%s = %j', (e, want) => {
    expect(value(e)).toEqual(want);
  });

  it('gives NULL for NULL IS [NOT] JSON (Flink since FLINK-39943) and for a NULL document', () => {
    expect(value('s IS JSON', { s: null })).toBeNull();
    expect(value('s IS NOT JSON OBJECT', { s: null })).toBeNull();
    expect(value("JSON_VALUE(s, '$.a')", { s: null })).toBeNull();
    expect(bind(sql("'a' IS JSON")).type.nullable).toBe(false);
  });

  it('refuses a constant path that is not one', () => {
    expect(error("JSON_VALUE(s, 'a.b')")).toContain("'a.b' is not a JSON path");
  });
});

describe('CONVERT_TZ', () => {
  it.each([
    ["CONVERT_TZ('1970-01-01 00:00:00', 'UTC', 'America/Los_Angeles')", '1969-12-31 16:00:00'],
    ["CONVERT_TZ('2024-07-01 12:00:00', 'Europe/Berlin', 'Asia/Tokyo')", '2024-07-01 19:00:00'],
    ["CONVERT_TZ('2024-01-01 00:00:00', 'GMT+08:00', 'PST')", '2023-12-31 08:00:00'],
    ["CONVERT_TZ('2024-01-01 00:00:00', 'EST', 'UTC')", '2024-01-01 05:00:00'],
    ["CONVERT_TZ('not a time', 'UTC', 'UTC')", null],
  ])('%s = %j', (e, want) => {
    expect(value(e)).toEqual(want);
  });

  it('refuses a constant zone Java would silently read as GMT', () => {
    expect(error("CONVERT_TZ('2024-01-01 00:00:00', 'UTC', 'Mars/Base')")).toContain("unknown time zone 'Mars/Base'");
  });
});

describe('bit shifts', () => {
  it.each([
    ['SHIFTLEFT(CAST(123456 AS BIGINT), 2)', 493824],
    ['SHIFTRIGHT(CAST(123456 AS BIGINT), 2)', 30864],
    // Java's int arithmetic: the count modulo 32, the sign bit shifted in (or kept, for >>)
    ['SHIFTLEFT(-7, 31)', -2147483648],
    ['SHIFTRIGHT(-7, 1)', -4],
    ['SHIFTLEFT(1, 33)', 2],
    // a BIGINT shifts as a 64-bit long: the count modulo 64
    ['SHIFTLEFT(CAST(1 AS BIGINT), 40)', 1099511627776],
    ['SHIFTLEFT(CAST(5 AS BIGINT), 64)', 5],
    ['SHIFTRIGHT(CAST(-1024 AS BIGINT), 3)', -128],
    ['SHIFTLEFT(CAST(NULL AS INT), 1)', null],
  ])('%s = %j', (e, want) => {
    expect(value(e)).toBe(want);
  });

  it('keeps the type of the shifted value and refuses a non-integer', () => {
    expect(bind(sql('SHIFTLEFT(CAST(1 AS BIGINT), 2)')).type.name).toBe('BIGINT');
    expect(bind(sql('SHIFTLEFT(1, 2)')).type.name).toBe('INT');
    expect(error('SHIFTLEFT(1.5, 2)')).toContain('SHIFTLEFT');
  });
});
