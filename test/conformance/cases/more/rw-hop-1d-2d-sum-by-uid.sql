-- rw-hop-1d-2d-sum-by-uid  [hop]
-- from: risingwavelabs/risingwave e2e_test/streaming/time_window.slt :: query on mv_hop_agg_3 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-hop-1d-2d-sum-by-uid.sql --events rw-hop-1d-2d-sum-by-uid.events.jsonl
-- compare: append
-- original query:
--   create materialized view mv_hop_agg_3 as
--   select uid, sum(v) as sum_v, window_start
--   from hop(t1, created_at, interval '1' day, interval '2' day)
--   group by window_start, uid;

CREATE SOURCE t1 (
  row_id INT,
  uid INT,
  v INT,
  created_at TIMESTAMP(3),
  WATERMARK FOR created_at AS created_at - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_hop_agg_3 AS
SELECT uid, sum(v) AS sum_v, window_start
FROM hop(t1, created_at, INTERVAL '1' DAY, INTERVAL '2' DAY)
GROUP BY window_start, uid;
