-- flink-fn-like-quotes-in-segments  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/LikeFunctionITCase.java :: LikeFunctionITCase.withoutEscape (spec 1) (commit 6af30ecee4a0)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-like-quotes-in-segments.sql --events flink-fn-like-quotes-in-segments.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   f0 LIKE 'a%b"c%d'  ->  false
--   f0 LIKE 't%es%t'  ->  true
--   f0 LIKE 'a"b%c%d'  ->  false
--   f1 LIKE 't"e%s%t'  ->  true
--   f0 LIKE 'a%b%c"d'  ->  false
--   f2 LIKE 't%e%s"t'  ->  true
--   f0 LIKE 'a"%b"%c'  ->  false
--   f3 LIKE 't"%s"%t'  ->  true
--   f0 LIKE 'te_t"'  ->  false
--   f2 LIKE 'te_"t'  ->  true
--   f0 LIKE '_"_test_"_'  ->  false
--   f3 LIKE '_"__"_'  ->  true
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 STRING,
  f1 STRING,
  f2 STRING,
  f3 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  f0 LIKE 'a%b"c%d' AS c01,
  f0 LIKE 't%es%t' AS c02,
  f0 LIKE 'a"b%c%d' AS c03,
  f1 LIKE 't"e%s%t' AS c04,
  f0 LIKE 'a%b%c"d' AS c05,
  f2 LIKE 't%e%s"t' AS c06,
  f0 LIKE 'a"%b"%c' AS c07,
  f3 LIKE 't"%s"%t' AS c08,
  f0 LIKE 'te_t"' AS c09,
  f2 LIKE 'te_"t' AS c10,
  f0 LIKE '_"_test_"_' AS c11,
  f3 LIKE '_"__"_' AS c12
FROM t;
