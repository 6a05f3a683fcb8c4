-- flink-interval-join-left-outer-empty-interval  [interval_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/IntervalJoinITCase.scala :: IntervalJoinITCase.testRowTimeLeftOuterJoinNegativeIntervalSize (commit 0420837af03d)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-interval-join-left-outer-empty-interval.sql --events flink-interval-join-left-outer-empty-interval.events.jsonl
-- compare: append
-- original query:
--   SELECT t2.key, t2.id, t1.id
--   FROM T1 AS t1 LEFT OUTER JOIN T2 AS t2 ON
--    t1.key = t2.key AND
--     t1.rowtime BETWEEN t2.rowtime + INTERVAL '3' SECOND AND
--     t2.rowtime + INTERVAL '1' SECOND

CREATE SOURCE T1 (
  `key` STRING,
  id STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' MILLISECOND
) WITH (connector = 'file', format = 'json');

CREATE SOURCE T2 (
  `key` STRING,
  id STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' MILLISECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW interval_join AS
SELECT t2.`key` AS `key`, t2.id AS r_id, t1.id AS l_id
FROM T1 AS t1 LEFT OUTER JOIN T2 AS t2 ON
  t1.`key` = t2.`key` AND
  t1.rowtime BETWEEN t2.rowtime + INTERVAL '3' SECOND AND t2.rowtime + INTERVAL '1' SECOND;
