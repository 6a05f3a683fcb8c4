-- rw-agg-distinct-mv1  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/aggregate/distinct_agg.slt :: mv1 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-agg-distinct-mv1.sql --events rw-agg-distinct-mv1.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv1 as select count(distinct v1) as c_d_v1 from t;

CREATE SOURCE t (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv1 AS SELECT count(DISTINCT v1) AS c_d_v1 FROM t;
