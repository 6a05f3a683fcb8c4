-- flink-fn-like-escape  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/LikeFunctionITCase.java :: LikeFunctionITCase.withEscape (commit 6af30ecee4a0)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-like-escape.sql --events flink-fn-like-escape.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   f0 LIKE 'test"end' ESCAPE ''  ->  false
--   f0 LIKE '' ESCAPE ''  ->  false
--   f0 LIKE 'test' ESCAPE '✅'  ->  true
--   f1 LIKE 'test✅%' ESCAPE '✅'  ->  true
--   f1 LIKE 'test!%' ESCAPE '!'  ->  true
--   f0 LIKE '✅test' ESCAPE '!'  ->  false
--   f0 LIKE '✅test' ESCAPE '\'  ->  false
--   f5 LIKE '✅test✅' ESCAPE '\'  ->  true
--   f5 LIKE '✅%✅' ESCAPE '\'  ->  true
--   f5 LIKE '✅%' ESCAPE '\'  ->  true
--   f5 LIKE '%st✅' ESCAPE '\'  ->  true
--   f2 LIKE 'te_st' ESCAPE '!'  ->  true
--   f2 LIKE 'te__st' ESCAPE '_'  ->  true
--   f1 LIKE 'test_%' ESCAPE '_'  ->  true
--   f2 LIKE 'te%_st' ESCAPE '%'  ->  true
--   f1 LIKE 'test%%' ESCAPE '%'  ->  true
--   f0 LIKE 'test"end' ESCAPE '!'  ->  false
--   f3 LIKE 'te"st' ESCAPE '!'  ->  true
--   f4 LIKE 'test\' ESCAPE '!'  ->  true
--   'a1bc' LIKE CAST('a%"+1+"b%c' AS STRING) ESCAPE '!'  ->  false
--   'a1"+1+"bc' LIKE CAST('a%"+1+"b%c' AS STRING) ESCAPE '!'  ->  true
--   f0 LIKE 'test\u000Aend' ESCAPE '!'  ->  false
--   'test\u000Aend' LIKE 'test\u000Aend' ESCAPE '!'  ->  true
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out. The two special-character assertions (Java \b, \n, \f control characters inside the SQL text) are left out: a SQL script file cannot carry them as the Java string does.

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
  f0 LIKE 'test"end' ESCAPE '' AS c01,
  f0 LIKE '' ESCAPE '' AS c02,
  f0 LIKE 'test' ESCAPE '✅' AS c03,
  f1 LIKE 'test✅%' ESCAPE '✅' AS c04,
  f1 LIKE 'test!%' ESCAPE '!' AS c05,
  f0 LIKE '✅test' ESCAPE '!' AS c06,
  f0 LIKE '✅test' ESCAPE '\' AS c07,
  f5 LIKE '✅test✅' ESCAPE '\' AS c08,
  f5 LIKE '✅%✅' ESCAPE '\' AS c09,
  f5 LIKE '✅%' ESCAPE '\' AS c10,
  f5 LIKE '%st✅' ESCAPE '\' AS c11,
  f2 LIKE 'te_st' ESCAPE '!' AS c12,
  f2 LIKE 'te__st' ESCAPE '_' AS c13,
  f1 LIKE 'test_%' ESCAPE '_' AS c14,
  f2 LIKE 'te%_st' ESCAPE '%' AS c15,
  f1 LIKE 'test%%' ESCAPE '%' AS c16,
  f0 LIKE 'test"end' ESCAPE '!' AS c17,
  f3 LIKE 'te"st' ESCAPE '!' AS c18,
  f4 LIKE 'test\' ESCAPE '!' AS c19,
  'a1bc' LIKE CAST('a%"+1+"b%c' AS STRING) ESCAPE '!' AS c20,
  'a1"+1+"bc' LIKE CAST('a%"+1+"b%c' AS STRING) ESCAPE '!' AS c21,
  f0 LIKE 'test\u000Aend' ESCAPE '!' AS c22,
  'test\u000Aend' LIKE 'test\u000Aend' ESCAPE '!' AS c23
FROM t;
