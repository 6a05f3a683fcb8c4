-- flink-fn-json-query-conditional  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/JsonFunctionsITCase.java :: JsonFunctionsITCase.jsonQuerySpec (commit 02f852263c85)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-json-query-conditional.sql --events flink-fn-json-query-conditional.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   JSON_QUERY(f0, '$.b' WITH CONDITIONAL WRAPPER)  ->  "[1,2]"
--   JSON_QUERY(f0, '$.a' WITH CONDITIONAL WRAPPER)  ->  "[\"[1,2]\"]"
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. The second TestSetSpec of jsonQuerySpec. The RETURNING ARRAY<...> assertions are left out (JSON_QUERY returns text only in tumbleql).

CREATE SOURCE t (
  f0 STRING,
  f1 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  JSON_QUERY(f0, '$.b' WITH CONDITIONAL WRAPPER) AS c01,
  JSON_QUERY(f0, '$.a' WITH CONDITIONAL WRAPPER) AS c02
FROM t;
