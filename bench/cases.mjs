// Benchmark cases over Nexmark bids: one definition per case, shared by the engine runner, the
// hand-written reference (reference/handwritten.mjs) and the DuckDB reference (reference/duckdb.mjs).
//
// A case fixes its result columns (name + kind); kinds say how a value is normalized before hashing, so
// the engine (raw numbers or JSON-ready ISO timestamps), the hand-written loops (numbers) and DuckDB
// (bigint, decimals) produce the same digest for the same multiset of rows:
//   int  BIGINT       number | bigint | numeric string   → decimal integer text
//   ts   TIMESTAMP(3) epoch ms number | bigint | Date | ISO-8601 text → epoch ms integer text
//   dec3 DECIMAL(_,3) number | numeric string            → round(v * 1000) as integer text (price * 0.908);
//                     bigint (the engine's scaled DECIMAL)  → itself (already × 1000)
//   str  VARCHAR      string                             → itself
//
// Event time: bid.date_time, watermark = date_time − 4 s (nexmark-flink's DDL). Windows have offset 0:
// window_start = ts − (ts mod size); a window fires when the watermark reaches window_end − 1; rows for
// windows that already fired are late and dropped; at end of input every window fires.

/** Bid columns as the generator emits them (NEXMARK_SCHEMAS.bid), for CREATE SOURCE. */
export const BID_COLUMNS_DDL = `auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,
  date_time TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND`;

/** Person and auction columns as the generator emits them (NEXMARK_SCHEMAS), for the join cases. */
export const PERSON_COLUMNS_DDL = `id BIGINT, name VARCHAR, email_address VARCHAR, credit_card VARCHAR, city VARCHAR, state VARCHAR,
  date_time TIMESTAMP(3), extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND`;
export const AUCTION_COLUMNS_DDL = `id BIGINT, item_name VARCHAR, description VARCHAR, initial_bid BIGINT, reserve BIGINT,
  date_time TIMESTAMP(3), expires TIMESTAMP(3), seller BIGINT, category BIGINT, extra VARCHAR,
  WATERMARK FOR date_time AS date_time - INTERVAL '4' SECOND`;

/** Watermark delay of the bid source (ms). */
export const WATERMARK_DELAY_MS = 4000;

/** Key of the high-cardinality case: 100 000 possible values, spread by the log-uniform price. */
export const KEY_DOMAIN = 100_000;

/**
 * Suggested generator settings for the runner. At 100 000 events/s of event time a 10 s window holds
 * ≈ 920 000 bids, so tumble_100k_keys really has ≈ 100 000 keys per window (≈ 50 000 at 10 000/s).
 * The references accept bids generated with any settings.
 */
export const GENERATOR_DEFAULTS = { seed: 0, eventsPerSecond: 100_000 };

