/** INSERT ... VALUES with DECIMAL literals (held as scaled bigints) into columns of every numeric type. */
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

describe('INSERT VALUES', () => {
  it('takes DECIMAL literals into DOUBLE, DECIMAL, VARCHAR and BIGINT columns, exactly', () => {
    const e = createEngine();
    e.execute(`CREATE SOURCE t (d DOUBLE, m DECIMAL(38, 20), s VARCHAR, b BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)`);
    e.execute(`CREATE VIEW v AS SELECT d, CAST(m AS VARCHAR) AS m, s, b FROM t`);
    const got: unknown[] = [];
    e.subscribe('v', (rows) => got.push(...rows.map((r) => r.row)));
    const r = e.execute(`INSERT INTO t VALUES (10.5, 0.10000000000000000001, 2.50, 12, TIMESTAMP '2020-10-10 00:00:01'), (-0.25, -3, 'x', 1.0, TIMESTAMP '2020-10-10 00:00:02')`);
    expect(r[0]).toMatchObject({ kind: 'inserted', count: 2 });
    expect(got).toEqual([
      { d: 10.5, m: '0.10000000000000000001', s: '2.5', b: 12 },
      { d: -0.25, m: '-3.00000000000000000000', s: 'x', b: 1 },
    ]);
    void e.close();
  });
});
