/**
 * A CAST of text that does not convert rejects its row (planner/row-checks.ts, docs/expressions.md
 * "CAST and TRY_CAST"): the row goes to the rejected rows with the view and the reason, the stream goes
 * on, and no operator sees the row. TRY_CAST gives NULL instead, as in Flink.
 */
import { describe, expect, it } from 'vitest';
import type { OutputRow } from '../../src/executor/api.js';
import type { Engine } from '../../src/executor/api.js';
import { createEngine } from '../../src/index.js';
import { compileExpr } from '../../src/planner/compile-expr.js';
import { boundToString } from '../../src/parser/bind-expr.js';
import { checkedParts, rowCheck } from '../../src/planner/row-checks.js';
import { bin, bind, caseWhen, cast, col, isNull, str } from '../expr/helpers.js';

const SOURCE = `CREATE SOURCE s (a VARCHAR, b INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND);`;
const EVENTS = [
  { a: '1', b: 1, ts: '2026-01-01T00:00:01Z' },
  { a: 'abc', b: 1, ts: '2026-01-01T00:00:02Z' },
  { a: '3', b: 1, ts: '2026-01-01T00:00:03Z' },
  { a: 'x9', b: 1, ts: '2026-01-01T00:00:04Z' },
];

function rows(e: Engine, view: string, from: 'earliest' | 'latest' = 'latest'): string[] {
  const out: string[] = [];
  e.subscribe(view, (batch: readonly OutputRow[]) => {
    for (const r of batch) out.push(`${r.op} ${JSON.stringify(r.row)}`);
  }, { from });
  return out;
}

describe('a CAST that fails rejects its row', () => {
  it('keeps the stream going and reports the row with the view and the reason', () => {
    const e = createEngine();
    e.execute(`${SOURCE} CREATE VIEW v AS SELECT a, CAST(a AS INT) + b AS n FROM s;`);
    const out = rows(e, 'v');
    const pushed = e.push('s', EVENTS);
    expect(pushed.rejected).toEqual([]); // the source took every event: other views may read them
    expect(out).toEqual(['+I {"a":"1","n":2}', '+I {"a":"3","n":4}']);
    const rejected = e.rejectedRows('s');
    expect(rejected.map((r) => r.reason)).toEqual([
      "view 'v': CAST(a AS INT): cannot CAST 'abc' to INT",
      "view 'v': CAST(a AS INT): cannot CAST 'x9' to INT",
    ]);
    expect(rejected[0]).toMatchObject({ source: 's', origin: 'view v', input: { a: 'abc', b: 1, ts: '2026-01-01T00:00:02.000Z' } });
    expect(e.stats().views.find((v) => v.view === 'v')?.rejectedRows).toBe(2);
    expect(e.stats().sources.find((s) => s.source === 's')?.rejected).toBe(0);
  });

  it('counts the rejected rows of each view, also of views that share the rejecting node', () => {
    const e = createEngine();
    e.execute(`${SOURCE}
      CREATE VIEW v1 AS SELECT a, CAST(a AS INT) AS n FROM s;
      CREATE VIEW v2 AS SELECT a, CAST(a AS INT) AS n FROM s;
      CREATE VIEW ok AS SELECT a FROM s;`);
    e.push('s', EVENTS);
    const count = (view: string) => e.stats().views.find((v) => v.view === view)?.rejectedRows;
    expect([count('v1'), count('v2'), count('ok')]).toEqual([2, 2, 0]);
  });

  it('gives NULL with TRY_CAST, and rejects nothing', () => {
    const e = createEngine();
    e.execute(`${SOURCE} CREATE VIEW v AS SELECT a, TRY_CAST(a AS INT) AS n FROM s;`);
    const out = rows(e, 'v');
    e.push('s', EVENTS);
    expect(out).toEqual(['+I {"a":"1","n":1}', '+I {"a":"abc","n":null}', '+I {"a":"3","n":3}', '+I {"a":"x9","n":null}']);
    expect(e.rejectedRows()).toEqual([]);
  });

  it('keeps a rejected row out of a window aggregate, and counts the others', () => {
    const e = createEngine();
    e.execute(`${SOURCE} CREATE VIEW w AS SELECT window_start, SUM(CAST(a AS INT)) AS total, COUNT(*) AS c
      FROM TABLE(TUMBLE(TABLE s, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end;`);
    const out = rows(e, 'w');
    e.push('s', EVENTS);
    e.flush();
    expect(out).toEqual(['+I {"window_start":"2026-01-01T00:00:00.000Z","total":4,"c":2}']);
    expect(e.rejectedRows().length).toBe(2);
  });

  it('evaluates a CAST only where the query does: after a WHERE that excludes the row, under FILTER', () => {
    const e = createEngine();
    e.execute(`${SOURCE}
      CREATE VIEW f AS SELECT a FROM s WHERE a <> 'abc' AND CAST(a AS INT) > 1;
      CREATE VIEW g AS SELECT COUNT(*) AS c, SUM(CAST(a AS INT)) FILTER (WHERE a NOT IN ('abc', 'x9')) AS total FROM s;`);
    const f = rows(e, 'f');
    const g = rows(e, 'g');
    e.push('s', EVENTS);
    expect(f).toEqual(['+I {"a":"3"}']);
    expect(g.at(-1)).toBe('+U {"c":4,"total":4}');
    expect(e.rejectedRows().map((r) => r.reason)).toEqual(["view 'f': CAST(a AS INT): cannot CAST 'x9' to INT"]);
  });

  it('evaluates a CAST under CASE only when its branch is taken, and one in plain arithmetic always', () => {
    const e = createEngine();
    e.execute(`${SOURCE}
      CREATE VIEW c AS SELECT a, CASE WHEN a IN ('1', '3') THEN CAST(a AS INT) * 10 END AS n FROM s;
      CREATE VIEW p AS SELECT a, CAST(b AS BIGINT) + CAST(a AS INT) AS n FROM s;`);
    const c = rows(e, 'c');
    e.push('s', [...EVENTS, { a: 'abc', b: null, ts: '2026-01-01T00:00:05Z' }]);
    expect(c).toEqual(['+I {"a":"1","n":10}', '+I {"a":"abc","n":null}', '+I {"a":"3","n":30}', '+I {"a":"x9","n":null}', '+I {"a":"abc","n":null}']);
    // Flink's generated code evaluates every operand of +, so the CAST fails even where b is NULL.
    expect(e.rejectedRows().map((r) => `${r.origin} ${JSON.stringify(r.input)}`)).toEqual([
      'view p {"a":"abc","b":1,"ts":"2026-01-01T00:00:02.000Z"}',
      'view p {"a":"x9","b":1,"ts":"2026-01-01T00:00:04.000Z"}',
      'view p {"a":"abc","b":null,"ts":"2026-01-01T00:00:05.000Z"}',
    ]);
  });

  it('rejects a row in a join key on the side it came from', () => {
    const e = createEngine();
    e.execute(`${SOURCE} CREATE SOURCE t (id INT, name VARCHAR);
      CREATE VIEW j AS SELECT s.a, t.name FROM s JOIN t ON CAST(s.a AS INT) = t.id;`);
    const out = rows(e, 'j');
    e.push('t', [{ id: 1, name: 'one' }, { id: 3, name: 'three' }]);
    e.push('s', EVENTS);
    expect(out.sort()).toEqual(['+I {"a":"1","name":"one"}', '+I {"a":"3","name":"three"}']);
    expect(e.rejectedRows().map((r) => r.source)).toEqual(['s', 's']);
  });

  it('reports a shared filter once, naming every view that reads it', () => {
    const e = createEngine();
    e.execute(`${SOURCE}
      CREATE VIEW p AS SELECT window_start, COUNT(*) AS c FROM TABLE(TUMBLE(TABLE (SELECT * FROM s WHERE CAST(a AS INT) > 0), DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end;
      CREATE VIEW q AS SELECT window_start, MAX(b) AS m FROM TABLE(TUMBLE(TABLE (SELECT * FROM s WHERE CAST(a AS INT) > 0), DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end;`);
    e.push('s', EVENTS);
    expect(e.rejectedRows().map((r) => [r.reason, r.origin])).toEqual([
      ["view 'p', 'q': CAST(a AS INT): cannot CAST 'abc' to INT", 'view p, q'],
      ["view 'p', 'q': CAST(a AS INT): cannot CAST 'x9' to INT", 'view p, q'],
    ]);
  });

  it('leaves a rejected row out of a stateless view\'s derived history too', () => {
    const e = createEngine();
    e.execute(`${SOURCE} CREATE VIEW v AS SELECT a, CAST(a AS INT) AS n FROM s;`);
    e.push('s', EVENTS);
    e.execute(`CREATE VIEW later AS SELECT n FROM v;`);
    expect(rows(e, 'v', 'earliest')).toEqual(['+I {"a":"1","n":1}', '+I {"a":"3","n":3}']);
    expect(e.rejectedRows().length).toBe(2); // not reported again when the history is derived
  });

  it('keeps NULL where Flink does not fail: numbers out of range, DECIMAL overflow', () => {
    const e = createEngine();
    e.execute(`${SOURCE} CREATE VIEW v AS SELECT CAST(a AS DECIMAL(2, 1)) AS d, CAST(CAST(b AS BIGINT) * 3000000000 AS INT) AS i FROM s;`);
    const out = rows(e, 'v');
    e.push('s', [{ a: '123.4', b: 1, ts: '2026-01-01T00:00:01Z' }]);
    expect(out).toEqual(['+I {"d":null,"i":null}']);
    expect(e.rejectedRows()).toEqual([]);
  });
});

