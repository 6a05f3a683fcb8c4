-- rw-agg-distinct-mv3  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/aggregate/distinct_agg.slt :: mv3 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-agg-distinct-mv3.sql --events rw-agg-distinct-mv3.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv3 as select v2, count(distinct v1) as c_d_v1, max(v3) as max_v3 from t group by v2;

CREATE SOURCE t (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv3 AS SELECT v2, count(DISTINCT v1) AS c_d_v1, max(v3) AS max_v3 FROM t GROUP BY v2;
