-- flink-calc-select-star-nested  [row_column]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/CalcITCase.scala :: CalcITCase.testSelectStarFromNestedTable (commit 02d6a52a9f66)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-calc-select-star-nested.sql --events flink-calc-select-star-nested.events.jsonl
-- compare: append
-- original query:
--   SELECT * FROM MyTable
-- notes: The stream of ((Int, Int), String) tuples is a source of a ROW<_1 INT, _2 INT> column _1 and a STRING column _2. Flink prints the nested row flattened (0,0,0); the expected rows write it as the JSON object tumbleql outputs.

CREATE SOURCE MyTable (
  _1 ROW<_1 INT, _2 INT>,
  _2 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW v AS
SELECT * FROM MyTable;
