-- flink-fn-greatest  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/GreatestLeastFunctionsITCase.java :: GreatestLeastFunctionsITCase.getTestSetSpecs (GREATEST) (commit 404cfea34289)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-greatest.sql --events flink-fn-greatest.events.jsonl
-- compare: append
-- original query:
--   original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   CAST(GREATEST(f1, f3, f2) AS DECIMAL(3, 2))  ->  3.14
--   GREATEST(f0, f1, f2)  ->  null
--   GREATEST(f4, f5)  ->  world
--   GREATEST(f6, f7)  ->  1970-01-01 00:00:03.001
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts; the validation-error assertions are left out.

CREATE SOURCE t (
  f0 INT,
  f1 INT NOT NULL,
  f2 INT NOT NULL,
  f3 DECIMAL(3, 2) NOT NULL,
  f4 STRING NOT NULL,
  f5 STRING NOT NULL,
  f6 TIMESTAMP(3) NOT NULL,
  f7 TIMESTAMP(3) NOT NULL
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  CAST(GREATEST(f1, f3, f2) AS DECIMAL(3, 2)) AS c01,
  GREATEST(f0, f1, f2) AS c02,
  GREATEST(f4, f5) AS c03,
  GREATEST(f6, f7) AS c04
FROM t;
