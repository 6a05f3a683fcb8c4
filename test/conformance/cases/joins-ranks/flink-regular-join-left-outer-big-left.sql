-- flink-regular-join-left-outer-big-left  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testLeftOuterJoin2 (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-left-outer-big-left.sql --events flink-regular-join-left-outer-big-left.events.jsonl
-- compare: final_table
-- original query:
--   SELECT c, g FROM Table5 LEFT OUTER JOIN Table3 ON b = e

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
SELECT c, g FROM Table5 LEFT OUTER JOIN Table3 ON b = e;
