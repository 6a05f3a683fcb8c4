-- rw-append-only-order-by-limit-offset  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/append_only.slt :: mv4 (TopN) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-append-only-order-by-limit-offset.sql --events rw-append-only-order-by-limit-offset.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv4 as select v1, v3 from t4 order by v1 limit 3 offset 3;

CREATE SOURCE t4 (
  v1 FLOAT,
  v2 INT,
  v3 FLOAT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv4 AS SELECT v1, v3 FROM t4 ORDER BY v1 LIMIT 3 OFFSET 3;
