-- flink-interval-join-inner-exclusive-bounds-other-conditions  [interval_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/IntervalJoinITCase.scala :: IntervalJoinITCase.testRowTimeInnerJoinWithOtherConditions (commit 0420837af03d)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-interval-join-inner-exclusive-bounds-other-conditions.sql --events flink-interval-join-inner-exclusive-bounds-other-conditions.events.jsonl
-- compare: append
-- original query:
--   SELECT t2.a, t1.c, t2.c
--   FROM T1 as t1 JOIN T2 as t2 ON
--     t1.a = t2.a AND
--     t1.rowtime > t2.rowtime - INTERVAL '5' SECOND AND
--       t1.rowtime < t2.rowtime - INTERVAL '1' SECOND AND
--     t1.b < t2.b AND
--     t1.b > 2

CREATE SOURCE T1 (
  a INT,
  b BIGINT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' MILLISECOND
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  a INT,
  b BIGINT,
  c STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' MILLISECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW interval_join AS
SELECT t2.a AS a, t1.c AS l_c, t2.c AS r_c
FROM T1 AS t1 JOIN T2 AS t2 ON
  t1.a = t2.a AND
  t1.rowtime > t2.rowtime - INTERVAL '5' SECOND AND
  t1.rowtime < t2.rowtime - INTERVAL '1' SECOND AND
  t1.b < t2.b AND
  t1.b > 2;
