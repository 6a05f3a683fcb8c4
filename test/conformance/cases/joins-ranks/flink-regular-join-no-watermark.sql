-- flink-regular-join-no-watermark  [regular_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/JoinITCase.scala :: JoinITCase.testJoinWithoutWatermark (commit 11575fcf003f)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-regular-join-no-watermark.sql --events flink-regular-join-no-watermark.events.jsonl
-- compare: final_table
-- original query:
--   select T1.a, b, c from T1, T2 WHERE T1.a = T2.a

CREATE SOURCE T1 (
  a INT,
  b BIGINT
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  a INT,
  c BIGINT
) WITH (connector = 'file', format = 'json');

CREATE VIEW joined AS
select T1.a, b, c from T1, T2 WHERE T1.a = T2.a;
