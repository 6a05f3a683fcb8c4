-- rw-topn-row-number-expr-partition-order  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/group_top_n/main.slt :: mv_with_expr_in_window (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-topn-row-number-expr-partition-order.sql --events rw-topn-row-number-expr-partition-order.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv_with_expr_in_window as
--   select x, y from (
--       select *, ROW_NUMBER() OVER (PARTITION BY x/2 ORDER BY 6-y, x) as rank from t
--   )
--   where rank <= 3;

CREATE SOURCE t (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_with_expr_in_window AS
SELECT x, y FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY x/2 ORDER BY 6-y, x) AS rank FROM t
)
WHERE rank <= 3;
