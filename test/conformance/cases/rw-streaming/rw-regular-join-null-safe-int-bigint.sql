-- rw-regular-join-null-safe-int-bigint  [regular_join]
-- from: risingwavelabs/risingwave e2e_test/streaming/null_safe_equal_join.slt :: v (Null-safe join on unequal types) (commit 448c6570b1b)
-- license: Apache-2.0
-- run: npx --no tumbleql replay rw-regular-join-null-safe-int-bigint.sql --events rw-regular-join-null-safe-int-bigint.events.jsonl
-- compare: final_table
-- original query:
--   create materialized view v as select * from t1 join t2 on v1 IS NOT DISTINCT FROM v2;

CREATE SOURCE t1 (
  v1 INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE t2 (
  v2 BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS SELECT * FROM t1 JOIN t2 ON v1 IS NOT DISTINCT FROM v2;
