-- flink-interval-join-inner-equal-rowtime  [interval_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/IntervalJoinITCase.scala :: IntervalJoinITCase.testRowTimeInnerJoinWithEquiTimeAttrs (commit 0420837af03d)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-interval-join-inner-equal-rowtime.sql --events flink-interval-join-inner-equal-rowtime.events.jsonl
-- compare: append
-- original query:
--   SELECT t1.key, t1._2, t1.val, t2.val
--   FROM T1 AS t1 JOIN T2 AS t2 ON
--   t1.key = t2.key AND
--   t2.rowtime = t1.rowtime

CREATE SOURCE T1 (
  `key` STRING,
  `_2` BIGINT,
  `val` STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  `key` STRING,
  `_2` BIGINT,
  `val` STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW equi_time_join AS
SELECT t1.`key` AS `key`, t1.`_2` AS `_2`, t1.`val` AS l_val, t2.`val` AS r_val
FROM T1 AS t1 JOIN T2 AS t2 ON
  t1.`key` = t2.`key` AND
  t2.rowtime = t1.rowtime;
