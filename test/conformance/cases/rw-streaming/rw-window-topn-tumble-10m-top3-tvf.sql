-- rw-window-topn-tumble-10m-top3-tvf  [window_topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/group_top_n/main.slt :: Window Top-N follows directly after Window TVF (mv) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-window-topn-tumble-10m-top3-tvf.sql --events rw-window-topn-tumble-10m-top3-tvf.events.jsonl
-- compare: append
-- original query:
--   CREATE MATERIALIZED VIEW mv as
--   SELECT window_start, window_end, item, price
--   FROM (
--       SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) as rownum
--       FROM
--           TUMBLE(Bid, bidtime, INTERVAL '10' MINUTE)
--   ) WHERE rownum <= 3;

CREATE SOURCE Bid (
  bidtime TIMESTAMP(3),
  price BIGINT,
  item STRING,
  supplier_id STRING,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv AS
SELECT window_start, window_end, item, price
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rownum
  FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
) WHERE rownum <= 3;
