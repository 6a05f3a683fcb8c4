-- flink-fn-regexp-count  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/RegexpFunctionsITCase.java :: RegexpFunctionsITCase.regexpCountTestCases (commit 0d53a4798b33)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-regexp-count.sql --events flink-fn-regexp-count.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   REGEXP_COUNT(f0, f1)  ->  null
--   REGEXP_COUNT(f1, f0)  ->  null
--   REGEXP_COUNT(f1, '(')  ->  null
--   REGEXP_COUNT('hello world! Hello everyone!', 'Hello')  ->  1
--   REGEXP_COUNT('abcabcabc', 'abcab')  ->  1
--   REGEXP_COUNT('abcd', 'z')  ->  0
--   REGEXP_COUNT('^abc', '\^abc')  ->  1
--   REGEXP_COUNT('a.b.c.d', '\.')  ->  3
--   REGEXP_COUNT('a*b*c*d', '\*')  ->  3
--   REGEXP_COUNT('abc123xyz456', '\d')  ->  6
--   REGEXP_COUNT('Helloworld! Hello everyone!', '\bHello\b')  ->  1
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. Java string escapes are undone ('\\d' in the Java source is '\d' in SQL).

CREATE SOURCE t (
  f0 STRING,
  f1 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  REGEXP_COUNT(f0, f1) AS c01,
  REGEXP_COUNT(f1, f0) AS c02,
  REGEXP_COUNT(f1, '(') AS c03,
  REGEXP_COUNT('hello world! Hello everyone!', 'Hello') AS c04,
  REGEXP_COUNT('abcabcabc', 'abcab') AS c05,
  REGEXP_COUNT('abcd', 'z') AS c06,
  REGEXP_COUNT('^abc', '\^abc') AS c07,
  REGEXP_COUNT('a.b.c.d', '\.') AS c08,
  REGEXP_COUNT('a*b*c*d', '\*') AS c09,
  REGEXP_COUNT('abc123xyz456', '\d') AS c10,
  REGEXP_COUNT('Helloworld! Hello everyone!', '\bHello\b') AS c11
FROM t;
