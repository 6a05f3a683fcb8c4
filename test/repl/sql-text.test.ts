import { describe, expect, it } from 'vitest';
import { parseInput } from '../../repl/commands.js';
import { allTerminated, FUNCTIONS, leadingKeyword, splitStatements } from '../../repl/sql-text.js';
import { AGG_NAMES } from '../../src/parser/aggregate-names.js';
import { functionNames } from '../../src/parser/functions.js';
import { shiftDiagnostic } from '../../repl/output.js';

describe('splitting input into statements', () => {
  it('splits at top-level ; and keeps each statement\'s position in the input', () => {
    const spans = splitStatements("SHOW VIEWS;  SELECT ';' FROM t;\n  -- note\n  DESCRIBE t;");
    expect(spans.map((s) => s.text)).toEqual(['SHOW VIEWS;', "SELECT ';' FROM t;", 'DESCRIBE t;']);
    expect(spans.map((s) => [s.line, s.column])).toEqual([[1, 1], [1, 14], [3, 3]]);
  });

  it('ignores ; inside comments and quoted identifiers, and drops empty statements', () => {
    const spans = splitStatements('SELECT "a;b" /* ; */ FROM t;;');
    expect(spans.map((s) => s.text)).toEqual(['SELECT "a;b" /* ; */ FROM t;']);
  });

  it('returns an unterminated tail so the engine can say what is missing', () => {
    expect(splitStatements('SHOW VIEWS; SELECT 1').map((s) => s.text)).toEqual(['SHOW VIEWS;', 'SELECT 1']);
    expect(allTerminated('SHOW VIEWS; SELECT 1')).toBe(false);
    expect(allTerminated('SHOW VIEWS; -- done\n')).toBe(true);
  });

  it('finds the leading keyword past comments and parentheses', () => {
    expect(leadingKeyword('-- q\n(select 1)')).toBe('SELECT');
  });

  it('moves a statement-relative diagnostic under the input as typed', () => {
    const [, second] = splitStatements('SHOW VIEWS; SELECT prce FROM bids;');
    const d = shiftDiagnostic({ code: 'UNKNOWN_COLUMN', message: 'x', line: 1, column: 8, length: 4 }, second!);
    expect(d).toMatchObject({ line: 1, column: 20 });
    const [, third] = splitStatements('SHOW VIEWS;\n\nSELECT a,\n  prce FROM bids;');
    expect(shiftDiagnostic({ code: 'UNKNOWN_COLUMN', message: 'x', line: 2, column: 3, length: 4 }, third!)).toMatchObject({ line: 4, column: 3 });
  });
});

describe('meta commands', () => {
  it('parses commands with and without arguments, with a stray ;', () => {
    expect(parseInput('\\d bids;')).toEqual({ kind: 'meta', command: { kind: 'describe', name: 'bids' } });
    expect(parseInput('  \\x')).toEqual({ kind: 'meta', command: { kind: 'expanded' } });
    expect(parseInput('\\subscribe hot earliest')).toEqual({ kind: 'meta', command: { kind: 'subscribe', view: 'hot', from: 'earliest' } });
    expect(parseInput('\\subscribe hot 17')).toEqual({ kind: 'meta', command: { kind: 'subscribe', view: 'hot', from: 17 } });
    expect(parseInput('\\explain SELECT * FROM bids')).toEqual({ kind: 'meta', command: { kind: 'explain', sql: 'SELECT * FROM bids' } });
    expect(parseInput('\\i queries/views.sql')).toEqual({ kind: 'meta', command: { kind: 'include', path: 'queries/views.sql' } });
  });

  it('treats exit and quit as \\q, as psql does', () => {
    expect(parseInput('exit')).toEqual({ kind: 'meta', command: { kind: 'quit' } });
    expect(parseInput('quit;')).toEqual({ kind: 'meta', command: { kind: 'quit' } });
  });

  it('explains unknown commands and missing arguments', () => {
    expect(parseInput('\\foo')).toEqual({ kind: 'bad_meta', message: 'unknown command \\foo; try \\help' });
    expect(parseInput('\\subscribe')).toMatchObject({ kind: 'bad_meta', message: expect.stringContaining('needs a view name') });
  });

  it('passes SQL through', () => {
    expect(parseInput('SELECT 1;')).toEqual({ kind: 'sql', text: 'SELECT 1;' });
    expect(parseInput('  ')).toEqual({ kind: 'empty' });
  });
});

describe('function completion', () => {
  it('offers every function the registry and the binder know, each once', () => {
    for (const name of [...functionNames(), ...AGG_NAMES, 'TUMBLE', 'HOP', 'CUMULATE', 'SESSION', 'LAG', 'TRY_CAST']) {
      expect(FUNCTIONS, `completion lacks ${name}`).toContain(name);
    }
    expect(new Set(FUNCTIONS).size).toBe(FUNCTIONS.length);
    expect(FUNCTIONS).not.toContain('IS_NULL'); // registry entries spelled as syntax stay out
  });

  it('offers only names a query can call', () => {
    const callable = new Set([...functionNames(), ...AGG_NAMES]);
    for (const name of FUNCTIONS) {
      if (callable.has(name)) continue;
      expect(['CAST', 'TRY_CAST', 'TUMBLE', 'HOP', 'CUMULATE', 'SESSION', 'DESCRIPTOR', 'TUMBLE_START', 'TUMBLE_END', 'TUMBLE_ROWTIME', 'HOP_START', 'HOP_END', 'HOP_ROWTIME', 'SESSION_START', 'SESSION_END', 'SESSION_ROWTIME', 'ROW_NUMBER', 'RANK', 'DENSE_RANK', 'LAG', 'GROUPING', 'GROUPING_ID']).toContain(name);
    }
  });
});
