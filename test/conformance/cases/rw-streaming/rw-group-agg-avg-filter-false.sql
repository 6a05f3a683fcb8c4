-- rw-group-agg-avg-filter-false  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/basic.slt :: mv5 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-group-agg-avg-filter-false.sql --events rw-group-agg-avg-filter-false.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv5 as select v2, avg(v1) filter (where false) as avg_v1 from t1 group by v2;

CREATE SOURCE t1 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv5 AS SELECT v2, avg(v1) FILTER (WHERE false) AS avg_v1 FROM t1 GROUP BY v2;