describe('input checks', () => {
  it('throws only for a CAST that was written, compiled to reject', () => {
    const e = bind(cast(col('s'), 'INT'));
    expect(compileExpr(e)([0, 0, 0, 0, 'abc'])).toBeNull();
    expect(() => compileExpr(e, { rejectCasts: true })([0, 0, 0, 0, 'abc'])).toThrow("cannot CAST 'abc' to INT");
    const tryCast = bind(cast(col('s'), 'INT', undefined, undefined, true));
    expect(compileExpr(tryCast, { rejectCasts: true })([0, 0, 0, 0, 'abc'])).toBeNull();
  });

  it('checks a CAST by itself under plain calls, and a conditional subtree whole', () => {
    const plain = bind(bin('+', cast(col('s'), 'INT'), col('i')));
    expect(checkedParts(plain).map(boundToString)).toEqual(['CAST(s AS INT)']);
    const guarded = bind(bin('+', caseWhen([[isNull(col('i'), true), cast(col('s'), 'INT')]]), col('i')));
    expect(checkedParts(guarded).map(boundToString)).toEqual(['CASE WHEN i IS NOT NULL THEN CAST(s AS INT) END']);
  });

  it('has no check where no CAST can reject, and keeps a constant that cannot convert for run time', () => {
    expect(rowCheck([{ exprs: [bind(cast(col('i'), 'VARCHAR'))] }])).toBeNull();
    const check = rowCheck([{ exprs: [bind(cast(str('abc'), 'INT'))] }]);
    expect(check?.([])).toBe("CAST('abc' AS INT): cannot CAST 'abc' to INT");
  });
});
