-- rw-tumble-30m-offset-13m-sum-by-window-start-uid  [tumble_offset]
-- from: risingwavelabs/risingwave e2e_test/batch/basic/time_window.slt.part :: select uid, sum(v), window_start from tumble(t1, created_at, interval '30' minute, interval '13' minute) group by window_start, uid (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-tumble-30m-offset-13m-sum-by-window-start-uid.sql --events rw-tumble-30m-offset-13m-sum-by-window-start-uid.events.jsonl
-- compare: append
-- original query:
--   select uid, sum(v), window_start
--   from tumble(t1, created_at, interval '30' minute, interval '13' minute)
--   group by window_start, uid order by window_start, uid;

CREATE SOURCE t1 (
  row_id INT,
  uid INT,
  v INT,
  created_at TIMESTAMP(3),
  WATERMARK FOR created_at AS created_at - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW w AS
SELECT uid, sum(v) AS sum_v, window_start
FROM TABLE(TUMBLE(TABLE t1, DESCRIPTOR(created_at), INTERVAL '30' MINUTE, INTERVAL '13' MINUTE))
GROUP BY window_start, uid;
