-- rw-group-agg-float-nulls-by-v3  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/extreme_null.slt :: mv3 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-group-agg-float-nulls-by-v3.sql --events rw-group-agg-float-nulls-by-v3.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv3 as select sum(v1) as sum_v1, min(v1) as min_v1, max(v1) as max_v1, v3 from t4 group by v3;

CREATE SOURCE t4 (
  v1 FLOAT,
  v2 INT,
  v3 FLOAT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv3 AS SELECT sum(v1) AS sum_v1, min(v1) AS min_v1, max(v1) AS max_v1, v3 FROM t4 GROUP BY v3;
