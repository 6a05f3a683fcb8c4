-- flink-fn-json-exists-on-error  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/JsonFunctionsITCase.java :: JsonFunctionsITCase.jsonExistsSpec (commit 02f852263c85)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-json-exists-on-error.sql --events flink-fn-json-exists-on-error.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   JSON_EXISTS(f0, 'strict $.invalid' TRUE ON ERROR)  ->  true
--   JSON_EXISTS(f0, 'strict $.invalid' FALSE ON ERROR)  ->  false
--   JSON_EXISTS(f0, 'strict $.invalid' UNKNOWN ON ERROR)  ->  null
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. f0 is the test resource /json/json-exists.json. The ERROR ON ERROR assertion (a runtime error in Flink) is left out.

CREATE SOURCE t (
  f0 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  JSON_EXISTS(f0, 'strict $.invalid' TRUE ON ERROR) AS c01,
  JSON_EXISTS(f0, 'strict $.invalid' FALSE ON ERROR) AS c02,
  JSON_EXISTS(f0, 'strict $.invalid' UNKNOWN ON ERROR) AS c03
FROM t;
