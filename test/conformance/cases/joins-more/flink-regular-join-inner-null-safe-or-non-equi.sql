-- flink-regular-join-inner-null-safe-or-non-equi  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testIsNullInnerJoinWithNullCond (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-inner-null-safe-or-non-equi.sql --events flink-regular-join-inner-null-safe-or-non-equi.events.jsonl
-- compare: append
-- original query:
--   SELECT t2.a, t2.c, t1.c
--   FROM (
--    SELECT if(a = 3, cast(null as int), a) as a, b, c FROM T1
--   ) as t1
--   JOIN (
--    SELECT if(a = 3, cast(null as int), a) as a, b, c FROM T2
--   ) as t2
--   ON
--     ((t1.a is null AND t2.a is null) OR
--     (t1.a = t2.a))
--     AND t1.b > t2.b

CREATE SOURCE T1 (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  a INT,
  b BIGINT,
  c STRING
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
SELECT t2.a, t2.c AS c2, t1.c AS c1
FROM (SELECT IF(a = 3, CAST(NULL AS INT), a) AS a, b, c FROM T1) AS t1
JOIN (SELECT IF(a = 3, CAST(NULL AS INT), a) AS a, b, c FROM T2) AS t2
ON ((t1.a IS NULL AND t2.a IS NULL) OR (t1.a = t2.a)) AND t1.b > t2.b;
