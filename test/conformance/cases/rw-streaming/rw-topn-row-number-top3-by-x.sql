-- rw-topn-row-number-top3-by-x  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/group_top_n/main.slt :: mv (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-topn-row-number-top3-by-x.sql --events rw-topn-row-number-top3-by-x.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv as
--   select x, y from (
--       select *, ROW_NUMBER() OVER (PARTITION BY x ORDER BY y) as rank from t
--   )
--   where rank <= 3;

CREATE SOURCE t (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv AS
SELECT x, y FROM (
  SELECT *, ROW_NUMBER() OVER (PARTITION BY x ORDER BY y) AS rank FROM t
)
WHERE rank <= 3;
