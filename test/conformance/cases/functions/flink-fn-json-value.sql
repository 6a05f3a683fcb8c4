-- flink-fn-json-value  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/JsonFunctionsITCase.java :: JsonFunctionsITCase.jsonValueSpec (commit 02f852263c85)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-json-value.sql --events flink-fn-json-value.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   JSON_VALUE(CAST(NULL AS STRING), 'lax $')  ->  null
--   JSON_VALUE(f0, '$.longBalance')  ->  "123456789.987654321"
--   JSON_VALUE(f0, '$.balance')  ->  "13.37"
--   JSON_VALUE(f0, '$.type')  ->  "account"
--   JSON_VALUE(f0, '$.age')  ->  "42"
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. f0 is the test resource /json/json-value.json (same commit). Only the assertions without RETURNING / ON EMPTY / ON ERROR clauses (not parsed) and over the STRING field (the BYTES and ROW fields are not types here) are vendored; the two-column assertion "JSON_VALUE(f0, '$.type'), JSON_VALUE(f0, '$.age')" is columns c04 and c05.

CREATE SOURCE t (
  f0 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  JSON_VALUE(CAST(NULL AS STRING), 'lax $') AS c01,
  JSON_VALUE(f0, '$.longBalance') AS c02,
  JSON_VALUE(f0, '$.balance') AS c03,
  JSON_VALUE(f0, '$.type') AS c04,
  JSON_VALUE(f0, '$.age') AS c05
FROM t;
