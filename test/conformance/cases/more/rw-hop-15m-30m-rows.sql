-- rw-hop-15m-30m-rows  [window_tvf]
-- from: risingwavelabs/risingwave e2e_test/streaming/time_window.slt :: query on mv_hop (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-hop-15m-30m-rows.sql --events rw-hop-15m-30m-rows.events.jsonl
-- compare: append
-- original query:
--   create materialized view mv_hop as
--   select * from hop(t1, created_at, interval '15' minute, interval '30' minute);
--   -- queried as: select row_id, uid, created_at, window_start, window_end from mv_hop order by row_id, window_start;

CREATE SOURCE t1 (
  row_id INT,
  uid INT,
  v INT,
  created_at TIMESTAMP(3),
  WATERMARK FOR created_at AS created_at - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_hop AS
SELECT row_id, uid, created_at, window_start, window_end
FROM hop(t1, created_at, INTERVAL '15' MINUTE, INTERVAL '30' MINUTE);
