-- flink-regular-join-full-null-safe-or  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testNullFullOuterJoinWithNullCond (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-full-null-safe-or.sql --events flink-regular-join-full-null-safe-or.events.jsonl
-- compare: final_table
-- original query:
--   SELECT t1.a, t1.b, t2.a, t2.b
--   FROM (
--    SELECT if(a = 3, cast(null as int), a) as a, b FROM T1
--   ) as t1
--   FULL OUTER JOIN (
--    SELECT if(a = 3, cast(null as int), a) as a, b FROM T2
--   ) as t2
--   ON t1.a = t2.a
--   OR (t1.a is null AND t2.a is null)

CREATE SOURCE T1 (
  a INT,
  b BIGINT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  a INT,
  b BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
SELECT t1.a AS l_a, t1.b AS l_b, t2.a AS r_a, t2.b AS r_b
FROM (
 SELECT if(a = 3, cast(null as int), a) as a, b FROM T1
) as t1
FULL OUTER JOIN (
 SELECT if(a = 3, cast(null as int), a) as a, b FROM T2
) as t2
ON t1.a = t2.a
OR (t1.a is null AND t2.a is null);
