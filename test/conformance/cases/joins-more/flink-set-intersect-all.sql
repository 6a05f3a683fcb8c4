-- flink-set-intersect-all  [set_operation]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SetOperatorsITCase.scala :: SetOperatorsITCase.testIntersectAll (commit bf194de0b3a2)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-set-intersect-all.sql --events flink-set-intersect-all.events.jsonl
-- compare: final_table
-- original query:
--   SELECT c FROM T1 INTERSECT ALL SELECT c FROM T2

CREATE SOURCE T1 (
  c INT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  c INT
) WITH (connector = 'file', format = 'json');

CREATE VIEW intersected_all AS
SELECT c FROM T1 INTERSECT ALL SELECT c FROM T2;
