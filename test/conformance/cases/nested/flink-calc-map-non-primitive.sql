-- flink-calc-map-non-primitive  [map_constructor]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/CalcITCase.scala :: CalcITCase.testNonPrimitiveMapType (commit 02d6a52a9f66)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-calc-map-non-primitive.sql --events flink-calc-map-non-primitive.events.jsonl
-- compare: append
-- original query:
--   SELECT MAP[a, c] FROM MyTableRow

CREATE SOURCE MyTableRow (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW maps AS
SELECT MAP[a, c] FROM MyTableRow;
