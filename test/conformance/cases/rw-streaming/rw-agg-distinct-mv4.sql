-- rw-agg-distinct-mv4  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/aggregate/distinct_agg.slt :: mv4 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-agg-distinct-mv4.sql --events rw-agg-distinct-mv4.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv4 as select v1, count(distinct v2) as c_d_v2, count(distinct v3) as c_d_v3, max(v2) as max_v2 from t group by v1;

CREATE SOURCE t (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv4 AS SELECT v1, count(DISTINCT v2) AS c_d_v2, count(DISTINCT v3) AS c_d_v3, max(v2) AS max_v2 FROM t GROUP BY v1;
