-- flink-fn-math-shift  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/MathFunctionsITCase.java :: MathFunctionsITCase.getTestSetSpecs (SHIFTLEFT, SHIFTRIGHT) (commit 16ea0a2e327f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-math-shift.sql --events flink-fn-math-shift.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   shiftleft (f0, 2)  ->  493824
--   shiftright (f0, 2)  ->  30864
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 BIGINT NOT NULL
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  shiftleft (f0, 2) AS c01,
  shiftright (f0, 2) AS c02
FROM t;
