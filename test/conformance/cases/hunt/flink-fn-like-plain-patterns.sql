-- flink-fn-like-plain-patterns  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/LikeFunctionITCase.java :: LikeFunctionITCase.withoutEscape (spec 2) (commit 6af30ecee4a0)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-like-plain-patterns.sql --events flink-fn-like-plain-patterns.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   f0 LIKE 'test'  ->  true
--   '' LIKE ''  ->  true
--   '' LIKE '%'  ->  true
--   f0 LIKE ''  ->  false
--   f0 LIKE '%%'  ->  true
--   f0 LIKE 'te%'  ->  true
--   f0 LIKE '%st'  ->  true
--   f0 LIKE '%es%'  ->  true
--   f3 LIKE '%''%'  ->  true
--   f1 LIKE 'abc%def'  ->  true
--   f0 LIKE 'orange'  ->  false
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 STRING,
  f1 STRING,
  f2 STRING,
  f3 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  f0 LIKE 'test' AS c01,
  '' LIKE '' AS c02,
  '' LIKE '%' AS c03,
  f0 LIKE '' AS c04,
  f0 LIKE '%%' AS c05,
  f0 LIKE 'te%' AS c06,
  f0 LIKE '%st' AS c07,
  f0 LIKE '%es%' AS c08,
  f3 LIKE '%''%' AS c09,
  f1 LIKE 'abc%def' AS c10,
  f0 LIKE 'orange' AS c11
FROM t;
