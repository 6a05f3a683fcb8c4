-- flink-tvf-tumble-5s-window-time  [window_time]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowAggregateITCase.scala :: WindowAggregateITCase.testTumbleWindowOutputWindowTime (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-tvf-tumble-5s-window-time.sql --events flink-tvf-tumble-5s-window-time.events.jsonl
-- compare: append
-- original query:
--   SELECT
--     `name`,
--     window_start,
--     window_end,
--     window_time,
--     COUNT(*)
--   FROM TABLE(
--      TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--   GROUP BY `name`, window_start, window_end, window_time

CREATE SOURCE T1 (
  `int` INT,
  `double` DOUBLE,
  `float` FLOAT,
  `bigdec` DECIMAL(10, 2),
  `string` STRING,
  `name` STRING,
  rowtime TIMESTAMP(3),
  WATERMARK FOR rowtime AS rowtime - INTERVAL '1' SECOND
) WITH (connector = 'file', format = 'json');

CREATE VIEW tumble_window_time AS
SELECT
  `name`,
  window_start,
  window_end,
  window_time,
  COUNT(*) AS cnt
FROM TABLE(
  TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
GROUP BY `name`, window_start, window_end, window_time;
