/**
 * Oracle tests: window Top-N and deduplication, stream Top-N, ORDER BY ... LIMIT and OVER aggregations
 * against DuckDB's window functions over the same random, in-order rows (times repeat, so ties and
 * peers are common; keys and values may be NULL). Arrival order is the `id` column: the engine breaks
 * ties by arrival, DuckDB by `id`. NULL order is spelled out on the DuckDB side (Flink's default: first
 * for ASC, last for DESC). Nothing is late (watermark = ts − 1 s over in-order rows).
 * (Kill-and-restore of these operators is covered by test/slt/{topn,dedup,over}.slt, run three ways.)
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { batchSizes } from './random-rows.js';
import { engineRows, openDuckDb, rowsArb, type DuckOracle } from './duckdb-oracle.js';

let duck: DuckOracle;
beforeAll(async () => {
  duck = await openDuckDb();
});
afterAll(() => duck?.close());

const rowsA = rowsArb({ maxKey: 2, gap: fc.oneof(fc.constant(0), fc.constantFrom(250, 1000), fc.integer({ min: 0, max: 2500 })), maxLength: 80 });
const batchesA = batchSizes(25, 6);
const RUNS = { numRuns: 30 };

const tumble = (size: number) => `time_bucket(to_milliseconds(${size}), ts, TIMESTAMP '1970-01-01')`;

describe('window Top-N and deduplication agree with DuckDB', () => {
  it('Top-3 per TUMBLE window and key by v DESC, with the row number', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(
          `SELECT id, k, v, window_start, rn FROM (
             SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY v DESC) AS rn
             FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND))) WHERE rn <= 3`,
          ['id', 'k', 'v', 'window_start', 'rn'],
          rows,
          batches,
        );
        const oracle = await duck.query(
          rows,
          `SELECT id, k, v, epoch_ms(ws), rn FROM (SELECT *, ${tumble(5000)} AS ws,
             ROW_NUMBER() OVER (PARTITION BY ${tumble(5000)}, k ORDER BY v DESC NULLS LAST, id) AS rn FROM t) WHERE rn <= 3`,
        );
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('ranks 2..3 per CUMULATE window by v ASC (NULLs first), without the row number', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(
          `SELECT id, window_start, window_end FROM (
             SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY v) AS rn
             FROM TABLE(CUMULATE(TABLE t, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '6' SECOND))) WHERE rn BETWEEN 2 AND 3`,
          ['id', 'window_start', 'window_end'],
          rows,
          batches,
        );
        const oracle = await duck.query(
          rows,
          `WITH w AS (SELECT *, ${tumble(6000)} AS ws, ${tumble(6000)} + to_milliseconds(2000 * j) AS we
             FROM t CROSS JOIN range(1, 4) AS r(j))
           SELECT id, epoch_ms(ws), epoch_ms(we) FROM (
             SELECT *, ROW_NUMBER() OVER (PARTITION BY ws, we ORDER BY v ASC NULLS FIRST, id) AS rn FROM w WHERE we > ts)
           WHERE rn BETWEEN 2 AND 3`,
        );
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('Top-2 keys by count per HOP window over a windowed aggregate (Nexmark q5 shape)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        // Keys with equal counts are interchangeable here: the projection leaves out the key.
        const engine = engineRows(
          `SELECT window_start, window_end, num, rn FROM (
             SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY num DESC) AS rn
             FROM (SELECT k, window_start, window_end, COUNT(*) AS num
                   FROM TABLE(HOP(TABLE t, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '6' SECOND))
                   GROUP BY k, window_start, window_end)) WHERE rn <= 2`,
          ['window_start', 'window_end', 'num', 'rn'],
          rows,
          batches,
        );
        const oracle = await duck.query(
          rows,
          `WITH w AS (SELECT *, ${tumble(2000)} - to_milliseconds(2000 * j) AS ws FROM t CROSS JOIN range(0, 3) AS r(j)),
             a AS (SELECT k, ws, COUNT(*) AS num FROM w GROUP BY k, ws)
           SELECT epoch_ms(ws), epoch_ms(ws + to_milliseconds(6000)), num, rn FROM (
             SELECT *, ROW_NUMBER() OVER (PARTITION BY ws ORDER BY num DESC) AS rn FROM a) WHERE rn <= 2`,
        );
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('keep-first and keep-last deduplication per window and key (equal times: earlier / later arrival)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, fc.constantFrom('ASC', 'DESC'), async (rows, batches, dir) => {
        const engine = engineRows(
          `SELECT id, k, ts FROM (
             SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end, k ORDER BY ts ${dir}) AS rn
             FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND))) WHERE rn = 1`,
          ['id', 'k', 'ts'],
          rows,
          batches,
        );
        const oracle = await duck.query(
          rows,
          `SELECT id, k, epoch_ms(ts) FROM (SELECT *,
             ROW_NUMBER() OVER (PARTITION BY ${tumble(5000)}, k ORDER BY ts ${dir}, id ${dir}) AS rn FROM t) WHERE rn = 1`,
        );
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });
});

describe('RANK and DENSE_RANK Top-N agree with DuckDB (peers share a rank, ties keep more rows)', () => {
  const fnArb = fc.constantFrom('RANK', 'DENSE_RANK');

  it('per TUMBLE window and key, rank <= 2 by v DESC, with the rank', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, fnArb, async (rows, batches, fn) => {
        const engine = engineRows(
          `SELECT id, k, v, window_start, r FROM (
             SELECT *, ${fn}() OVER (PARTITION BY window_start, window_end, k ORDER BY v DESC) AS r
             FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND))) WHERE r <= 2`,
          ['id', 'k', 'v', 'window_start', 'r'],
          rows,
          batches,
        );
        const oracle = await duck.query(
          rows,
          `SELECT id, k, v, epoch_ms(ws), r FROM (SELECT *, ${tumble(5000)} AS ws,
             ${fn}() OVER (PARTITION BY ${tumble(5000)}, k ORDER BY v DESC NULLS LAST) AS r FROM t) WHERE r <= 2`,
        );
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('per window, ranks 2..3 by the time attribute, without the rank', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, fnArb, async (rows, batches, fn) => {
        const engine = engineRows(
          `SELECT id FROM (SELECT *, ${fn}() OVER (PARTITION BY window_start, window_end ORDER BY ts) AS r
             FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '5' SECOND))) WHERE r BETWEEN 2 AND 3`,
          ['id'],
          rows,
          batches,
        );
        const oracle = await duck.query(rows, `SELECT id FROM (SELECT *, ${fn}() OVER (PARTITION BY ${tumble(5000)} ORDER BY ts) AS r FROM t) WHERE r BETWEEN 2 AND 3`);
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('over the whole stream per key: the changelog folds to the final ranking, with and without the rank', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, fnArb, fc.boolean(), async (rows, batches, fn, withRank) => {
        const cols = withRank ? ['id', 'k', 'v', 'r'] : ['id', 'k', 'v'];
        const engine = engineRows(
          `SELECT ${cols.join(', ')} FROM (SELECT *, ${fn}() OVER (PARTITION BY k ORDER BY v DESC) AS r FROM t) WHERE r BETWEEN 2 AND 3`,
          cols,
          rows,
          batches,
          { fold: true },
        );
        const oracle = await duck.query(
          rows,
          `SELECT ${cols.join(', ')} FROM (SELECT *, ${fn}() OVER (PARTITION BY k ORDER BY v DESC NULLS LAST) AS r FROM t) WHERE r BETWEEN 2 AND 3`,
        );
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });
});

describe('Top-N over the whole stream agrees with DuckDB', () => {
  it('Top-3 per key by v DESC with the row number: the changelog folds to the final ranking', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(
          `SELECT id, k, v, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn FROM t) WHERE rn <= 3`,
          ['id', 'k', 'v', 'rn'],
          rows,
          batches,
          { fold: true },
        );
        const oracle = await duck.query(
          rows,
          `SELECT id, k, v, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC NULLS LAST, id) AS rn FROM t) WHERE rn <= 3`,
        );
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('keep-first deduplication per key on event time (a changelog: a later-arriving earlier row replaces the kept one)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(`SELECT id, k FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS rn FROM t) WHERE rn = 1`, ['id', 'k'], rows, batches, { fold: true });
        const oracle = await duck.query(rows, `SELECT id, k FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts, id) AS rn FROM t) WHERE rn = 1`);
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('ROW_NUMBER partitioned and ordered by expressions (k / 2, 10 - v, id): ranks 1..2 with the row number', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(
          `SELECT id, k, v, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k / 2 ORDER BY 10 - v, id) AS rn FROM t) WHERE rn <= 2`,
          ['id', 'k', 'v', 'rn'],
          rows,
          batches,
          { fold: true },
        );
        const oracle = await duck.query(
          rows,
          `SELECT id, k, v, rn FROM (SELECT *, ROW_NUMBER() OVER (PARTITION BY k // 2 ORDER BY 10 - v NULLS FIRST, id) AS rn FROM t) WHERE rn <= 2`,
        );
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('ORDER BY v DESC, id LIMIT 4: the changelog folds to the first 4 rows', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(`SELECT id, v FROM t ORDER BY v DESC, id LIMIT 4`, ['id', 'v'], rows, batches, { fold: true });
        const oracle = await duck.query(rows, `SELECT id, v FROM t ORDER BY v DESC NULLS LAST, id LIMIT 4`);
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('ORDER BY v, id LIMIT 3 OFFSET 2: the changelog folds to rows 3 to 5 of the order', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(`SELECT id, v FROM t ORDER BY v, id LIMIT 3 OFFSET 2 ROWS`, ['id', 'v'], rows, batches, { fold: true });
        const oracle = await duck.query(rows, `SELECT id, v FROM t ORDER BY v NULLS FIRST, id LIMIT 3 OFFSET 2`);
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });
});

describe('Top-N over a changelog (retract Top-N) agrees with DuckDB', () => {
  const counts = `SELECT k, v > 5 AS big, COUNT(*) AS n, SUM(v) AS s FROM t GROUP BY k, v > 5`;
  const duckCounts = `SELECT k, v > 5 AS big, COUNT(*) AS n, SUM(v) AS s FROM t GROUP BY k, v > 5`;

  it('Top-2 groups by count: ROW_NUMBER (counts and ranks), RANK and DENSE_RANK (groups and ranks)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, fc.constantFrom('ROW_NUMBER', 'RANK', 'DENSE_RANK'), async (rows, batches, fn) => {
        // With ROW_NUMBER, groups of equal counts are interchangeable: the projection leaves them out.
        const cols = fn === 'ROW_NUMBER' ? ['n', 'r'] : ['k', 'big', 'n', 'r'];
        const engine = engineRows(
          `SELECT ${cols.join(', ')} FROM (SELECT *, ${fn}() OVER (ORDER BY n DESC) AS r FROM (${counts})) WHERE r <= 2`,
          cols,
          rows,
          batches,
          { fold: true },
        );
        const oracle = await duck.query(rows, `SELECT ${cols.join(', ')} FROM (SELECT *, ${fn}() OVER (ORDER BY n DESC) AS r FROM (${duckCounts})) WHERE r <= 2`);
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('per key, the group with the largest sum (NULLs last), without the rank; and ORDER BY ... LIMIT', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(
          `SELECT k, big, s FROM (SELECT *, RANK() OVER (PARTITION BY k ORDER BY s DESC) AS r FROM (${counts})) WHERE r = 1`,
          ['k', 'big', 's'],
          rows,
          batches,
          { fold: true },
        );
        const oracle = await duck.query(rows, `SELECT k, big, s FROM (SELECT *, RANK() OVER (PARTITION BY k ORDER BY s DESC NULLS LAST) AS r FROM (${duckCounts})) WHERE r = 1`);
        expect(engine).toEqual(oracle);
        const limit = engineRows(`SELECT k, n FROM (SELECT k, COUNT(*) AS n FROM t GROUP BY k) ORDER BY n DESC, k LIMIT 2`, ['k', 'n'], rows, batches, { fold: true });
        expect(limit).toEqual(await duck.query(rows, `SELECT k, COUNT(*) AS n FROM t GROUP BY k ORDER BY n DESC, k NULLS FIRST LIMIT 2`));
      }),
      RUNS,
    );
  });
});

// AVG of an INT is an INT in Flink: sum / count truncated toward zero.
// (NULLIF over a window call is not implemented in DuckDB 1.4: CASE instead.)
const avgInt = (w: string) =>
  `CASE WHEN COUNT(v) OVER (${w}) > 0 THEN CAST(trunc(CAST(SUM(v) OVER (${w}) AS DOUBLE) / COUNT(v) OVER (${w})) AS INTEGER) END`;

describe('OVER aggregations agree with DuckDB', () => {
  it('ROWS BETWEEN 2 PRECEDING AND CURRENT ROW per key: COUNT, SUM, MIN, MAX, AVG (INT and DOUBLE)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(
          `SELECT id, COUNT(v) OVER w AS c, SUM(v) OVER w AS s, MIN(v) OVER w AS mn, MAX(v) OVER w AS mx,
             AVG(v) OVER w AS a, AVG(CAST(v AS DOUBLE)) OVER w AS ad
           FROM t WINDOW w AS (PARTITION BY k ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)`,
          ['id', 'c', 's', 'mn', 'mx', 'a', 'ad'],
          rows,
          batches,
        );
        const w = 'PARTITION BY k ORDER BY ts, id ROWS BETWEEN 2 PRECEDING AND CURRENT ROW';
        const oracle = await duck.query(
          rows,
          `SELECT id, COUNT(v) OVER (${w}), SUM(v) OVER (${w}), MIN(v) OVER (${w}), MAX(v) OVER (${w}), ${avgInt(w)},
             AVG(v::DOUBLE) OVER (${w}) FROM t`,
        );
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('RANGE BETWEEN INTERVAL 1 SECOND PRECEDING AND CURRENT ROW per key (peers share, bound included)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(
          `SELECT id, COUNT(*) OVER w AS c, SUM(v) OVER w AS s, MIN(v) OVER w AS mn, MAX(v) OVER w AS mx, AVG(v) OVER w AS a FROM t
           WINDOW w AS (PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL '1' SECOND PRECEDING AND CURRENT ROW)`,
          ['id', 'c', 's', 'mn', 'mx', 'a'],
          rows,
          batches,
        );
        const w = `PARTITION BY k ORDER BY ts RANGE BETWEEN INTERVAL 1 SECOND PRECEDING AND CURRENT ROW`;
        const oracle = await duck.query(
          rows,
          `SELECT id, COUNT(*) OVER (${w}), SUM(v) OVER (${w}), MIN(v) OVER (${w}), MAX(v) OVER (${w}), ${avgInt(w)} FROM t`,
        );
        expect(engine).toEqual(oracle);
      }),
      RUNS,
    );
  });

  it('unbounded ROWS and RANGE frames, one partition or per key, and LAG', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesA, async (rows, batches) => {
        const engine = engineRows(
          `SELECT id, SUM(v) OVER (PARTITION BY k ORDER BY ts ROWS UNBOUNDED PRECEDING) AS s,
             LAG(v) OVER (PARTITION BY k ORDER BY ts) AS p, LAG(id, 2, -1) OVER (PARTITION BY k ORDER BY ts) AS p2 FROM t`,
          ['id', 's', 'p', 'p2'],
          rows,
          batches,
        );
        const w = 'PARTITION BY k ORDER BY ts, id';
        expect(engine).toEqual(
          await duck.query(rows, `SELECT id, SUM(v) OVER (${w} ROWS UNBOUNDED PRECEDING), LAG(v) OVER (${w}), LAG(id, 2, -1) OVER (${w}) FROM t`),
        );
        // No frame: RANGE UNBOUNDED PRECEDING, rows of one time (peers) share a result.
        const all = engineRows(`SELECT id, COUNT(*) OVER (ORDER BY ts) AS c FROM t`, ['id', 'c'], rows, batches);
        expect(all).toEqual(await duck.query(rows, `SELECT id, COUNT(*) OVER (ORDER BY ts) FROM t`));
        const perKey = engineRows(`SELECT id, MAX(v) OVER (PARTITION BY k ORDER BY ts) AS mx FROM t`, ['id', 'mx'], rows, batches);
        expect(perKey).toEqual(await duck.query(rows, `SELECT id, MAX(v) OVER (PARTITION BY k ORDER BY ts) FROM t`));
      }),
      RUNS,
    );
  });
});
