-- rw-eowc-tumble-1h-max-no-flush  [eowc]
-- from: risingwavelabs/risingwave e2e_test/streaming/eowc/eowc_group_agg.slt :: mv (emit on window close) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-eowc-tumble-1h-max-no-flush.sql --events rw-eowc-tumble-1h-max-no-flush.events.jsonl --no-flush
-- compare: append
-- original query:
--   create materialized view mv as
--   select
--       window_start, max(foo)
--   from tumble(t, tm, interval '1 hour')
--   group by window_start
--   emit on window close;

CREATE SOURCE t (
  tm TIMESTAMP(3),
  foo INT,
  WATERMARK FOR tm AS tm - INTERVAL '5' MINUTE
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv AS
SELECT
  window_start, MAX(foo) AS max_foo
FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(tm), INTERVAL '1' HOUR))
GROUP BY window_start;
