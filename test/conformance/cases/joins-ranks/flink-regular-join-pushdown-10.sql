-- flink-regular-join-pushdown-10  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testJoinWithFilterPushDown (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-pushdown-10.sql --events flink-regular-join-pushdown-10.events.jsonl
-- compare: final_table
-- original query:
--   select * from
--    l left join r on a = c where c <> 3 AND a <= 3

CREATE SOURCE l (
  a INT,
  b DOUBLE
) WITH (connector = 'file', format = 'json');

CREATE SOURCE r (
  c INT,
  d DOUBLE
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
select * from
 l left join r on a = c where c <> 3 AND a <= 3;
