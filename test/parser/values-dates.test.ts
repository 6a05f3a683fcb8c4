import { describe, expect, it } from 'vitest';
import { SqlError } from '../../src/executor/api.js';
import { createEngine } from '../../src/index.js';
import { checkExpr, checkStatement, errorOf, id, num, str } from './helpers.js';

/** line:column and message of the error `execute` throws for `sql`. */
function bindErrorOf(sql: string): string {
  const engine = createEngine();
  try {
    engine.execute(sql);
  } catch (e) {
    if (!(e instanceof SqlError)) throw e;
    const d = e.diagnostics[0]!;
    return `${d.line}:${d.column} ${d.code} ${d.message}`;
  } finally {
    void engine.close();
  }
  throw new Error(`no error for ${sql}`);
}

const one = (items: unknown[], from: unknown) => ({ kind: 'query', query: { kind: 'select', distinct: false, items, from, groupBy: [] } });
const item = (expr: unknown, alias?: string) => ({ kind: 'expr', expr, ...(alias ? { alias: id(alias) } : {}) });

describe('SELECT without FROM and VALUES', () => {
  it('reads a SELECT without FROM as a select list over one empty row', () => {
    checkStatement(['SELECT 1 AS x', 'select 1 x;'], one([item(num('1'), 'x')], { kind: 'values', rows: [[]], implicit: true }));
  });

  it('reads (VALUES ...) with an alias and column names in FROM', () => {
    checkStatement(["SELECT * FROM (VALUES (1, 'a'), (2, 'b')) AS t (n, s)", "SELECT * FROM (values (1,'a'),(2,'b')) t(n,s)"], one([{ kind: 'star' }], {
      kind: 'values',
      rows: [[num('1'), str('a')], [num('2'), str('b')]],
      implicit: false,
      alias: id('t'),
      columns: [id('n'), id('s')],
    }));
  });

  it('places syntax errors inside VALUES and after a FROM-less select list', () => {
    expect(errorOf('SELECT *\nFROM (VALUES (1, ), (2))')).toBe("2:18 unexpected ')'; expected an expression");
    expect(errorOf('SELECT 1 +')).toBe('1:11 unexpected end of input; expected an expression');
    expect(errorOf('SELECT * FROM (VALUES 1)')).toBe("1:23 unexpected '1'; expected '('");
  });

  it('places binding errors of constant rows at the value or name that is wrong', () => {
    expect(bindErrorOf('SELECT *\n  FROM (VALUES (1, 2), (3))')).toBe('2:25 TYPE_MISMATCH VALUES rows must have the same number of columns: row 1 has 2, row 2 has 1');
    expect(bindErrorOf("SELECT * FROM (VALUES (1), ('x'))")).toBe("1:29 TYPE_MISMATCH column 1 of VALUES has values of incompatible types: INT and VARCHAR");
    expect(bindErrorOf('SELECT *\nFROM (VALUES (1, 2)) AS t (a, a)')).toBe("2:31 DUPLICATE_NAME column name 'a' appears twice");
    expect(bindErrorOf('SELECT 1 AS x,\n       price * 2')).toBe("2:8 UNKNOWN_COLUMN column 'price' not found: there is no FROM, so there are no columns to read");
  });
});

describe('DATE and TIME literals', () => {
  it('reads DATE and TIME literals, and keeps date and time usable as names', () => {
    checkExpr(["DATE '2024-01-02'"], { kind: 'literal', type: 'date', value: 19724, raw: "DATE '2024-01-02'" });
    checkExpr(["date '2024-01-02'"], { kind: 'literal', type: 'date', value: 19724, raw: "date '2024-01-02'" });
    checkExpr(["TIME '12:34:56.789'"], { kind: 'literal', type: 'time', value: 45296789, raw: "TIME '12:34:56.789'" });
    checkExpr(['date + time'], { kind: 'binary', op: '+', left: { kind: 'column', name: id('date') }, right: { kind: 'column', name: id('time') } });
  });

  it('places invalid DATE and TIME literals', () => {
    expect(errorOf("SELECT a\nFROM t WHERE d = DATE '2024-13-01'")).toBe("2:18 invalid DATE '2024-13-01'; expected 'YYYY-MM-DD'");
    expect(errorOf("SELECT TIME '12:60:00' FROM t")).toBe("1:8 invalid TIME '12:60:00'; expected 'HH:MM:SS[.fff]'");
  });

  it('places type errors of DATE and TIME at the operand', () => {
    expect(bindErrorOf("SELECT\n  DATE '2024-01-01' * 2")).toBe('2:3 TYPE_MISMATCH operator * expects numbers, got DATE and INT');
    expect(bindErrorOf("SELECT TIMESTAMPADD(DECADE, 1, DATE '2024-01-01')")).toBe("1:21 INVALID_LITERAL unknown unit 'DECADE' in TIMESTAMPADD; expected one of MILLISECOND, SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR");
  });
});
