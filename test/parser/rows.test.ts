import { describe, expect, it } from 'vitest';
import { exprToString } from '../../src/parser/bind-expr.js';
import { createEngine, SqlError } from '../../src/index.js';
import { call, checkExpr, col, errorOf, exprOf, num } from './helpers.js';

const field = (operand: unknown, name: string) => call('DOT', [operand, { kind: 'literal', type: 'string', value: name, raw: name }]);

/** The first diagnostic of a statement run on an engine with one source of ROW columns, as `line:col message`. */
function bindError(sql: string): string {
  const e = createEngine();
  e.execute('CREATE SOURCE s (id INT, r ROW<a INT, b ROW<c STRING>>, rs ARRAY<ROW<x INT>>);');
  try {
    e.execute(sql);
  } catch (err) {
    if (!(err instanceof SqlError)) throw err;
    const d = err.diagnostics[0]!;
    return `${d.line}:${d.column} ${d.message}${d.hint ? ` (${d.hint})` : ''}`;
  } finally {
    void e.close();
  }
  throw new Error(`no error for ${sql}`);
}

describe('ROW syntax', () => {
  it('reads ROW(a, b) and (a, b) as one row constructor', () => {
    checkExpr(['ROW(1, a)', 'row(1, a)', '(1, a)'], call('ROW', [num('1'), col('a')]));
    expect(exprToString(exprOf('ROW(1, a)'))).toBe('(1, a)');
  });

  it('reads a.b as a qualified column and each further name as a field', () => {
    checkExpr(['r.a'], col('a', 'r'));
    checkExpr(['t.r.a', 't . r . a'], field(col('r', 't'), 'a'));
    checkExpr(['t.r.a.b'], field(field(col('r', 't'), 'a'), 'b'));
    checkExpr(['x[1].f0'], field(call('ITEM', [col('x'), num('1')]), 'f0'));
    expect(exprToString(exprOf('t.r.a + (x[1]).f0'))).toBe('t.r.a + x[1].f0');
  });

  it('reads ROW<...> and ROW(...) types with field names, NOT NULL and descriptions, nested', () => {
    const e = exprOf("CAST(a AS ROW<x INT NOT NULL, y ROW(z ARRAY<ROW<w STRING>>) 'the y'>)");
    expect(exprToString(e)).toBe('CAST(a AS ROW<x INT NOT NULL, y ROW<z ARRAY<ROW<w VARCHAR>>>>)');
  });

  it('refuses a ROW without fields and one with a repeated field name, at the type or the field', () => {
    expect(errorOf('CREATE SOURCE s (r ROW);')).toBe('1:20 ROW needs its fields: ROW<name type, ...> or ROW(name type, ...)');
    expect(bindError('CREATE SOURCE s2 (r ROW<a INT, a STRING>);')).toBe("1:32 field 'a' appears twice in ROW; field names must be unique");
  });
});

describe('ROW field access errors', () => {
  it('names the fields there are, at the wrong field name', () => {
    expect(bindError('SELECT r.b.cc FROM s;')).toBe("1:12 field 'cc' not found in ROW<c VARCHAR>; its fields: c (did you mean 'c'?)");
    expect(bindError('SELECT id,\n  s.r.bb FROM s;')).toBe("2:7 field 'bb' not found in ROW<a INT, b ROW<c VARCHAR>>; its fields: a, b (did you mean 'b'?)");
  });

  it('says when a dotted name is neither a column nor a ROW field', () => {
    expect(bindError('SELECT id.x FROM s;')).toBe("1:8 column 'id.x' not found: there is no relation 'id', and column 'id' is INT, not a ROW with fields");
    expect(bindError('SELECT s.rs.x FROM s;')).toBe("1:13 cannot read field 'x' of ARRAY<ROW<x INT>>: .field applies to ROW values");
  });

  it('reads t.r as column r of table t before field r of a column t (a table alias first)', () => {
    const e = createEngine();
    e.execute('CREATE SOURCE t (t ROW<r INT>, r INT);');
    e.execute('CREATE VIEW v AS SELECT t.r AS col, t.t.r AS fld FROM t;');
    expect(e.views().find((v) => v.name === 'v')?.columns.map((c) => `${c.name} ${c.type}`)).toEqual(['col INT', 'fld INT']);
    void e.close();
  });
});

describe('JSON function clauses', () => {
  it('reads RETURNING, ON EMPTY / ON ERROR and WRAPPER clauses and writes them back', () => {
    const text = (sql: string): string => exprToString(exprOf(sql));
    expect(text("json_value(j, '$.a' returning integer default 42 on empty error on error)")).toBe("JSON_VALUE(j, '$.a' RETURNING INT DEFAULT 42 ON EMPTY ERROR ON ERROR)");
    expect(text("JSON_QUERY(j, '$.a' WITH CONDITIONAL ARRAY WRAPPER EMPTY OBJECT ON ERROR)")).toBe("JSON_QUERY(j, '$.a' WITH CONDITIONAL ARRAY WRAPPER EMPTY OBJECT ON ERROR)");
    expect(text("JSON_QUERY(j, '$.a' WITH WRAPPER)")).toBe("JSON_QUERY(j, '$.a' WITH UNCONDITIONAL ARRAY WRAPPER)");
    expect(text("JSON_EXISTS(j, '$.a' UNKNOWN ON ERROR)")).toBe("JSON_EXISTS(j, '$.a' UNKNOWN ON ERROR)");
  });

  it('refuses a clause where the function takes none, at the clause', () => {
    expect(errorOf("SELECT JSON_VALUE(j, '$.a' EMPTY ARRAY ON EMPTY) FROM t;")).toBe('1:28 JSON_VALUE takes NULL, ERROR, DEFAULT <value> ON EMPTY, not EMPTY ARRAY');
    expect(errorOf("SELECT JSON_QUERY(j, '$.a' WITH ARRAY CONDITIONAL WRAPPER) FROM t;")).toBe('1:28 expected WITHOUT [ARRAY] WRAPPER or WITH [CONDITIONAL | UNCONDITIONAL] [ARRAY] WRAPPER');
    expect(errorOf("SELECT JSON_VALUE(j, '$.a' NULL ON NOTHING) FROM t;")).toBe('1:36 expected ON EMPTY or ON ERROR, got ON NOTHING');
  });
});
