// DuckDB reference: the same bid rows loaded into an in-memory DuckDB table, each case run as the
// equivalent batch SQL. Load time and query time are reported separately; the digest is computed
// afterwards (untimed) with the same normalization as the engine's and the hand-written results.
//
// Windows are integer arithmetic on epoch_ms(date_time) with offset 0, exactly the streaming rule:
// TUMBLE start = ms − ms % size; HOP assigns each row to the 5 windows starting at
// (ms − ms % slide) − k·slide, k = 0..4. A batch query has no watermark, so it cannot drop late rows:
// it matches the streaming result only when no row is late (true for the generator's in-order bids;
// the hand-written reference reports its late count so a runner can check).
import { loadDuckDbModule } from './duckdb-module.mjs';

const { DuckDBInstance, DuckDBDataChunk, DuckDBTimestampValue, BIGINT, VARCHAR, TIMESTAMP } = await loadDuckDbModule();
import { getCase } from '../cases.mjs';
import { createDigest } from './digest.mjs';

const BID_DDL = `CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  date_time TIMESTAMP, extra VARCHAR)`;
const BID_TYPES = [BIGINT, BIGINT, BIGINT, VARCHAR, VARCHAR, TIMESTAMP, VARCHAR];
const PERSON_DDL = `CREATE TABLE person (id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR, city VARCHAR,
  state VARCHAR, date_time TIMESTAMP, extra VARCHAR)`;
const PERSON_TYPES = [BIGINT, VARCHAR, VARCHAR, VARCHAR, VARCHAR, VARCHAR, TIMESTAMP, VARCHAR];
const AUCTION_DDL = `CREATE TABLE auction (id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT, reserve BIGINT,
  date_time TIMESTAMP, expires TIMESTAMP, seller BIGINT, category BIGINT, extra VARCHAR)`;
const AUCTION_TYPES = [BIGINT, VARCHAR, VARCHAR, BIGINT, BIGINT, TIMESTAMP, TIMESTAMP, BIGINT, BIGINT, VARCHAR];
const CHUNK_ROWS = 2048; // DuckDB's vector size: one data chunk per appender call

const MS = `epoch_ms(date_time)`;

/** Batch SQL per case, columns in the case's order (../cases.mjs). */
export const DUCKDB_SQL = {
  q0: `SELECT auction, bidder, price, ${MS} AS date_time, extra FROM bid`,
  q1: `SELECT auction, bidder, price * 0.908 AS price, ${MS} AS date_time FROM bid`,
  q2: `SELECT auction, price FROM bid WHERE auction % 123 = 0`,
  q5_hop_count: `SELECT auction, ws AS window_start, ws + 10000 AS window_end, count(*) AS num
FROM (SELECT auction, (${MS} - ${MS} % 2000) - k * 2000 AS ws FROM bid CROSS JOIN range(5) AS t(k))
GROUP BY auction, ws`,
  q5: `SELECT auction, window_start, window_end, num FROM (
  SELECT auction, ws AS window_start, ws + 10000 AS window_end, count(*) AS num,
    row_number() OVER (PARTITION BY ws ORDER BY count(*) DESC, auction ASC) AS rownum
  FROM (SELECT auction, (${MS} - ${MS} % 2000) - k * 2000 AS ws FROM bid CROSS JOIN range(5) AS t(k))
  GROUP BY auction, ws)
WHERE rownum = 1`,
  q11: `WITH f AS (SELECT bidder, ms, CASE WHEN ms - lag(ms) OVER (PARTITION BY bidder ORDER BY ms) <= 10000 THEN 0 ELSE 1 END AS fresh
    FROM (SELECT bidder, ${MS} AS ms FROM bid)),
  s AS (SELECT bidder, ms, sum(fresh) OVER (PARTITION BY bidder ORDER BY ms ROWS UNBOUNDED PRECEDING) AS sid FROM f)
SELECT bidder, count(*) AS bid_count, min(ms) AS starttime, max(ms) + 10000 AS endtime FROM s GROUP BY bidder, sid`,
  q7_tumble_max: `SELECT ws AS window_start, ws + 10000 AS window_end, max(price) AS maxprice, count(*) AS num
FROM (SELECT price, ${MS} - ${MS} % 10000 AS ws FROM bid)
GROUP BY ws`,
  // Joins: batch SQL over the whole input equals the streaming result when nothing is late.
  q3: `SELECT P.name, P.city, P.state, A.id FROM auction A JOIN person P ON A.seller = P.id
WHERE A.category = 10 AND P.state IN ('OR', 'ID', 'CA')`,
  q8: `SELECT P.id, P.name, P.ws AS starttime
FROM (SELECT DISTINCT id, name, ${MS} - ${MS} % 10000 AS ws FROM person) P
JOIN (SELECT DISTINCT seller, ${MS} - ${MS} % 10000 AS ws FROM auction) A ON P.id = A.seller AND P.ws = A.ws`,
  // q4's final table: AVG of a BIGINT is a BIGINT truncated toward zero (Flink's rule; prices are
  // positive, so integer division is that truncation).
  q4: `SELECT category, CAST(sum(final) // count(final) AS BIGINT) AS avg_final
FROM (SELECT max(B.price) AS final, A.category FROM auction A JOIN bid B
      ON A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
      GROUP BY A.id, A.category)
GROUP BY category`,
  tumble_100k_keys: `SELECT price % 100000 AS k, ws AS window_start, ws + 10000 AS window_end,
  count(*) AS num, sum(price) AS total
FROM (SELECT price, ${MS} - ${MS} % 10000 AS ws FROM bid)
GROUP BY price % 100000, ws`,
};

