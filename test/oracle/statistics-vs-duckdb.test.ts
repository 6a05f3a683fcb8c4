/**
 * Oracle tests: STDDEV/VAR, BOOL_AND/BOOL_OR and COUNT of several columns against DuckDB computing the
 * same groups from scratch over random in-order rows pushed in random batches.
 *   Over INT arguments the engine follows Flink (Calcite's rewrite into SUM(x*x), SUM(x), COUNT(x) with
 *   integer divisions, the result an INT); DuckDB is given that formula with its integer division `//`.
 *   Over DOUBLE arguments DuckDB's own var_pop, var_samp, stddev_pop, stddev_samp are the reference
 *   (both sides rounded to 12 significant digits: DuckDB sums differently).
 * The windows are TUMBLE (append-only) and a non-windowed GROUP BY over the changelog of another GROUP BY,
 * whose retractions the outer aggregates take back (its result folded to the final table).
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

const rowsA = rowsArb({ maxKey: 3, gap: fc.integer({ min: 0, max: 800 }), maxLength: 80 });
const batchesArb = batchSizes(20, 8);

/** Flink's VAR_* of integers in DuckDB: (Σx² − (Σx)² // n) // (n or n − 1), NULL for no row (and one, _SAMP). */
function flinkIntVar(x: string, pop: boolean): string {
  const denom = pop ? `COUNT(${x})` : `NULLIF(COUNT(${x}) - 1, 0)`;
  return `(SUM(${x} * ${x}) - (SUM(${x}) * SUM(${x})) // COUNT(${x})) // ${denom}`;
}
const flinkIntStddev = (x: string, pop: boolean): string => `CAST(trunc(sqrt(${flinkIntVar(x, pop)})) AS BIGINT)`;

const DUCK_STATS = (x: string): string =>
  `${flinkIntVar(x, true)}, ${flinkIntVar(x, false)}, ${flinkIntStddev(x, true)}, ${flinkIntStddev(x, false)},
   var_pop(${x}::DOUBLE), var_samp(${x}::DOUBLE), stddev_pop(${x}::DOUBLE), stddev_samp(${x}::DOUBLE)`;
const ENGINE_STATS = (x: string): string =>
  `VAR_POP(${x}) AS vp, VAR_SAMP(${x}) AS vs, STDDEV_POP(${x}) AS sp, STDDEV(${x}) AS ss,
   VAR_POP(CAST(${x} AS DOUBLE)) AS dvp, VARIANCE(CAST(${x} AS DOUBLE)) AS dvs, STDDEV_POP(CAST(${x} AS DOUBLE)) AS dsp, STDDEV_SAMP(CAST(${x} AS DOUBLE)) AS dss`;
const STAT_COLS = ['vp', 'vs', 'sp', 'ss', 'dvp', 'dvs', 'dsp', 'dss'];

describe('STDDEV/VAR, BOOL_AND/BOOL_OR and COUNT(a, b) agree with DuckDB', () => {
  it('in TUMBLE windows per key', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesArb, fc.constantFrom(1000, 5000), async (rows, batches, size) => {
        const engine = engineRows(
          `SELECT k, window_start, ${ENGINE_STATS('v')}, BOOL_AND(v > 20) AS ba, BOOL_OR(v > 60) AS bo, COUNT(k, v) AS ckv,
                  VAR_SAMP(DISTINCT v) AS vsd, COUNT(DISTINCT k, v) AS dkv
           FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '${size}' MILLISECOND)) GROUP BY k, window_start, window_end`,
          ['k', 'window_start', ...STAT_COLS, 'ba', 'bo', 'ckv', 'vsd', 'dkv'],
          rows,
          batches,
        );
        const duckSql = `WITH x AS (SELECT *, time_bucket(to_milliseconds(${size}), ts, TIMESTAMP '1970-01-01') AS ws FROM t),
          d AS (SELECT DISTINCT k, ws, v FROM x WHERE v IS NOT NULL)
          SELECT x.k, epoch_ms(x.ws), ${DUCK_STATS('x.v')}, bool_and(x.v > 20), bool_or(x.v > 60),
                 COUNT(*) FILTER (WHERE x.k IS NOT NULL AND x.v IS NOT NULL),
                 (SELECT ${flinkIntVar('d.v', false)} FROM d WHERE d.k IS NOT DISTINCT FROM x.k AND d.ws = x.ws),
                 COUNT(DISTINCT (x.k, x.v)) FILTER (WHERE x.k IS NOT NULL AND x.v IS NOT NULL)
          FROM x GROUP BY x.k, x.ws`;
        expect(engine).toEqual(await duck.query(rows, duckSql));
      }),
      { numRuns: 40 },
    );
  });

  it('in a GROUP BY over the changelog of another GROUP BY (retractions)', async () => {
    await fc.assert(
      fc.asyncProperty(rowsA, batchesArb, async (rows, batches) => {
        const engine = engineRows(
          `SELECT c, ${ENGINE_STATS('s')}, BOOL_AND(s > 0) AS ba, BOOL_OR(s > 100) AS bo, COUNT(k, s) AS cks
           FROM (SELECT k, COUNT(*) AS c, SUM(v) AS s FROM t GROUP BY k) GROUP BY c`,
          ['c', ...STAT_COLS, 'ba', 'bo', 'cks'],
          rows,
          batches,
          { fold: true },
        );
        const duckSql = `WITH g AS (SELECT k, COUNT(*) AS c, SUM(v)::INTEGER AS s FROM t GROUP BY k)
          SELECT c, ${DUCK_STATS('s')}, bool_and(s > 0), bool_or(s > 100), COUNT(*) FILTER (WHERE k IS NOT NULL AND s IS NOT NULL)
          FROM g GROUP BY c`;
        expect(engine).toEqual(await duck.query(rows, duckSql));
      }),
      { numRuns: 40 },
    );
  });
});
