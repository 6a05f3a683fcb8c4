-- flink-calc-decimal-array  [array_constructor]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/CalcITCase.scala :: CalcITCase.testDecimalArrayWithDifferentPrecision (commit 02d6a52a9f66)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-calc-decimal-array.sql --events flink-calc-decimal-array.events.jsonl
-- compare: append
-- original query:
--   SELECT ARRAY[0.12, 0.5, 0.99]

CREATE VIEW arr AS
SELECT ARRAY[0.12, 0.5, 0.99];
