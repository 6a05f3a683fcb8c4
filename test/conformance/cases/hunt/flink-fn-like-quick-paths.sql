-- flink-fn-like-quick-paths  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/LikeFunctionITCase.java :: LikeFunctionITCase.withoutEscape (spec 4) (commit 6af30ecee4a0)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-like-quick-paths.sql --events flink-fn-like-quick-paths.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   f0 LIKE 'test"quote'  ->  false
--   f2 LIKE 'te"st'  ->  true
--   f0 LIKE '"test'  ->  false
--   f1 LIKE '"test'  ->  true
--   f0 LIKE 'test"'  ->  false
--   f3 LIKE 'test"'  ->  true
--   f0 LIKE 'start"test%'  ->  false
--   f2 LIKE 'te"s%'  ->  true
--   f0 LIKE '%test"end'  ->  false
--   f2 LIKE '%te"st'  ->  true
--   f0 LIKE '%mid"dle%'  ->  false
--   f2 LIKE '%te"st%'  ->  true
--   f0 LIKE 'test\'  ->  false
--   f4 LIKE 'test\'  ->  true
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 STRING,
  f1 STRING,
  f2 STRING,
  f3 STRING,
  f4 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  f0 LIKE 'test"quote' AS c01,
  f2 LIKE 'te"st' AS c02,
  f0 LIKE '"test' AS c03,
  f1 LIKE '"test' AS c04,
  f0 LIKE 'test"' AS c05,
  f3 LIKE 'test"' AS c06,
  f0 LIKE 'start"test%' AS c07,
  f2 LIKE 'te"s%' AS c08,
  f0 LIKE '%test"end' AS c09,
  f2 LIKE '%te"st' AS c10,
  f0 LIKE '%mid"dle%' AS c11,
  f2 LIKE '%te"st%' AS c12,
  f0 LIKE 'test\' AS c13,
  f4 LIKE 'test\' AS c14
FROM t;
