-- rw-group-agg-global-round-avg  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/extreme_null.slt :: mv2 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-group-agg-global-round-avg.sql --events rw-group-agg-global-round-avg.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv2 as select round(avg(v1), 1) as avg_v1, sum(v2) as sum_v2, count(v3) as count_v3 from t1;

CREATE SOURCE t1 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv2 AS SELECT round(avg(CAST(v1 AS DECIMAL(10, 2))), 1) AS avg_v1, sum(v2) AS sum_v2, count(v3) AS count_v3 FROM t1;
