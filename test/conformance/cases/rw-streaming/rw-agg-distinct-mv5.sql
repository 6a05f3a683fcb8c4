-- rw-agg-distinct-mv5  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/aggregate/distinct_agg.slt :: mv5 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-agg-distinct-mv5.sql --events rw-agg-distinct-mv5.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv5 as select v1, count(distinct v2) as c_d_v2, min(distinct v2) as min_d_v2, count(distinct v3) as c_d_v3, max(v3) as max_v3 from t group by v1;

CREATE SOURCE t (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv5 AS SELECT v1, count(DISTINCT v2) AS c_d_v2, min(DISTINCT v2) AS min_d_v2, count(DISTINCT v3) AS c_d_v3, max(v3) AS max_v3 FROM t GROUP BY v1;
