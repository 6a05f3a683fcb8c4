-- flink-fn-like-backslash-no-escape  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/LikeFunctionITCase.java :: LikeFunctionITCase.withoutEscape (spec 3) (commit 6af30ecee4a0)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-like-backslash-no-escape.sql --events flink-fn-like-backslash-no-escape.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   f0 LIKE 'test\"more'  ->  false
--   f0 LIKE 'test\\'  ->  false
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  f0 LIKE 'test\"more' AS c01,
  f0 LIKE 'test\\' AS c02
FROM t;
