-- rw-hop-15m-30m-offset-13m-rows  [hop_offset]
-- from: risingwavelabs/risingwave e2e_test/batch/basic/time_window.slt.part :: select row_id, uid, created_at, window_start, window_end from hop(t1, created_at, interval '15' minute, interval '30' minute, interval '13' minute) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-hop-15m-30m-offset-13m-rows.sql --events rw-hop-15m-30m-offset-13m-rows.events.jsonl
-- compare: append
-- original query:
--   select row_id, uid, created_at, window_start, window_end
--   from hop(t1, created_at, interval '15' minute, interval '30' minute, interval '13' minute) order by row_id, window_start;

CREATE SOURCE t1 (
  row_id INT,
  uid INT,
  v INT,
  created_at TIMESTAMP(3),
  WATERMARK FOR created_at AS created_at - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW w AS
SELECT row_id, uid, created_at, window_start, window_end
FROM TABLE(HOP(TABLE t1, DESCRIPTOR(created_at), INTERVAL '15' MINUTE, INTERVAL '30' MINUTE, INTERVAL '13' MINUTE));