/**
 * An in-memory database with an empty `bid` table, filled batch by batch: `append(rows)` as the generator
 * produces them (no N-row array), `finish()` when done. `loadMs` counts conversion + appending only.
 * `threads` (default: DuckDB's, one per core) bounds DuckDB's worker threads.
 * Returns { connection, append(rows), finish(), rows, loadMs, close() }.
 */
export async function createDuckDb(options = {}) {
  const instance = await DuckDBInstance.create(':memory:', options.threads ? { threads: String(options.threads) } : {});
  const connection = await instance.connect();
  await connection.run(BID_DDL);
  const appender = await connection.createAppender('bid');
  const db = {
    connection,
    rows: 0,
    loadMs: 0,
    /** Appends bid rows (NEXMARK_SCHEMAS.bid arrays), in column-wise chunks: one native call per chunk. */
    append(events) {
      const t0 = performance.now();
      for (let off = 0; off < events.length; off += CHUNK_ROWS) {
        const n = Math.min(CHUNK_ROWS, events.length - off);
        const cols = BID_TYPES.map(() => new Array(n));
        for (let i = 0; i < n; i++) {
          const r = events[off + i];
          cols[0][i] = BigInt(r[0]);
          cols[1][i] = BigInt(r[1]);
          cols[2][i] = BigInt(r[2]);
          cols[3][i] = r[3];
          cols[4][i] = r[4];
          cols[5][i] = new DuckDBTimestampValue(BigInt(r[5]) * 1000n); // ms → µs
          cols[6][i] = r[6];
        }
        const chunk = DuckDBDataChunk.create(BID_TYPES, n);
        chunk.setColumns(cols);
        appender.appendDataChunk(chunk);
      }
      db.rows += events.length;
      db.loadMs += performance.now() - t0;
    },
    finish() {
      const t0 = performance.now();
      appender.flushSync();
      appender.closeSync();
      db.loadMs += performance.now() - t0;
    },
    /**
     * Person and auction rows of the generator's mixed stream (nextBatch(null): told apart by length),
     * for the join cases; bids are skipped. Call `finishTables()` when done.
     */
    async appendTables(events) {
      if (db.tables === undefined) {
        await connection.run(PERSON_DDL);
        await connection.run(AUCTION_DDL);
        db.tables = { person: await connection.createAppender('person'), auction: await connection.createAppender('auction') };
      }
      const t0 = performance.now();
      const persons = events.filter((r) => r.length === PERSON_TYPES.length);
      const auctions = events.filter((r) => r.length === AUCTION_TYPES.length);
      appendRows(db.tables.person, PERSON_TYPES, persons);
      appendRows(db.tables.auction, AUCTION_TYPES, auctions);
      db.tableRows += persons.length + auctions.length;
      db.loadMs += performance.now() - t0;
    },
    tableRows: 0,
    tables: undefined,
    finishTables() {
      const t0 = performance.now();
      for (const a of Object.values(db.tables ?? {})) {
        a.flushSync();
        a.closeSync();
      }
      db.loadMs += performance.now() - t0;
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
  return db;
}

/** Appends generator rows (BIGINT as numbers, TIMESTAMP as epoch ms) in chunks of the given column types. */
function appendRows(appender, types, rows) {
  for (let off = 0; off < rows.length; off += CHUNK_ROWS) {
    const n = Math.min(CHUNK_ROWS, rows.length - off);
    const cols = types.map(() => new Array(n));
    for (let i = 0; i < n; i++) {
      const r = rows[off + i];
      for (let c = 0; c < types.length; c++) {
        const v = r[c];
        cols[c][i] = v === null ? null : types[c] === BIGINT ? BigInt(v) : types[c] === TIMESTAMP ? new DuckDBTimestampValue(BigInt(v) * 1000n) : v;
      }
    }
    const chunk = DuckDBDataChunk.create(types, n);
    chunk.setColumns(cols);
    appender.appendDataChunk(chunk);
  }
}

/**
 * Creates an in-memory database holding `events` (bid rows) in table `bid`.
 * Returns { connection, rows, loadMs, close() }.
 */
export async function loadDuckDb(events) {
  const db = await createDuckDb();
  db.append(events);
  db.finish();
  return { connection: db.connection, rows: db.rows, loadMs: db.loadMs, close: () => db.close() };
}

/** SQL text of one canonical value of `kind` (see digest.mjs): what createDigest's normalizers give. */
function canonicalExpr(col, kind) {
  const text =
    kind === 'dec3' ? `CAST(CAST(round(${col} * 1000) AS BIGINT) AS VARCHAR)` : kind === 'str' ? col : `CAST(${col} AS VARCHAR)`;
  return `coalesce(${text}, chr(0) || 'NULL')`;
}

/**
 * The case's DuckDB query wrapped so that DuckDB itself builds each result row's canonical digest text
 * (values normalized by kind, joined by U+001F): JS then only hashes one string per row. Converting
 * millions of multi-column rows to JS values costs far more than the query (see README), so this is how
 * large results (q0, q1) are digested.
 */
export function canonicalSql(caseName) {
  const { columns } = getCase(caseName);
  const sql = DUCKDB_SQL[caseName];
  if (sql === undefined) throw new Error(`no DuckDB query for case '${caseName}'`);
  const names = columns.map((_, i) => `c${i}`);
  const parts = columns.map(([, kind], i) => canonicalExpr(names[i], kind));
  return `SELECT ${parts.join(` || chr(31) || `)} AS t FROM (${sql}) AS q(${names.join(', ')})`;
}

/**
 * Runs one case twice on a loaded database: timed, as DuckDB would answer it (`queryMs`: execute and
 * materialize the result inside DuckDB, no conversion to JS), then untimed for the digest (streamed in
 * chunks, canonical text built in SQL; `digestMs`). `queryThreads` / `digestThreads` set DuckDB's
 * threads for each pass. Returns { caseName, rowsOut, queryMs, digestMs, digest }.
 */
export async function runDuckDbCase(db, caseName, options = {}) {
  const sql = DUCKDB_SQL[caseName];
  if (sql === undefined) throw new Error(`no DuckDB query for case '${caseName}'`);
  if (options.queryThreads) await db.connection.run(`SET threads = ${Number(options.queryThreads)}`);
  const t0 = performance.now();
  const materialized = await db.connection.run(sql);
  const rowsOut = Number(materialized.rowCount);
  const queryMs = performance.now() - t0;
  if (options.digestThreads) await db.connection.run(`SET threads = ${Number(options.digestThreads)}`);
  const t1 = performance.now();
  const d = createDigest(caseName);
  const result = await db.connection.stream(canonicalSql(caseName));
  for (;;) {
    const chunk = await result.fetchChunk();
    if (chunk === null || chunk.rowCount === 0) break;
    const texts = chunk.getColumnValues(0);
    for (let i = 0; i < texts.length; i++) d.addText(texts[i]);
  }
  return { caseName, rowsOut, queryMs, digestMs: performance.now() - t1, digest: d.result() };
}

/**
 * Runs one case on a loaded database. `queryMs` covers executing the query and materializing its
 * result in DuckDB; `fetchMs` converting the result to JS rows (bigint for BIGINT/HUGEINT, number for
 * DECIMAL). Returns { caseName, rowsOut, queryMs, fetchMs, digest }.
 */
export async function runDuckDbQuery(db, caseName) {
  getCase(caseName);
  const sql = DUCKDB_SQL[caseName];
  if (sql === undefined) throw new Error(`no DuckDB query for case '${caseName}'`);
  const t0 = performance.now();
  const reader = await db.connection.runAndReadAll(sql);
  const t1 = performance.now();
  const rows = reader.getRowsJS();
  const t2 = performance.now();
  const d = createDigest(caseName);
  for (const row of rows) d.add(row);
  return { caseName, rowsOut: rows.length, queryMs: t1 - t0, fetchMs: t2 - t1, digest: d.result() };
}

/** Load + one case + close: { caseName, rowsOut, loadMs, queryMs, fetchMs, digest }. */
export async function runDuckDb(caseName, events) {
  const db = await loadDuckDb(events);
  try {
    const r = await runDuckDbQuery(db, caseName);
    return { ...r, loadMs: db.loadMs };
  } finally {
    db.close();
  }
}