export const CASES = {
  q0: {
    title: 'pass-through (Nexmark q0)',
    columns: [['auction', 'int'], ['bidder', 'int'], ['price', 'int'], ['date_time', 'ts'], ['extra', 'str']],
    sql: `SELECT auction, bidder, price, date_time, extra FROM bid`,
    // Stateless: the engine's own time is small next to generating the events, so the runner measures
    // it on pre-generated input (bench/case.mjs --input pregen) instead of subtracting generation.
    pregen: true,
  },
  q1: {
    title: 'currency conversion: price * 0.908 (Nexmark q1)',
    columns: [['auction', 'int'], ['bidder', 'int'], ['price', 'dec3'], ['date_time', 'ts']],
    sql: `SELECT auction, bidder, 0.908 * price AS price, date_time FROM bid`,
    pregen: true,
  },
  q2: {
    title: 'selection: auction % 123 = 0 (Nexmark q2)',
    columns: [['auction', 'int'], ['price', 'int']],
    sql: `SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0`,
    pregen: true,
  },
  q5_hop_count: {
    title: 'HOP(slide 2 s, size 10 s) COUNT(*) per auction (Nexmark q5 inner query)',
    columns: [['auction', 'int'], ['window_start', 'ts'], ['window_end', 'ts'], ['num', 'int']],
    sql: `SELECT auction, window_start, window_end, COUNT(*) AS num
FROM TABLE(HOP(TABLE bid, DESCRIPTOR(date_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
GROUP BY auction, window_start, window_end`,
  },
  q5: {
    title: 'hot items: Top-1 auction by bid count per HOP(2 s, 10 s) window, ties to the lower auction id (Nexmark q5, full form)',
    columns: [['auction', 'int'], ['window_start', 'ts'], ['window_end', 'ts'], ['num', 'int']],
    sql: `SELECT auction, window_start, window_end, num FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY num DESC, auction ASC) AS rownum
  FROM (SELECT auction, window_start, window_end, COUNT(*) AS num
        FROM TABLE(HOP(TABLE bid, DESCRIPTOR(date_time), INTERVAL '2' SECOND, INTERVAL '10' SECOND))
        GROUP BY auction, window_start, window_end)
) WHERE rownum <= 1`,
  },
  q7_tumble_max: {
    title: 'TUMBLE(10 s) MAX(price) and COUNT(*) per window (Nexmark q7 inner query)',
    columns: [['window_start', 'ts'], ['window_end', 'ts'], ['maxprice', 'int'], ['num', 'int']],
    sql: `SELECT window_start, window_end, MAX(price) AS maxprice, COUNT(*) AS num
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
GROUP BY window_start, window_end`,
  },
  q11: {
    title: 'user sessions: bids per bidder per SESSION(gap 10 s) (Nexmark q11)',
    columns: [['bidder', 'int'], ['bid_count', 'int'], ['starttime', 'ts'], ['endtime', 'ts']],
    sql: `SELECT bidder, COUNT(*) AS bid_count, SESSION_START(date_time, INTERVAL '10' SECOND) AS starttime,
  SESSION_END(date_time, INTERVAL '10' SECOND) AS endtime
FROM bid GROUP BY bidder, SESSION(date_time, INTERVAL '10' SECOND)`,
  },
  // Join cases read `tables` (person and auction) instead of bid; every system sees the same events.
  q3: {
    title: 'regular join: auctions of category 10 with their sellers in OR, ID, CA (Nexmark q3)',
    tables: ['person', 'auction'],
    columns: [['name', 'str'], ['city', 'str'], ['state', 'str'], ['id', 'int']],
    sql: `SELECT P.name, P.city, P.state, A.id
FROM auction AS A INNER JOIN person AS P ON A.seller = P.id
WHERE A.category = 10 AND (P.state = 'OR' OR P.state = 'ID' OR P.state = 'CA')`,
  },
  q8: {
    title: 'window join: persons who opened an auction in the 10 s window they signed up in (Nexmark q8)',
    tables: ['person', 'auction'],
    columns: [['id', 'int'], ['name', 'str'], ['starttime', 'ts']],
    sql: `SELECT P.id, P.name, P.starttime
FROM (SELECT id, name, window_start AS starttime, window_end AS endtime
      FROM TABLE(TUMBLE(TABLE person, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
      GROUP BY id, name, window_start, window_end) P
JOIN (SELECT seller, window_start AS starttime, window_end AS endtime
      FROM TABLE(TUMBLE(TABLE auction, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
      GROUP BY seller, window_start, window_end) A
ON P.id = A.seller AND P.starttime = A.starttime AND P.endtime = A.endtime`,
  },
  // A changelog result (`changelog: true`): every system's rows are folded (+I/+U add a row, -U/-D take
  // it back) and the final table is digested; the batch references give that table directly.
  q4: {
    title: 'average closing price per category: bids within their auction lifetime, MAX per auction, AVG per category (Nexmark q4)',
    tables: ['auction', 'bid'],
    changelog: true,
    // The regular join keeps every auction and bid row: ≈ 2.3 GB of live heap at 10 M generator events.
    heapMb: 8192,
    columns: [['category', 'int'], ['avg_final', 'int']],
    sql: `SELECT Q.category, AVG(Q.final) AS avg_final
FROM (SELECT MAX(B.price) AS final, A.category
      FROM auction A, bid B
      WHERE A.id = B.auction AND B.date_time BETWEEN A.date_time AND A.expires
      GROUP BY A.id, A.category) Q
GROUP BY Q.category`,
  },
  tumble_100k_keys: {
    title: 'TUMBLE(10 s) COUNT(*), SUM(price) per key, key = price % 100000 (high-cardinality GROUP BY)',
    columns: [['k', 'int'], ['window_start', 'ts'], ['window_end', 'ts'], ['num', 'int'], ['total', 'int']],
    sql: `SELECT MOD(price, 100000) AS k, window_start, window_end, COUNT(*) AS num, SUM(price) AS total
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
GROUP BY MOD(price, 100000), window_start, window_end`,
  },
};

