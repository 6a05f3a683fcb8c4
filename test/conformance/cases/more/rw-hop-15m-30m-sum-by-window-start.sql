-- rw-hop-15m-30m-sum-by-window-start  [hop]
-- from: risingwavelabs/risingwave e2e_test/streaming/time_window.slt :: query on mv_hop_agg_1 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-hop-15m-30m-sum-by-window-start.sql --events rw-hop-15m-30m-sum-by-window-start.events.jsonl
-- compare: append
-- original query:
--   create materialized view mv_hop_agg_1 as
--   select sum(v) as sum_v, window_start
--   from hop(t1, created_at, interval '15' minute, interval '30' minute)
--   group by window_start;

CREATE SOURCE t1 (
  row_id INT,
  uid INT,
  v INT,
  created_at TIMESTAMP(3),
  WATERMARK FOR created_at AS created_at - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_hop_agg_1 AS
SELECT sum(v) AS sum_v, window_start
FROM hop(t1, created_at, INTERVAL '15' MINUTE, INTERVAL '30' MINUTE)
GROUP BY window_start;
