-- rw-append-only-group-agg-float-key  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/append_only.slt :: mv3 (HashAgg) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-append-only-group-agg-float-key.sql --events rw-append-only-group-agg-float-key.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv3 as select v3, sum(v1) as sum_v1, min(v1) as min_v1, max(v1) as max_v1 from t4 group by v3;

CREATE SOURCE t4 (
  v1 FLOAT,
  v2 INT,
  v3 FLOAT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv3 AS SELECT v3, sum(v1) AS sum_v1, min(v1) AS min_v1, max(v1) AS max_v1 FROM t4 GROUP BY v3;
