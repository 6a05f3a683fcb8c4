-- flink-fn-url-decode  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/UrlFunctionsITCase.java :: UrlFunctionsITCase (URL_DECODE spec) (commit 0e912fc6d5f0)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-url-decode.sql --events flink-fn-url-decode.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   url_decode(f0)  ->  "https://flink.apache.org/"
--   url_decode(f1)  ->  "https://flink.apache.org/"
--   url_decode(f2)  ->  null
--   url_decode(f3)  ->  "inva lid://user:pass@host/file;param?query;p2"
--   url_decode(f4)  ->  ""
--   url_decode(f5)  ->  null
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. URL_DECODE_RECURSIVE (another spec of the file) is not built and not vendored.

CREATE SOURCE t (
  f0 STRING,
  f1 STRING,
  f2 STRING,
  f3 STRING,
  f4 STRING,
  f5 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  url_decode(f0) AS c01,
  url_decode(f1) AS c02,
  url_decode(f2) AS c03,
  url_decode(f3) AS c04,
  url_decode(f4) AS c05,
  url_decode(f5) AS c06
FROM t;
