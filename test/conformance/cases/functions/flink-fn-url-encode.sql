-- flink-fn-url-encode  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/UrlFunctionsITCase.java :: UrlFunctionsITCase (URL_ENCODE spec) (commit 0e912fc6d5f0)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-url-encode.sql --events flink-fn-url-encode.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   url_encode(f0)  ->  "https%3A%2F%2Fflink.apache.org%2F"
--   url_encode(f1)  ->  "https%253A%252F%252Fflink.apache.org%252F"
--   url_encode(f2)  ->  null
--   url_encode(f3)  ->  "inva+lid%3A%2F%2Fuser%3Apass%40host%2Ffile%3Bparam%3Fquery%3Bp2"
--   url_encode(f4)  ->  ""
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out.

CREATE SOURCE t (
  f0 STRING,
  f1 STRING,
  f2 STRING,
  f3 STRING,
  f4 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  url_encode(f0) AS c01,
  url_encode(f1) AS c02,
  url_encode(f2) AS c03,
  url_encode(f3) AS c04,
  url_encode(f4) AS c05
FROM t;
