-- flink-regular-join-inner-null-keys  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/java/org/apache/flink/table/planner/plan/nodes/exec/stream/JoinTestPrograms.java :: JoinTestPrograms.NON_WINDOW_INNER_JOIN (commit 0658fb7cac0f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-inner-null-keys.sql --events flink-regular-join-inner-null-keys.events.jsonl
-- compare: final_table
-- original query:
--   insert into MySink SELECT t2.a, t2.c, t1.c
--   FROM (
--    SELECT if(a = 3, cast(null as int), a) as a, b, c FROM T1
--   ) as t1
--   JOIN (
--    SELECT if(a = 3, cast(null as int), a) as a, b, c FROM T2
--   ) as t2
--   ON t1.a = t2.a AND t1.b > t2.b

CREATE SOURCE T1 (
  a INT,
  b BIGINT,
  c VARCHAR
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  a INT,
  b BIGINT,
  c VARCHAR
) WITH (connector = 'file', format = 'json');

CREATE VIEW MySink AS
SELECT t2.a, t2.c AS c1, t1.c AS c2
FROM (
 SELECT if(a = 3, cast(null as int), a) as a, b, c FROM T1
) as t1
JOIN (
 SELECT if(a = 3, cast(null as int), a) as a, b, c FROM T2
) as t2
ON t1.a = t2.a AND t1.b > t2.b;
