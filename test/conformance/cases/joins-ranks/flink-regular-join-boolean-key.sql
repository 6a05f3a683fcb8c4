-- flink-regular-join-boolean-key  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testInnerJoinWithBooleanFilterCondition (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-boolean-key.sql --events flink-regular-join-boolean-key.events.jsonl
-- compare: final_table
-- original query:
--   SELECT a1, a1, c2 FROM Table3 INNER JOIN Table5 ON d1 = d2 where d1 is true

CREATE SOURCE Table3 (
  a1 INT,
  b1 BIGINT,
  c1 STRING,
  d1 BOOLEAN
) WITH (connector = 'file', format = 'json');

CREATE SOURCE Table5 (
  a2 INT,
  b2 BIGINT,
  c2 STRING,
  d2 BOOLEAN
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
SELECT a1, a1 AS a1_again, c2 FROM Table3 INNER JOIN Table5 ON d1 = d2 where d1 is true;
