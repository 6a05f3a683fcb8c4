-- flink-fn-json-value-returning  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/JsonFunctionsITCase.java :: JsonFunctionsITCase.jsonValueSpec (commit 02f852263c85)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-json-value-returning.sql --events flink-fn-json-value-returning.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   JSON_VALUE(f0, '$.activated' RETURNING BOOLEAN)  ->  true
--   JSON_VALUE(f0, '$.age' RETURNING INT)  ->  42
--   JSON_VALUE(f0, '$.balance' RETURNING DOUBLE)  ->  13.37
--   JSON_VALUE(f0, '$.age' RETURNING BIGINT)  ->  42
--   JSON_VALUE(f0, '$.bigCount' RETURNING BIGINT)  ->  9999999999
--   JSON_VALUE(f0, '$.balance' RETURNING DECIMAL(10, 2))  ->  "13.37"
--   JSON_VALUE(f0, 'lax $.invalid' RETURNING INTEGER DEFAULT 42 ON EMPTY ERROR ON ERROR)  ->  42
--   JSON_VALUE(f0, '$.nullField' RETURNING INTEGER)  ->  null
--   JSON_VALUE(f0, '$.bigCount' RETURNING INTEGER)  ->  null
--   JSON_VALUE(f0, '$.balance' RETURNING INTEGER)  ->  13
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. f0 is the test resource /json/json-value.json. The RETURNING / DEFAULT ... ON EMPTY assertions of jsonValueSpec.

CREATE SOURCE t (
  f0 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  JSON_VALUE(f0, '$.activated' RETURNING BOOLEAN) AS c01,
  JSON_VALUE(f0, '$.age' RETURNING INT) AS c02,
  JSON_VALUE(f0, '$.balance' RETURNING DOUBLE) AS c03,
  JSON_VALUE(f0, '$.age' RETURNING BIGINT) AS c04,
  JSON_VALUE(f0, '$.bigCount' RETURNING BIGINT) AS c05,
  JSON_VALUE(f0, '$.balance' RETURNING DECIMAL(10, 2)) AS c06,
  JSON_VALUE(f0, 'lax $.invalid' RETURNING INTEGER DEFAULT 42 ON EMPTY ERROR ON ERROR) AS c07,
  JSON_VALUE(f0, '$.nullField' RETURNING INTEGER) AS c08,
  JSON_VALUE(f0, '$.bigCount' RETURNING INTEGER) AS c09,
  JSON_VALUE(f0, '$.balance' RETURNING INTEGER) AS c10
FROM t;
