-- flink-tvf-hop-12h-1d-offset-minus-8h-by-name  [hop_offset]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowAggregateITCase.scala :: WindowAggregateITCase.testEventTimeHopWindowWithNegativeOffset (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-tvf-hop-12h-1d-offset-minus-8h-by-name.sql --events flink-tvf-hop-12h-1d-offset-minus-8h-by-name.events.jsonl
-- compare: append
-- original query:
--   SELECT
--     `name`,
--     window_start,
--     window_end,
--     COUNT(*),
--     SUM(`bigdec`),
--     MAX(`double`),
--     MIN(`float`),
--     COUNT(DISTINCT `string`),
--     concat_distinct_agg(`string`)
--   FROM TABLE(
--      HOP(
--        TABLE T1,
--        DESCRIPTOR(rowtime),
--        INTERVAL '12' HOUR,
--        INTERVAL '1' DAY,
--        INTERVAL '-8' HOUR))
--   GROUP BY `name`, window_start, window_end

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

CREATE VIEW hop_neg_offset AS
SELECT
  `name`,
  window_start,
  window_end,
  COUNT(*) AS cnt,
  SUM(`bigdec`) AS sum_bigdec,
  MAX(`double`) AS max_double,
  MIN(`float`) AS min_float,
  COUNT(DISTINCT `string`) AS cnt_distinct_string
FROM TABLE(
  HOP(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '12' HOUR, INTERVAL '1' DAY, INTERVAL '-8' HOUR))
GROUP BY `name`, window_start, window_end;
