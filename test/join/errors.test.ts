/** Join errors are located: code, message and the place they blame (line:column). */
import { describe, expect, it } from 'vitest';
import { SqlError } from '../../src/executor/api.js';
import { createEngine } from '../../src/index.js';

const SOURCES = `
  CREATE SOURCE l (id INT, k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);
  CREATE SOURCE r (id INT, k VARCHAR, ts TIMESTAMP(3), WATERMARK FOR ts AS ts);`;

function errorOf(sql: string): { code: string; message: string; line: number; column: number; hint?: string } {
  const e = createEngine();
  e.execute(SOURCES);
  try {
    e.execute(sql);
  } catch (err) {
    if (!(err instanceof SqlError)) throw err;
    const d = err.diagnostics[0]!;
    return { code: d.code, message: d.message, line: d.line, column: d.column, ...(d.hint ? { hint: d.hint } : {}) };
  } finally {
    void e.close();
  }
  throw new Error('expected an error');
}

describe('located join errors', () => {
  it('a window join over different windows blames ON and names both windows and the supported form', () => {
    const d = errorOf(`SELECT L.id
FROM TABLE(TUMBLE(TABLE l, DESCRIPTOR(ts), INTERVAL '5' SECOND)) L
JOIN TABLE(HOP(TABLE r, DESCRIPTOR(ts), INTERVAL '5' SECOND, INTERVAL '10' SECOND)) R
ON L.window_start = R.window_start AND L.window_end = R.window_end`);
    expect(d).toMatchObject({ code: 'UNSUPPORTED', line: 4, column: 4 });
    expect(d.message).toContain('TUMBLE(size 5 s) on the left, HOP(slide 5 s, size 10 s) on the right');
    expect(d.hint).toContain('use the same window TVF');
  });

  it('a subquery under OR blames the subquery', () => {
    const d = errorOf(`SELECT id FROM l
WHERE id = 1 OR k IN (SELECT k FROM r)`);
    expect(d).toMatchObject({ code: 'UNSUPPORTED', line: 2, column: 17 });
    expect(d.message).toContain('supported only as a condition of WHERE');
  });

  it('a window semi join with only window_start blames the subquery WHERE', () => {
    const d = errorOf(`SELECT L.id FROM TABLE(TUMBLE(TABLE l, DESCRIPTOR(ts), INTERVAL '5' SECOND)) L
WHERE EXISTS (SELECT * FROM TABLE(TUMBLE(TABLE r, DESCRIPTOR(ts), INTERVAL '5' SECOND)) R
  WHERE L.window_start = R.window_start AND L.k = R.k)`);
    expect(d).toMatchObject({ code: 'UNSUPPORTED', line: 3, column: 9 });
    expect(d.message).toContain('found only window_start');
  });

  it('a comma join reports a WHERE conjunct over an unknown column at that column', () => {
    const d = errorOf(`SELECT l.id FROM l, r WHERE l.k = r.k AND r.nope = 1`);
    expect(d).toMatchObject({ code: 'UNKNOWN_COLUMN', line: 1, column: 43 });
  });

  it('a bad state.ttl in a view WITH blames the option', () => {
    const d = errorOf(`CREATE VIEW v WITH ('state.ttl' = 'forever') AS SELECT l.id FROM l JOIN r ON l.k = r.k`);
    expect(d).toMatchObject({ code: 'INVALID_OPTION', line: 1, column: 21 });
  });
});
