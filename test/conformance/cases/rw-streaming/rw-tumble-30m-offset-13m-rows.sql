-- rw-tumble-30m-offset-13m-rows  [tumble_offset]
-- from: risingwavelabs/risingwave e2e_test/batch/basic/time_window.slt.part :: select row_id, uid, created_at, window_start, window_end from tumble(t1, created_at, interval '30' minute, interval '13' minute) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-tumble-30m-offset-13m-rows.sql --events rw-tumble-30m-offset-13m-rows.events.jsonl
-- compare: append
-- original query:
--   select row_id, uid, created_at, window_start, window_end
--   from tumble(t1, created_at, interval '30' minute, interval '13' minute) order by row_id, window_start;

CREATE SOURCE t1 (
  row_id INT,
  uid INT,
  v INT,
  created_at TIMESTAMP(3),
  WATERMARK FOR created_at AS created_at - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW w AS
SELECT row_id, uid, created_at, window_start, window_end
FROM TABLE(TUMBLE(TABLE t1, DESCRIPTOR(created_at), INTERVAL '30' MINUTE, INTERVAL '13' MINUTE));
