-- rw-append-only-global-agg  [group_agg]
-- from: risingwavelabs/risingwave e2e_test/streaming/append_only.slt :: mv5 (SimpleAgg) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-append-only-global-agg.sql --events rw-append-only-global-agg.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv5 as select sum(v1) as sum_v1, max(v2) as max_v2, min(v3) as min_v3 from t4;

CREATE SOURCE t4 (
  v1 FLOAT,
  v2 INT,
  v3 FLOAT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv5 AS SELECT sum(v1) AS sum_v1, max(v2) AS max_v2, min(v3) AS min_v3 FROM t4;
