import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCompleteInput, KEYWORDS, lexForHighlight, parseExpression, parseScript } from '../../src/parser/parse.js';

describe('lexForHighlight', () => {
  it('classifies every character of a statement', () => {
    const sql = "SELECT a, COUNT(*) AS n -- c\nFROM t WHERE x >= 1.5 || 'y' #";
    const tokens = lexForHighlight(sql);
    expect(tokens.map((t) => t.text).join('')).toBe(sql);
    for (const t of tokens) expect(sql.slice(t.offset, t.offset + t.text.length)).toBe(t.text);
    const kinds = Object.fromEntries(tokens.filter((t) => t.kind !== 'whitespace').map((t) => [t.text, t.kind]));
    expect(kinds).toMatchObject({
      SELECT: 'keyword', a: 'identifier', ',': 'punct', COUNT: 'identifier', '(': 'punct', '*': 'operator', AS: 'keyword',
      '-- c': 'comment', FROM: 'keyword', '>=': 'operator', '1.5': 'number', '||': 'operator', "'y'": 'string', '#': 'error',
    });
  });

  it('treats unfinished strings and comments as what they will become', () => {
    expect(lexForHighlight("SELECT 'ab").at(-1)).toEqual({ text: "'ab", kind: 'string', offset: 7 });
    expect(lexForHighlight('a /* b').at(-1)).toEqual({ text: '/* b', kind: 'comment', offset: 2 });
  });

  it('covers any input exactly', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(lexForHighlight(s).map((t) => t.text).join('')).toBe(s);
      }),
    );
  });
});

describe('isCompleteInput', () => {
  it('is true only when the text ends with a ; outside strings and comments', () => {
    expect(isCompleteInput('SELECT a FROM t;')).toBe(true);
    expect(isCompleteInput('SELECT a FROM t;  -- done\n')).toBe(true);
    expect(isCompleteInput('SELECT a\nFROM t')).toBe(false);
    expect(isCompleteInput("SELECT ';")).toBe(false);
    expect(isCompleteInput('SELECT a -- ;')).toBe(false);
    expect(isCompleteInput('SELECT a /* ; */')).toBe(false);
    expect(isCompleteInput('SELECT a; /* still open')).toBe(false);
    expect(isCompleteInput('')).toBe(false);
  });
});

describe('KEYWORDS', () => {
  it('lists the keywords and window words for completion, upper-case and sorted', () => {
    expect(KEYWORDS).toEqual(expect.arrayContaining(['SELECT', 'FROM', 'TUMBLE', 'HOP', 'DESCRIPTOR', 'WATERMARK', 'INTERVAL', 'EMIT']));
    expect([...KEYWORDS].sort()).toEqual(KEYWORDS);
    for (const k of KEYWORDS) expect(k).toBe(k.toUpperCase());
  });
});

describe('robustness', () => {
  const fragments = [
    'SELECT', 'FROM', 'WHERE', 'GROUP', 'BY', 'TABLE', 'TUMBLE', 'HOP', '(', ')', ',', ';', "'x'", "'", '"', '`', '1', '.5',
    'a', 't.a', '*', '+', '-', '=', '=>', 'INTERVAL', "'5'", 'SECOND', 'DESCRIPTOR', 'CREATE', 'SOURCE', 'VIEW', 'AS', 'WITH',
    'WATERMARK', 'FOR', 'NOT', 'IN', 'IS', 'NULL', 'CASE', 'WHEN', 'THEN', 'END', 'CAST', 'INT', '::', '/*', '--', '\n', '#',
    'EXTRACT', 'TRIM', 'LEADING', 'POSITION', 'EMIT', 'CHANGES', 'TIMESTAMP', 'INSERT', 'INTO', 'VALUES', 'DROP', 'SHOW',
  ];

  it('never throws on token soup, and reports every failure with a place', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 40 }), (parts) => {
        const sql = parts.join(' ');
        const r = parseScript(sql);
        for (const d of r.diagnostics) {
          expect(d.line).toBeGreaterThan(0);
          expect(d.column).toBeGreaterThan(0);
          expect(d.message).not.toMatch(/undefined|NaN|\u0000/);
        }
        parseExpression(sql);
      }),
      { numRuns: 2000 },
    );
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (s) => {
        parseScript(s);
        parseExpression(s);
        isCompleteInput(s);
      }),
      { numRuns: 1000 },
    );
  });

  it('parses a prefix of a valid statement with a diagnostic, never a crash', () => {
    const sql = "CREATE VIEW v AS SELECT a, COUNT(*) FILTER (WHERE b > 1) AS n FROM TABLE(HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND)) WHERE a IS NOT NULL GROUP BY a, window_start, window_end HAVING COUNT(*) > 3 EMIT CHANGES";
    for (let i = 1; i < sql.length; i++) {
      const r = parseScript(sql.slice(0, i));
      expect(r.statements.length + r.diagnostics.length).toBeGreaterThan(0);
    }
  });
});
