-- flink-fn-coalesce-string  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/CoalesceFunctionITCase.java :: CoalesceFunctionITCase.allTypesBasic (STRING) (commit 3e6467ffd1d4)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-coalesce-string.sql --events flink-fn-coalesce-string.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   COALESCE(f0, f1)  ->  hello
--   COALESCE(f1, f2)  ->  hello
--   COALESCE(f0, f0, f2)  ->  world
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 STRING,
  f1 STRING NOT NULL,
  f2 STRING NOT NULL
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  COALESCE(f0, f1) AS c01,
  COALESCE(f1, f2) AS c02,
  COALESCE(f0, f0, f2) AS c03
FROM t;
