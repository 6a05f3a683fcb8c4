-- flink-fn-is-json-text  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/JsonFunctionsITCase.java :: JsonFunctionsITCase.isJsonSpec (commit 02f852263c85)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-is-json-text.sql --events flink-fn-is-json-text.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   f0 IS JSON  ->  false
--   f0 IS NOT JSON  ->  true
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. One case per TestSetSpec of isJsonSpec (each has its own data row).

CREATE SOURCE t (
  f0 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  f0 IS JSON AS c01,
  f0 IS NOT JSON AS c02
FROM t;
