-- flink-fn-coalesce-map  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/CoalesceFunctionITCase.java :: CoalesceFunctionITCase.allTypesBasic (MAP) (commit 3e6467ffd1d4)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-coalesce-map.sql --events flink-fn-coalesce-map.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   COALESCE(f0, f1)  ->  [object Object]
--   COALESCE(f1, f2)  ->  [object Object]
--   COALESCE(f0, f0, f2)  ->  [object Object]
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 MAP<STRING, INT>,
  f1 MAP<STRING, INT> NOT NULL,
  f2 MAP<STRING, INT> NOT NULL
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  COALESCE(f0, f1) AS c01,
  COALESCE(f1, f2) AS c02,
  COALESCE(f0, f0, f2) AS c03
FROM t;
