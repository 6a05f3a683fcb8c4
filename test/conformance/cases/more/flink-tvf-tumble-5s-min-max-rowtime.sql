-- flink-tvf-tumble-5s-min-max-rowtime  [window_time]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowAggregateITCase.scala :: WindowAggregateITCase.testFieldNameConflict (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-tvf-tumble-5s-min-max-rowtime.sql --events flink-tvf-tumble-5s-min-max-rowtime.events.jsonl
-- compare: append
-- original query:
--   SELECT
--     window_time,
--     MIN(rowtime) as start_time,
--     MAX(rowtime) as end_time
--   FROM TABLE(
--      TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--   GROUP BY window_start, window_end, window_time

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

CREATE VIEW rowtime_bounds AS
SELECT
  window_time,
  MIN(rowtime) AS start_time,
  MAX(rowtime) AS end_time
FROM TABLE(
  TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
GROUP BY window_start, window_end, window_time;
