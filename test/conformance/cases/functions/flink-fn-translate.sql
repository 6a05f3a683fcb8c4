-- flink-fn-translate  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/StringFunctionsITCase.java :: StringFunctionsITCase.translateTestCases (commit 0665b6c219cc)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-translate.sql --events flink-fn-translate.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   TRANSLATE(f0, 'abc', '123')  ->  null
--   TRANSLATE(f1, f0, '123')  ->  "www.apache.org"
--   TRANSLATE(f1, 'abc', f0)  ->  "www.phe.org"
--   TRANSLATE(f2, 'abc', '123')  ->  ""
--   TRANSLATE(f1, f2, '123')  ->  "www.apache.org"
--   TRANSLATE(f1, 'abc', f2)  ->  "www.phe.org"
--   TRANSLATE(f1, 'abcde', '123')  ->  "www.1p13h.org"
--   TRANSLATE(f1, 'abcde.', '123')  ->  "www1p13horg"
--   TRANSLATE(f1, 'abc', '12345')  ->  "www.1p13he.org"
--   TRANSLATE(f1, 'abcae', '12345')  ->  "www.1p13h5.org"
--   TRANSLATE(f1, '...', '123')  ->  "www1apache1org"
--   TRANSLATE(f1, 'ABCDE', '12345')  ->  "www.apache.org"
--   TRANSLATE(f3, '翻译测试test，', '测试翻译tset。')  ->  "测试tset。翻译"
--   TRANSLATE(f3, '翻译测试test，', 'test翻译  ')  ->  "te翻译 翻st"
--   TRANSLATE(f4, '.😀', '😀.')  ->  "www😀.😀org"
--   TRANSLATE(f4, '😀w', '笑α')  ->  "ααα.笑.org"
--   TRANSLATE('www.apache.org', 'abc', '123')  ->  "www.1p13he.org"
--   TRANSLATE(TRANSLATE('www.apache.org', 'abc', '123'), 'abc', '123')  ->  "www.1p13he.org"
--   TRANSLATE(f1, 'abc', '123')  ->  "www.1p13he.org"
--   TRANSLATE(f1, 'abc', 'ABC')  ->  "www.ApAChe.org"
--   TRANSLATE(f1, 'abcworg', '123 ')  ->  "   .1p13he."
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
  TRANSLATE(f0, 'abc', '123') AS c01,
  TRANSLATE(f1, f0, '123') AS c02,
  TRANSLATE(f1, 'abc', f0) AS c03,
  TRANSLATE(f2, 'abc', '123') AS c04,
  TRANSLATE(f1, f2, '123') AS c05,
  TRANSLATE(f1, 'abc', f2) AS c06,
  TRANSLATE(f1, 'abcde', '123') AS c07,
  TRANSLATE(f1, 'abcde.', '123') AS c08,
  TRANSLATE(f1, 'abc', '12345') AS c09,
  TRANSLATE(f1, 'abcae', '12345') AS c10,
  TRANSLATE(f1, '...', '123') AS c11,
  TRANSLATE(f1, 'ABCDE', '12345') AS c12,
  TRANSLATE(f3, '翻译测试test，', '测试翻译tset。') AS c13,
  TRANSLATE(f3, '翻译测试test，', 'test翻译  ') AS c14,
  TRANSLATE(f4, '.😀', '😀.') AS c15,
  TRANSLATE(f4, '😀w', '笑α') AS c16,
  TRANSLATE('www.apache.org', 'abc', '123') AS c17,
  TRANSLATE(TRANSLATE('www.apache.org', 'abc', '123'), 'abc', '123') AS c18,
  TRANSLATE(f1, 'abc', '123') AS c19,
  TRANSLATE(f1, 'abc', 'ABC') AS c20,
  TRANSLATE(f1, 'abcworg', '123 ') AS c21
FROM t;
