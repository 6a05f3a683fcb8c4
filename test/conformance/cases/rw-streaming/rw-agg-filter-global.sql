-- rw-agg-filter-global  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/aggregate/selective_agg.slt :: mv1 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-agg-filter-global.sql --events rw-agg-filter-global.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv1 as select count(x) filter (where x < 100) as count_x, sum(y) filter (where y < 100) as sum_y from t;

CREATE SOURCE t (
  x INT,
  y INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv1 AS SELECT count(x) FILTER (WHERE x < 100) AS count_x, sum(y) FILTER (WHERE y < 100) AS sum_y FROM t;
