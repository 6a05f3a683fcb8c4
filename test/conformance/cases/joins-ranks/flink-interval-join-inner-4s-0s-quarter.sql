-- flink-interval-join-inner-4s-0s-quarter  [interval_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/IntervalJoinITCase.scala :: IntervalJoinITCase.testRowTimeInnerJoinWithOtherTimeCondition (commit 0420837af03d)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-interval-join-inner-4s-0s-quarter.sql --events flink-interval-join-inner-4s-0s-quarter.events.jsonl
-- compare: append
-- original query:
--   SELECT t2.a, t1.c, t2.c
--   FROM T1 as t1 JOIN T2 as t2 ON
--     t1.a = t2.a AND
--     t1.rowtime > t2.rowtime - INTERVAL '4' SECOND AND
--       t1.rowtime < t2.rowtime AND
--     QUARTER(t1.rowtime) = t2.a

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
  t1.rowtime > t2.rowtime - INTERVAL '4' SECOND AND
  t1.rowtime < t2.rowtime AND
  QUARTER(t1.rowtime) = t2.a;
