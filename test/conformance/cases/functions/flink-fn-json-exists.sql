-- flink-fn-json-exists  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/JsonFunctionsITCase.java :: JsonFunctionsITCase.jsonExistsSpec (commit 02f852263c85)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-json-exists.sql --events flink-fn-json-exists.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   JSON_EXISTS(CAST(NULL AS STRING), 'lax $')  ->  null
--   JSON_EXISTS(f0, 'lax $')  ->  true
--   JSON_EXISTS(f0, 'lax $.type')  ->  true
--   JSON_EXISTS(f0, 'lax $.author.address.city')  ->  true
--   JSON_EXISTS(f0, 'lax $.metadata.tags[0]')  ->  true
--   JSON_EXISTS(f0, 'lax $.metadata.tags[3]')  ->  false
--   JSON_EXISTS(f0, 'lax $.metadata.references[0].url')  ->  true
--   JSON_EXISTS(f0, 'lax $.metadata.references[0].invalid')  ->  false
--   JSON_EXISTS(f0, '$.items[*]')  ->  false
--   JSON_EXISTS(f0, '$.metadata.tags[*]')  ->  true
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. f0 is the test resource /json/json-exists.json (same commit). The assertions with an ON ERROR clause are left out (the clause is not parsed; the default FALSE ON ERROR is what the others use).

CREATE SOURCE t (
  f0 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  JSON_EXISTS(CAST(NULL AS STRING), 'lax $') AS c01,
  JSON_EXISTS(f0, 'lax $') AS c02,
  JSON_EXISTS(f0, 'lax $.type') AS c03,
  JSON_EXISTS(f0, 'lax $.author.address.city') AS c04,
  JSON_EXISTS(f0, 'lax $.metadata.tags[0]') AS c05,
  JSON_EXISTS(f0, 'lax $.metadata.tags[3]') AS c06,
  JSON_EXISTS(f0, 'lax $.metadata.references[0].url') AS c07,
  JSON_EXISTS(f0, 'lax $.metadata.references[0].invalid') AS c08,
  JSON_EXISTS(f0, '$.items[*]') AS c09,
  JSON_EXISTS(f0, '$.metadata.tags[*]') AS c10
FROM t;
