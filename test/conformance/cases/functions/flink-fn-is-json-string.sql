-- flink-fn-is-json-string  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/JsonFunctionsITCase.java :: JsonFunctionsITCase.isJsonSpec (commit 02f852263c85)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-is-json-string.sql --events flink-fn-is-json-string.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   f0 IS JSON  ->  true
--   f0 IS JSON VALUE  ->  true
--   f0 IS JSON SCALAR  ->  true
--   f0 IS JSON ARRAY  ->  false
--   f0 IS JSON OBJECT  ->  false
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. One case per TestSetSpec of isJsonSpec (each has its own data row).

CREATE SOURCE t (
  f0 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  f0 IS JSON AS c01,
  f0 IS JSON VALUE AS c02,
  f0 IS JSON SCALAR AS c03,
  f0 IS JSON ARRAY AS c04,
  f0 IS JSON OBJECT AS c05
FROM t;
