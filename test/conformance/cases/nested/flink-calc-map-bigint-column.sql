-- flink-calc-map-bigint-column  [map_column]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/CalcITCase.scala :: CalcITCase.testSourceWithCustomInternalData (commit 02d6a52a9f66)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-calc-map-bigint-column.sql --events flink-calc-map-bigint-column.events.jsonl
-- compare: append
-- original query:
--   select a, b from CustomTable

CREATE SOURCE CustomTable (
  a BIGINT,
  b MAP<BIGINT, BIGINT>
) WITH (connector = 'file', format = 'json');

CREATE VIEW custom AS
SELECT a, b FROM CustomTable;
