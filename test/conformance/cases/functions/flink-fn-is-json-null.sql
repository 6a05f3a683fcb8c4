-- flink-fn-is-json-null  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/JsonFunctionsITCase.java :: JsonFunctionsITCase.isJsonSpec (commit 02f852263c85)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-is-json-null.sql --events flink-fn-is-json-null.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   f0 IS JSON  ->  null
--   f0 IS NOT JSON  ->  null
--   f0 IS JSON VALUE  ->  null
--   f0 IS NOT JSON VALUE  ->  null
--   f0 IS JSON SCALAR  ->  null
--   f0 IS NOT JSON SCALAR  ->  null
--   f0 IS JSON ARRAY  ->  null
--   f0 IS NOT JSON ARRAY  ->  null
--   f0 IS JSON OBJECT  ->  null
--   f0 IS NOT JSON OBJECT  ->  null
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. One case per TestSetSpec of isJsonSpec (each has its own data row).

CREATE SOURCE t (
  f0 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  f0 IS JSON AS c01,
  f0 IS NOT JSON AS c02,
  f0 IS JSON VALUE AS c03,
  f0 IS NOT JSON VALUE AS c04,
  f0 IS JSON SCALAR AS c05,
  f0 IS NOT JSON SCALAR AS c06,
  f0 IS JSON ARRAY AS c07,
  f0 IS NOT JSON ARRAY AS c08,
  f0 IS JSON OBJECT AS c09,
  f0 IS NOT JSON OBJECT AS c10
FROM t;
