-- rw-order-by-nulls-last-limit-1  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/order_by.slt :: mv6 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-order-by-nulls-last-limit-1.sql --events rw-order-by-nulls-last-limit-1.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv6 as select * from t1 order by v1 nulls last limit 1;

CREATE SOURCE t1 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv6 AS SELECT * FROM t1 ORDER BY v1 NULLS LAST LIMIT 1;
