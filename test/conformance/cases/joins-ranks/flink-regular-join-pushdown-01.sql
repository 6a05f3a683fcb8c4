-- flink-regular-join-pushdown-01  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testJoinWithFilterPushDown (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-pushdown-01.sql --events flink-regular-join-pushdown-01.events.jsonl
-- compare: final_table
-- original query:
--   select * from
--     (select a, max(b) b, count(*) c1 from l group by a)
--     join
--     (select c, max(d) d, count(*) c2 from r group by c)
--     on a = c and c1 = c2 where a >= 2

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
  (select a, max(b) b, count(*) c1 from l group by a)
  join
  (select c, max(d) d, count(*) c2 from r group by c)
  on a = c and c1 = c2 where a >= 2;
