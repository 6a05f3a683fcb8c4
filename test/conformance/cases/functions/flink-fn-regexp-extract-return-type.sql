-- flink-fn-regexp-extract-return-type  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/StringFunctionsITCase.java :: StringFunctionsITCase.regexpExtractTestCases (commit 0665b6c219cc)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-regexp-extract-return-type.sql --events flink-fn-regexp-extract-return-type.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   REGEXP_EXTRACT(f0,'[A-Z]+')  ->  null
--   REGEXP_EXTRACT(f1, '[A-Z]+')  ->  "ABC"
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out.

CREATE SOURCE t (
  f0 STRING,
  f1 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  REGEXP_EXTRACT(f0,'[A-Z]+') AS c01,
  REGEXP_EXTRACT(f1, '[A-Z]+') AS c02
FROM t;
