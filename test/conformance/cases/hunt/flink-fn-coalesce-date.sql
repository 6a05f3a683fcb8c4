-- flink-fn-coalesce-date  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/CoalesceFunctionITCase.java :: CoalesceFunctionITCase.allTypesBasic (DATE) (commit 3e6467ffd1d4)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-coalesce-date.sql --events flink-fn-coalesce-date.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   COALESCE(f0, f1)  ->  2026-01-01
--   COALESCE(f1, f2)  ->  2026-01-01
--   COALESCE(f0, f0, f2)  ->  2026-12-31
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 DATE,
  f1 DATE NOT NULL,
  f2 DATE NOT NULL
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  COALESCE(f0, f1) AS c01,
  COALESCE(f1, f2) AS c02,
  COALESCE(f0, f0, f2) AS c03
FROM t;
