-- rw-order-by-limit-3  [topn]
-- from: risingwavelabs/risingwave e2e_test/streaming/order_by.slt :: mv2 (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-order-by-limit-3.sql --events rw-order-by-limit-3.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv2 as select * from t1 order by v1 limit 3;

CREATE SOURCE t1 (
  v1 INT,
  v2 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv2 AS SELECT * FROM t1 ORDER BY v1 LIMIT 3;
