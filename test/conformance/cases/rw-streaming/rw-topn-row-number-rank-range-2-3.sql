-- rw-topn-row-number-rank-range-2-3  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/group_top_n/main.slt :: mv_with_lb (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-topn-row-number-rank-range-2-3.sql --events rw-topn-row-number-rank-range-2-3.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv_with_lb as
--   select x, y from (
--       select *, ROW_NUMBER() OVER (PARTITION BY x ORDER BY y) as rank from t
--   )
--   where rank <= 3 AND rank > 1;

CREATE SOURCE t (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_with_lb AS
SELECT x, y FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY x ORDER BY y) AS rank FROM t
)
WHERE rank <= 3 AND rank > 1;
