import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/parser/diagnostics.js';
import { parseExpression, parseScript } from '../../src/parser/parse.js';
import { diagnosticOf, errorOf } from './helpers.js';

describe('syntax errors say what was found, where, and what was expected', () => {
  it('blames a misspelled keyword that was swallowed as an alias', () => {
    expect(errorOf('SELECT a FORM t')).toBe("1:10 unexpected 'FORM'; expected FROM");
    expect(errorOf('SELECT a FROM t WHER a > 1')).toBe("1:17 unexpected 'WHER'; expected WHERE");
  });

  it('suggests the keyword a misspelled statement start was meant to be', () => {
    const d = diagnosticOf('SELEC a FROM t');
    expect(d).toMatchObject({ line: 1, column: 1, length: 5, hint: 'did you mean SELECT?' });
    expect(d.message).toMatch(/^unexpected 'SELEC'; expected one of '\(', WITH, SELECT, CREATE/);
  });

  it('reports a missing parenthesis at the end of input', () => {
    expect(errorOf('SELECT a FROM t WHERE (a > 1')).toBe("1:29 unexpected end of input; expected ')'");
    expect(errorOf("SELECT a FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' SECOND)")).toBe("1:73 unexpected end of input; expected ')'");
    expect(errorOf('CREATE SOURCE s (a INT;')).toBe("1:23 unexpected ';'; expected ')'");
  });

  it('reports the line and column of errors on later lines', () => {
    expect(errorOf('SELECT a,\n       b\nFROM t\nWHERE a >')).toBe('4:10 unexpected end of input; expected an expression');
    expect(errorOf('CREATE VIEW v AS\nSELECT a\n  FROM t\n  GROUP a')).toBe("4:9 unexpected 'a'; expected BY");
  });

  it('lists a handful of alternatives in plain words', () => {
    expect(errorOf('SELECT , FROM t')).toBe("1:8 unexpected ','; expected '*' or an expression");
    expect(errorOf('SELECT a FROM t WHERE a IS 5')).toBe("1:28 unexpected '5'; expected NULL, TRUE, FALSE, JSON or DISTINCT");
    expect(errorOf('SELECT a FROM t WHERE a NOT 5')).toBe("1:29 unexpected '5'; expected IN, BETWEEN, LIKE or SIMILAR");
    expect(errorOf('DROP s')).toBe("1:6 unexpected 's'; expected SOURCE, TABLE, VIEW or MATERIALIZED");
    expect(errorOf('SELECT a FROM t x y')).toBe("1:19 unexpected 'y'; expected '(', ',', CROSS, NATURAL, JOIN, ... or ';'");
    expect(errorOf('SELECT a FROM t WHERE x IN 5')).toBe("1:28 unexpected '5'; expected '(' after IN");
    expect(errorOf('SELECT CASE WHEN a THEN b FROM t')).toBe("1:27 unexpected 'FROM'; expected END");
  });

  it('says plainly when a feature does not exist yet', () => {
    expect(diagnosticOf('SELECT a FROM t JOIN u').message).toBe("unexpected end of input; expected ON or USING");
  });

  it('reports lexing errors with their place', () => {
    expect(errorOf("SELECT 'abc FROM t")).toBe("1:8 unterminated string; expected a closing '");
    expect(errorOf('SELECT "abc FROM t')).toBe('1:8 unterminated quoted name; expected a closing quote');
    expect(errorOf('SELECT a /* x FROM t')).toBe('1:10 unterminated comment; expected */');
    expect(errorOf('SELECT a # b FROM t')).toBe("1:10 unexpected character '#'");
  });

  it('reports bad literals with their own codes at the literal', () => {
    expect(diagnosticOf("SELECT a FROM t WHERE ts > ts - INTERVAL '5' FORTNIGHT")).toMatchObject({
      code: 'INVALID_INTERVAL', message: "unknown interval unit 'FORTNIGHT'; use MILLISECOND, SECOND, MINUTE, HOUR or DAY", line: 1, column: 46,
    });
    expect(diagnosticOf("SELECT a FROM t WHERE ts > INTERVAL '5' YEAR")).toMatchObject({ code: 'INVALID_INTERVAL', column: 28, length: 17 });
    expect(diagnosticOf("SELECT a FROM t WHERE ts > TIMESTAMP '2020-13-01 00:00:00'")).toMatchObject({ code: 'INVALID_LITERAL', column: 28 });
  });

  it('keeps the statements before the error and stops at it', () => {
    const r = parseScript("CREATE SOURCE s (a INT);\nSELECT a FROM s;\nSELECT FROM s;\nSHOW VIEWS;");
    expect(r.statements.map((s) => s.statement.kind)).toEqual(['create_source', 'query']);
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ code: 'SQL_SYNTAX', line: 3, column: 8 });
  });

  it('stops at a lexing error inside a later statement, keeping the earlier ones', () => {
    const r = parseScript("SHOW VIEWS; SELECT 'oops FROM t");
    expect(r.statements.map((s) => s.statement.kind)).toEqual(['show']);
    expect(r.diagnostics[0]).toMatchObject({ line: 1, column: 20, message: "unterminated string; expected a closing '" });
  });

  it('renders with a caret under the offending text', () => {
    const sql = 'SELECT a\nFORM t';
    expect(formatDiagnostic(diagnosticOf(sql), sql)).toBe(
      "error[SQL_SYNTAX] at 2:1: unexpected 'FORM'; expected FROM\n  2 | FORM t\n    | ^^^^",
    );
  });

  it('turns absurd nesting into a diagnostic, not a stack overflow', () => {
    const deep = `SELECT ${'('.repeat(20_000)}1${')'.repeat(20_000)} FROM t`;
    expect(diagnosticOf(deep)).toMatchObject({ code: 'SQL_SYNTAX', message: 'statement is nested too deeply' });
  });
});

describe('expression errors', () => {
  it('report what could follow an expression, ending with end of input', () => {
    expect(parseExpression('a b').diagnostics[0]).toMatchObject({ line: 1, column: 3, message: "unexpected 'b'; expected '[', '.', '(', an operator or end of input" });
    expect(parseExpression('').diagnostics[0]?.message).toBe('unexpected end of input; expected an expression');
  });
});
