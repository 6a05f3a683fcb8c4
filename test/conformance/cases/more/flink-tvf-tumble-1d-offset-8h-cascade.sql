-- flink-tvf-tumble-1d-offset-8h-cascade  [cascade]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowAggregateITCase.scala :: WindowAggregateITCase.testCascadeEventTimeTumbleWindowWithOffset (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-tvf-tumble-1d-offset-8h-cascade.sql --events flink-tvf-tumble-1d-offset-8h-cascade.events.jsonl
-- compare: append
-- original query:
--   SELECT
--     cnt,
--     window_start,
--     window_end,
--     COUNT(*)
--     FROM
--     (
--       SELECT
--       `name`,
--       window_start,
--       window_end,
--       COUNT(DISTINCT `string`) AS cnt
--       FROM TABLE(
--         TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '1' DAY, INTERVAL '8' HOUR))
--       GROUP BY `name`, window_start, window_end
--   ) GROUP BY cnt, window_start, window_end

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

CREATE VIEW cascade_by_cnt AS
SELECT
  cnt,
  window_start,
  window_end,
  COUNT(*) AS names
FROM (
  SELECT
    `name`,
    window_start,
    window_end,
    COUNT(DISTINCT `string`) AS cnt
  FROM TABLE(
    TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '1' DAY, INTERVAL '8' HOUR))
  GROUP BY `name`, window_start, window_end
) GROUP BY cnt, window_start, window_end;
