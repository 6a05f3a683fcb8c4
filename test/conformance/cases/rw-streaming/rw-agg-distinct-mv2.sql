-- rw-agg-distinct-mv2  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/aggregate/distinct_agg.slt :: mv2 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-agg-distinct-mv2.sql --events rw-agg-distinct-mv2.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv2 as select v2, count(distinct v1) as c_d_v1 from t group by v2;

CREATE SOURCE t (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv2 AS SELECT v2, count(DISTINCT v1) AS c_d_v1 FROM t GROUP BY v2;
