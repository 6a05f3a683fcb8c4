-- flink-set-intersect  [set_operation]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SetOperatorsITCase.scala :: SetOperatorsITCase.testIntersect (commit bf194de0b3a2)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-set-intersect.sql --events flink-set-intersect.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a1, a2, a3 from A INTERSECT SELECT b1, b2, b3 from B

CREATE SOURCE A (
  a1 INT,
  a2 BIGINT,
  a3 STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE B (
  b1 INT,
  b2 BIGINT,
  b3 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW intersected AS
SELECT a1, a2, a3 FROM A INTERSECT SELECT b1, b2, b3 FROM B;
