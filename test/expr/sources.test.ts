/**
 * DECIMAL values entering the engine other than as JSON events: INSERT ... VALUES with DECIMAL literals
 * (held as scaled bigints), and a generator column declared DECIMAL (datagen rows go through the JSON
 * decoder, as events do).
 */
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

describe('generators with DECIMAL columns', () => {
  it("nexmark: a price declared DECIMAL(12, 2) arrives as that decimal", async () => {
    const e = createEngine();
    e.execute(`CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price DECIMAL(12, 2), channel VARCHAR, url VARCHAR, date_time TIMESTAMP(3), extra VARCHAR,
      WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND) WITH (connector = 'nexmark', events = 200, seed = 7)`);
    e.execute(`CREATE VIEW v AS SELECT price, CAST(price AS VARCHAR) AS text, price * 2 AS twice FROM bid`);
    const got: Record<string, unknown>[] = [];
    e.subscribe('v', (rows) => got.push(...rows.map((r) => r.row)));
    e.start();
    await e.idle();
    await e.close();
    expect(got.length).toBeGreaterThan(100);
    for (const r of got) {
      expect(Number.isInteger(r['price'])).toBe(true); // generator prices are whole numbers
      expect(r['text']).toBe(`${r['price'] as number}.00`);
      expect(r['twice']).toBe((r['price'] as number) * 2);
    }
  });
});
