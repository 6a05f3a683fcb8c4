-- rw-topn-rank-top3-ties  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/group_top_n/main.slt :: mv_rank (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-topn-rank-top3-ties.sql --events rw-topn-rank-top3-ties.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv_rank as
--   select x, y from (
--       select *, RANK() OVER (PARTITION BY x ORDER BY y) as rank from t
--   )
--   where rank <= 3;

CREATE SOURCE t (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_rank AS
SELECT x, y FROM (
  SELECT *, RANK() OVER (PARTITION BY x ORDER BY y) AS rank FROM t
)
WHERE rank <= 3;
