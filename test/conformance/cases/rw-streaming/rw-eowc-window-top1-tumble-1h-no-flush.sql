-- rw-eowc-window-top1-tumble-1h-no-flush  [window_topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/eowc/eowc_group_top_n.slt :: mv (emit on window close) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-eowc-window-top1-tumble-1h-no-flush.sql --events rw-eowc-window-top1-tumble-1h-no-flush.events.jsonl --no-flush
-- compare: append
-- original query:
--   create materialized view mv as
--   select window_start, foo
--   from (
--       select
--           *, row_number() over (partition by window_start order by foo) as rownum
--       from tumble(t, tm, interval '1 hour')
--   )
--   where rownum <= 1
--   emit on window close;

CREATE SOURCE t (
  tm TIMESTAMP(3),
  foo INT,
  WATERMARK FOR tm AS tm - INTERVAL '5' MINUTE
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv AS
SELECT window_start, foo
FROM (
  SELECT
    *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY foo) AS rownum
  FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(tm), INTERVAL '1' HOUR))
)
WHERE rownum <= 1;
