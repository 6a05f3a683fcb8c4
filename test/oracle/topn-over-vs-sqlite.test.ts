/**
 * Oracle tests: window Top-N, window deduplication and OVER aggregations against SQLite's window
 * functions computing the same results from scratch over the same random, in-order rows (times repeat,
 * so ties and peers are common; keys and values may be NULL). Arrival order is the `id` column: the
 * engine breaks ties by arrival, SQLite by `id`. Nothing is late (watermark = ts − 1 s over in-order
 * rows). (Kill-and-restore of these operators is covered by test/slt/{topn,dedup,over}.slt, run three ways.)
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createEngine } from '../../src/index.js';

interface In {
  id: number;
  k: number | null;
  v: number | null;
  ts: number;
}

const rowsArb = fc
  .array(
    fc.record({
      k: fc.option(fc.integer({ min: 0, max: 2 }), { freq: 6 }),
      v: fc.option(fc.integer({ min: -5, max: 20 }), { freq: 6 }),
      gap: fc.oneof(fc.constant(0), fc.constantFrom(250, 1000), fc.integer({ min: 0, max: 2500 })),
    }),
    { minLength: 1, maxLength: 80 },
  )
  .map((rs) => {
    let ts = 1_700_000_000_000;
    return rs.map((r, id): In => ({ id, k: r.k, v: r.v, ts: (ts += r.gap) }));
  });

const batchesArb = fc.array(fc.integer({ min: 1, max: 25 }), { minLength: 1, maxLength: 6 });

const SOURCE = `CREATE SOURCE t (id INT, k INT, v INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)`;

/**
 * Runs `select` as a view over the rows pushed in batches; rows as JSON arrays of `cols`, sorted. An
 * append-only view must emit +I only; a changelog (`fold`) is applied in order and its final table returned.
 */
function runEngine(select: string, cols: string[], rows: In[], batches: number[], fold = false): string[] {
  const engine = createEngine();
  engine.execute(SOURCE);
  engine.execute(`CREATE VIEW w AS ${select}`);
  const out: string[] = [];
  engine.subscribe('w', (rs) => {
    for (const r of rs) {
      const text = JSON.stringify(cols.map((c) => (c === 'ts' || c === 'ws' ? Date.parse(r.row[c] as string) : r.row[c])));
      if (!fold) expect(r.op).toBe('+I');
      if (r.op === '+I' || r.op === '+U') out.push(text);
      else {
        const at = out.indexOf(text);
        expect(at).toBeGreaterThanOrEqual(0); // a retraction of a row that is there
        out.splice(at, 1);
      }
    }
  });
  let i = 0;
  let b = 0;
  while (i < rows.length) {
    const n = batches[b++ % batches.length]!;
    engine.push('t', rows.slice(i, i + n));
    i += n;
  }
  engine.flush();
  void engine.close();
  return out.sort();
}

function runSqlite(rows: In[], sql: string): string[] {
  const db = new Database(':memory:');
  db.exec('CREATE TABLE t (id INTEGER, k INTEGER, v INTEGER, ts INTEGER)');
  const ins = db.prepare('INSERT INTO t VALUES (?, ?, ?, ?)');
  for (const r of rows) ins.run(r.id, r.k, r.v, r.ts);
  const out = (db.prepare(sql).raw().all() as unknown[][]).map((r) => JSON.stringify(r));
  db.close();
  return out.sort();
}

const WS = `ts - ((ts % 5000) + 5000) % 5000`;

describe('window Top-N and dedup agree with SQLite over random in-order rows', () => {
  it('Top-3 per window and key by v DESC (NULLs last, ties to the earlier arrival)', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, (rows, batches) => {
        const engine = runEngine(
          `SELECT id, k, v, window_start AS ws, rn FROM (
             SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY v DESC) AS rn
             FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND))) WHERE rn <= 3`,
          ['id', 'k', 'v', 'ws', 'rn'],
          rows,
          batches,
        );
        const oracle = runSqlite(
          rows,
          `SELECT id, k, v, ws, rn FROM (SELECT id, k, v, ${WS} AS ws,
             ROW_NUMBER() OVER (PARTITION BY ${WS}, k ORDER BY v DESC NULLS LAST, id) AS rn FROM t) WHERE rn <= 3`,
        );
        expect(engine).toEqual(oracle);
      }),
      { numRuns: 40 },
    );
  });

  it('keep-last deduplication per window and key (equal times: the later arrival)', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, (rows, batches) => {
        const engine = runEngine(
          `SELECT id, k, ts FROM (
             SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY ts DESC) AS rn
             FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND))) WHERE rn = 1`,
          ['id', 'k', 'ts'],
          rows,
          batches,
        );
        const oracle = runSqlite(
          rows,
          `SELECT id, k, ts FROM (SELECT id, k, ts, ROW_NUMBER() OVER (PARTITION BY ${WS}, k ORDER BY ts DESC, id DESC) AS rn FROM t) WHERE rn = 1`,
        );
        expect(engine).toEqual(oracle);
      }),
      { numRuns: 40 },
    );
  });
});

