-- flink-fn-coalesce-int  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/CoalesceFunctionITCase.java :: CoalesceFunctionITCase.allTypesBasic (INT) (commit 3e6467ffd1d4)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-coalesce-int.sql --events flink-fn-coalesce-int.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   COALESCE(f0, f1)  ->  1
--   COALESCE(f1, f2)  ->  1
--   COALESCE(f0, f0, f2)  ->  2
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 INT,
  f1 INT NOT NULL,
  f2 INT NOT NULL
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  COALESCE(f0, f1) AS c01,
  COALESCE(f1, f2) AS c02,
  COALESCE(f0, f0, f2) AS c03
FROM t;
