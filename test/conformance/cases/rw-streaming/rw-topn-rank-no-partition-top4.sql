-- rw-topn-rank-no-partition-top4  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/group_top_n/main.slt :: mv_rank_no_group (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-topn-rank-no-partition-top4.sql --events rw-topn-rank-no-partition-top4.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv_rank_no_group as
--   select x, y from (
--       select *, RANK() OVER (ORDER BY y) as rank from t
--   )
--   where rank <= 4;

CREATE SOURCE t (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv_rank_no_group AS
SELECT x, y FROM (
  SELECT *, RANK() OVER (ORDER BY y) AS rank FROM t
)
WHERE rank <= 4;
