-- flink-fn-least  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/GreatestLeastFunctionsITCase.java :: GreatestLeastFunctionsITCase.getTestSetSpecs (LEAST) (commit 404cfea34289)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-least.sql --events flink-fn-least.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   CAST(LEAST(f1, f3, f2) AS DECIMAL(3, 2))  ->  1.00
--   LEAST(f0, f1)  ->  null
--   LEAST(f4, f5)  ->  hello
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 INT,
  f1 INT NOT NULL,
  f2 INT NOT NULL,
  f3 DECIMAL(3, 2) NOT NULL,
  f4 STRING NOT NULL,
  f5 STRING NOT NULL
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  CAST(LEAST(f1, f3, f2) AS DECIMAL(3, 2)) AS c01,
  LEAST(f0, f1) AS c02,
  LEAST(f4, f5) AS c03
FROM t;
