-- rw-topn-rank-order-by-partition-key  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/group_top_n/main.slt :: mv_rank_order_group_same_key (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-topn-rank-order-by-partition-key.sql --events rw-topn-rank-order-by-partition-key.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv_rank_order_group_same_key as
--   SELECT x, y FROM (
--       SELECT *, rank() over (partition by x order by x) as rank FROM t
--   )
--   WHERE rank <=1;

CREATE SOURCE t (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_rank_order_group_same_key AS
SELECT x, y FROM (
  SELECT *, rank() OVER (PARTITION BY x ORDER BY x) AS rank FROM t
)
WHERE rank <= 1;
