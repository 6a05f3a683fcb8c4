-- flink-fn-try-cast-time-to-string  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/CastFunctionMiscITCase.java :: CastFunctionMiscITCase "try cast from TIME NOT NULL to STRING NOT NULL" (commit 02fa53702f9a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-try-cast-time-to-string.sql --events flink-fn-try-cast-time-to-string.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   TRY_CAST(f0 AS STRING)  ->  "12:34:56"
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out.

CREATE SOURCE t (
  f0 TIME NOT NULL
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  TRY_CAST(f0 AS STRING) AS c01
FROM t;
