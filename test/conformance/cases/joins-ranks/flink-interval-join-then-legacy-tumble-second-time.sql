-- flink-interval-join-then-legacy-tumble-second-time  [interval_join]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/IntervalJoinITCase.scala :: IntervalJoinITCase.testRowTimeInnerJoinWithWindowAggregateOnSecondTime (commit 0420837af03d)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-interval-join-then-legacy-tumble-second-time.sql --events flink-interval-join-then-legacy-tumble-second-time.events.jsonl
-- compare: append
-- original query:
--   SELECT t2.key, TUMBLE_END(t2.rowtime, INTERVAL '4' SECOND), COUNT(t1.key)
--   FROM T1 AS t1 join T2 AS t2 ON
--    t1.key = t2.key AND
--    t1.rowtime BETWEEN t2.rowtime - INTERVAL '5' SECOND AND
--    t2.rowtime + INTERVAL '5' SECOND
--    GROUP BY TUMBLE(t2.rowtime, INTERVAL '4' SECOND), t2.key

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

CREATE VIEW join_then_window AS
SELECT t2.`key` AS `key`, TUMBLE_END(t2.rowtime, INTERVAL '4' SECOND) AS w_end, COUNT(t1.`key`) AS cnt
FROM T1 AS t1 JOIN T2 AS t2 ON
  t1.`key` = t2.`key` AND
  t1.rowtime BETWEEN t2.rowtime - INTERVAL '5' SECOND AND t2.rowtime + INTERVAL '5' SECOND
GROUP BY TUMBLE(t2.rowtime, INTERVAL '4' SECOND), t2.`key`;
