-- flink-fn-try-cast-string-to-time  [scalar_functions]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/functions/CastFunctionMiscITCase.java :: CastFunctionMiscITCase "try cast from STRING to TIME" (commit 02fa53702f9a)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-fn-try-cast-string-to-time.sql --events flink-fn-try-cast-string-to-time.events.jsonl
-- compare: append
-- original assertions (BuiltInFunctionTestBase: SQL expression -> expected value):
--   TRY_CAST(f0 AS TIME)  ->  null
--   TRY_CAST(f1 AS TIME)  ->  "12:34:56"
-- notes: The test data row (onFieldsWithData) is one event of a source t with the fields f0..fn; each asserted SQL expression is one column of a view over t (aliases c01..), its expected value the one the test asserts. Table API-only assertions are left out. The TIME value LocalTime.of(12, 34, 56) is written as JSON output writes a TIME.

CREATE SOURCE t (
  f0 STRING,
  f1 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT
  TRY_CAST(f0 AS TIME) AS c01,
  TRY_CAST(f1 AS TIME) AS c02
FROM t;