/** @type {readonly string[]} */
export const CASE_NAMES = Object.keys(CASES);

// Curves: how throughput moves with the number of distinct keys and with the number of windows per row.

/** Key domains of the key curve: TUMBLE(10 s) COUNT(*), SUM(price) per MOD(price, K). */
export const KEY_CURVE = [1_000, 100_000, 1_000_000];
/** size / slide of the HOP curve: HOP(slide 1 s, size r s) COUNT(*) per MOD(auction, 100). */
export const HOP_CURVE = [2, 5, 30, 60];
/** Groups of the HOP curve's query: few enough that output stays small whatever r, so only the
 * per-row cost shows (which panes keep at O(1) state updates per row, not O(size / slide)). */
export const HOP_CURVE_KEYS = 100;

const keyLabel = (k) => (k >= 1_000_000 ? `${k / 1_000_000}m` : `${k / 1000}k`);

/** Curve case name for a key domain, e.g. tumble_keys_1k (the 100k point is tumble_100k_keys). */
export const keyCurveCase = (k) => (k === KEY_DOMAIN ? 'tumble_100k_keys' : `tumble_keys_${keyLabel(k)}`);
/** Curve case name for a HOP size / slide ratio, e.g. hop_ratio_30. */
export const hopCurveCase = (r) => `hop_ratio_${r}`;

export const CURVE_CASES = {};
for (const k of KEY_CURVE) {
  if (k === KEY_DOMAIN) continue;
  CURVE_CASES[keyCurveCase(k)] = {
    title: `TUMBLE(10 s) COUNT(*), SUM(price) per key, key = price % ${k}`,
    columns: CASES.tumble_100k_keys.columns,
    sql: `SELECT MOD(price, ${k}) AS k, window_start, window_end, COUNT(*) AS num, SUM(price) AS total
FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(date_time), INTERVAL '10' SECOND))
GROUP BY MOD(price, ${k}), window_start, window_end`,
    keyDomain: k,
  };
}
for (const r of HOP_CURVE) {
  CURVE_CASES[hopCurveCase(r)] = {
    title: `HOP(slide 1 s, size ${r} s) COUNT(*) per auction % ${HOP_CURVE_KEYS}`,
    columns: [['k', 'int'], ['window_start', 'ts'], ['window_end', 'ts'], ['num', 'int']],
    sql: `SELECT MOD(auction, ${HOP_CURVE_KEYS}) AS k, window_start, window_end, COUNT(*) AS num
FROM TABLE(HOP(TABLE bid, DESCRIPTOR(date_time), INTERVAL '1' SECOND, INTERVAL '${r}' SECOND))
GROUP BY MOD(auction, ${HOP_CURVE_KEYS}), window_start, window_end`,
    slideMs: 1000,
    sizeMs: r * 1000,
  };
}

/** @type {readonly string[]} */
export const CURVE_CASE_NAMES = Object.keys(CURVE_CASES);

/** The case (main or curve), or an Error that lists the valid names. */
export function getCase(name) {
  const c = CASES[name] ?? CURVE_CASES[name];
  if (c === undefined) throw new Error(`unknown bench case '${name}'; cases: ${[...CASE_NAMES, ...CURVE_CASE_NAMES].join(', ')}`);
  return c;
}
