-- flink-calc-decimal-map  [map_constructor]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/CalcITCase.scala :: CalcITCase.testDecimalMapWithDifferentPrecision (commit 02d6a52a9f66)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-calc-decimal-map.sql --events flink-calc-decimal-map.events.jsonl
-- compare: append
-- original query:
--   SELECT Map['a', 0.12, 'b', 0.5]

CREATE VIEW m AS
SELECT Map['a', 0.12, 'b', 0.5];
