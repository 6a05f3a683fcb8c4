-- flink-regular-join-comma-non-equi  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testInnerJoinWithNonEquiJoinPredicate (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-comma-non-equi.sql --events flink-regular-join-comma-non-equi.events.jsonl
-- compare: final_table
-- original query:
--   SELECT c, g FROM Table3, Table5 WHERE b = e AND a < 6 AND h < b

CREATE SOURCE Table3 (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE Table5 (
  d INT,
  e BIGINT,
  f INT,
  g STRING,
  h BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
SELECT c, g FROM Table3, Table5 WHERE b = e AND a < 6 AND h < b;
