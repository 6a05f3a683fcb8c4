-- rw-window-topn-tumble-10m-top3-agg  [window_topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/group_top_n/main.slt :: Window Top-N which follows after Window Aggregation (mv) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-window-topn-tumble-10m-top3-agg.sql --events rw-window-topn-tumble-10m-top3-agg.events.jsonl
-- compare: append
-- original query:
--   CREATE MATERIALIZED VIEW mv as
--   SELECT window_start, window_end, supplier_id, price, cnt
--   FROM (
--       SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) as rownum
--       FROM (
--       SELECT window_start, window_end, supplier_id, SUM(price) as price, COUNT(*) as cnt
--       FROM
--           TUMBLE(Bid, bidtime, INTERVAL '10' MINUTE)
--       GROUP BY window_start, window_end, supplier_id
--       )
--   ) WHERE rownum <= 3;

CREATE SOURCE Bid (
  bidtime TIMESTAMP(3),
  price BIGINT,
  item STRING,
  supplier_id STRING,
  WATERMARK FOR bidtime AS bidtime - INTERVAL '0' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv AS
SELECT window_start, window_end, supplier_id, price, cnt
FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY window_start, window_end ORDER BY price DESC) AS rownum
  FROM (
    SELECT window_start, window_end, supplier_id, SUM(price) AS price, COUNT(*) AS cnt
    FROM TABLE(TUMBLE(TABLE Bid, DESCRIPTOR(bidtime), INTERVAL '10' MINUTE))
    GROUP BY window_start, window_end, supplier_id
  )
) WHERE rownum <= 3;
