-- rw-append-only-inner-join  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/append_only.slt :: mv1 (Inner join) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-append-only-inner-join.sql --events rw-append-only-inner-join.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view mv1 as select t1.v1 as id, v2, v3 from t1 join t2 on t1.v1=t2.v1;

CREATE SOURCE t1 (
  v1 INT,
  v2 INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t2 (
  v1 INT,
  v3 INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW mv1 AS SELECT t1.v1 AS id, v2, v3 FROM t1 JOIN t2 ON t1.v1 = t2.v1;
