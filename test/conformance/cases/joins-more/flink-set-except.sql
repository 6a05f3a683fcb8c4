-- flink-set-except  [set_operation]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/SetOperatorsITCase.scala :: SetOperatorsITCase.testExcept (commit bf194de0b3a2)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-set-except.sql --events flink-set-except.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a3 from T1 EXCEPT SELECT b3 from T2

CREATE SOURCE T1 (
  a1 INT,
  a2 BIGINT,
  a3 STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  b1 INT,
  b2 BIGINT,
  b3 STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW excepted AS
SELECT a3 FROM T1 EXCEPT SELECT b3 FROM T2;