describe('Top-N and deduplication over the whole stream agree with SQLite', () => {
  it('Top-3 per key by v DESC: the changelog folds to the top 3 rows of each key', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, (rows, batches) => {
        const engine = runEngine(
          `SELECT id, k, v FROM (SELECT id, k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn FROM t) WHERE rn <= 3`,
          ['id', 'k', 'v'],
          rows,
          batches,
          true,
        );
        const oracle = runSqlite(rows, `SELECT id, k, v FROM (SELECT id, k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC NULLS LAST, id) AS rn FROM t) WHERE rn <= 3`);
        expect(engine).toEqual(oracle);
      }),
      { numRuns: 40 },
    );
  });

  it('keep-first deduplication per key on event time: append-only, the earliest row (ties: first arrival)', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, (rows, batches) => {
        const engine = runEngine(
          `SELECT id, k FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS rn FROM t) WHERE rn = 1`,
          ['id', 'k'],
          rows,
          batches,
        );
        const oracle = runSqlite(rows, `SELECT id, k FROM (SELECT id, k, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts, id) AS rn FROM t) WHERE rn = 1`);
        expect(engine).toEqual(oracle);
      }),
      { numRuns: 40 },
    );
  });
});

describe('OVER aggregations agree with SQLite over random in-order rows', () => {
  it('ROWS BETWEEN 2 PRECEDING AND CURRENT ROW per key: COUNT, SUM, MIN, MAX', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, (rows, batches) => {
        const w = 'PARTITION BY k ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW';
        const engine = runEngine(
          `SELECT id, COUNT(v) OVER w AS c, SUM(v) OVER w AS s, MIN(v) OVER w AS mn, MAX(v) OVER w AS mx FROM t WINDOW w AS (${w})`,
          ['id', 'c', 's', 'mn', 'mx'],
          rows,
          batches,
        );
        const sw = 'PARTITION BY k ORDER BY ts, id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW';
        const oracle = runSqlite(rows, `SELECT id, COUNT(v) OVER (${sw}), SUM(v) OVER (${sw}), MIN(v) OVER (${sw}), MAX(v) OVER (${sw}) FROM t`);
        expect(engine).toEqual(oracle);
      }),
      { numRuns: 40 },
    );
  });

  it('RANGE BETWEEN INTERVAL 1 SECOND PRECEDING AND CURRENT ROW per key (peers share, bound included)', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, (rows, batches) => {
        const engine = runEngine(
          `SELECT id, COUNT(*) OVER w AS c, SUM(v) OVER w AS s, MAX(v) OVER w AS mx FROM t
           WINDOW w AS (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW)`,
          ['id', 'c', 's', 'mx'],
          rows,
          batches,
        );
        const sw = 'PARTITION BY k ORDER BY ts RANGE BETWEEN 1000 PRECEDING AND CURRENT ROW';
        const oracle = runSqlite(rows, `SELECT id, COUNT(*) OVER (${sw}), SUM(v) OVER (${sw}), MAX(v) OVER (${sw}) FROM t`);
        expect(engine).toEqual(oracle);
      }),
      { numRuns: 40 },
    );
  });

  it('unbounded ROWS and RANGE frames and LAG', () => {
    fc.assert(
      fc.property(rowsArb, batchesArb, (rows, batches) => {
        const engine = runEngine(
          `SELECT id, SUM(v) OVER (PARTITION BY k ORDER BY ts ROWS UNBOUNDED PRECEDING) AS s,
             LAG(v) OVER (PARTITION BY k ORDER BY ts) AS p, LAG(id, 2, -1) OVER (PARTITION BY k ORDER BY ts) AS p2 FROM t`,
          ['id', 's', 'p', 'p2'],
          rows,
          batches,
        );
        const w = 'PARTITION BY k ORDER BY ts, id';
        const oracle = runSqlite(rows, `SELECT id, SUM(v) OVER (${w} ROWS UNBOUNDED PRECEDING), LAG(v) OVER (${w}), LAG(id, 2, -1) OVER (${w}) FROM t`);
        expect(engine).toEqual(oracle);
        const range = runEngine(`SELECT id, COUNT(*) OVER (ORDER BY ts) AS c FROM t`, ['id', 'c'], rows, batches);
        expect(range).toEqual(runSqlite(rows, `SELECT id, COUNT(*) OVER (ORDER BY ts) FROM t`));
      }),
      { numRuns: 40 },
    );
  });
});
