-- flink-fn-json-query-wrapper  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/JsonFunctionsITCase.java :: JsonFunctionsITCase.jsonQuerySpec (commit 02f852263c85)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-json-query-wrapper.sql --events flink-fn-json-query-wrapper.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   JSON_QUERY(f0, '$.a1' WITHOUT WRAPPER)  ->  "[]"
--   JSON_QUERY(f0, '$.a1' WITH CONDITIONAL WRAPPER)  ->  "[]"
--   JSON_QUERY(f0, '$.o1' WITH CONDITIONAL WRAPPER)  ->  "[{}]"
--   JSON_QUERY(f0, '$.a1' WITH UNCONDITIONAL WRAPPER)  ->  "[[]]"
--   JSON_QUERY(f0, '$.n1' WITH CONDITIONAL WRAPPER)  ->  "[1]"
--   JSON_QUERY(f0, '$.s1' WITH CONDITIONAL WRAPPER)  ->  "[\"Test\"]"
--   JSON_QUERY(f0, 'lax $.err1' NULL ON EMPTY)  ->  null
--   JSON_QUERY(f0, 'lax $.err2' EMPTY ARRAY ON EMPTY)  ->  "[]"
--   JSON_QUERY(f0, 'lax $.err3' EMPTY OBJECT ON EMPTY)  ->  "{}"
--   JSON_QUERY(f0, 'strict $.err6' NULL ON ERROR)  ->  null
--   JSON_QUERY(f0, 'strict $.err7' EMPTY ARRAY ON ERROR)  ->  "[]"
--   JSON_QUERY(f0, 'strict $.err8' EMPTY OBJECT ON ERROR)  ->  "{}"
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. The fourth TestSetSpec of jsonQuerySpec; f0 is the test resource /json/json-query.json. The ERROR ON EMPTY / ERROR ON ERROR assertions (runtime errors in Flink) are left out.

CREATE SOURCE t (
  f0 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  JSON_QUERY(f0, '$.a1' WITHOUT WRAPPER) AS c01,
  JSON_QUERY(f0, '$.a1' WITH CONDITIONAL WRAPPER) AS c02,
  JSON_QUERY(f0, '$.o1' WITH CONDITIONAL WRAPPER) AS c03,
  JSON_QUERY(f0, '$.a1' WITH UNCONDITIONAL WRAPPER) AS c04,
  JSON_QUERY(f0, '$.n1' WITH CONDITIONAL WRAPPER) AS c05,
  JSON_QUERY(f0, '$.s1' WITH CONDITIONAL WRAPPER) AS c06,
  JSON_QUERY(f0, 'lax $.err1' NULL ON EMPTY) AS c07,
  JSON_QUERY(f0, 'lax $.err2' EMPTY ARRAY ON EMPTY) AS c08,
  JSON_QUERY(f0, 'lax $.err3' EMPTY OBJECT ON EMPTY) AS c09,
  JSON_QUERY(f0, 'strict $.err6' NULL ON ERROR) AS c10,
  JSON_QUERY(f0, 'strict $.err7' EMPTY ARRAY ON ERROR) AS c11,
  JSON_QUERY(f0, 'strict $.err8' EMPTY OBJECT ON ERROR) AS c12
FROM t;
