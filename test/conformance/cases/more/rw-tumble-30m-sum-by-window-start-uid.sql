-- rw-tumble-30m-sum-by-window-start-uid  [tumble]
-- from: risingwavelabs/risingwave e2e_test/streaming/time_window.slt :: query on mv_tumble_agg_2 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-tumble-30m-sum-by-window-start-uid.sql --events rw-tumble-30m-sum-by-window-start-uid.events.jsonl
-- compare: append
-- original query:
--   create materialized view mv_tumble_agg_2 as
--   select uid, sum(v) as sum_v, window_start
--   from tumble(t1, created_at, interval '30' minute)
--   group by window_start, uid;

CREATE SOURCE t1 (
  row_id INT,
  uid INT,
  v INT,
  created_at TIMESTAMP(3),
  WATERMARK FOR created_at AS created_at - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_tumble_agg_2 AS
SELECT uid, sum(v) AS sum_v, window_start
FROM tumble(t1, created_at, INTERVAL '30' MINUTE)
GROUP BY window_start, uid;
