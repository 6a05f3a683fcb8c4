-- flink-tvf-session-5s-subquery-filter  [session]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowAggregateITCase.scala :: WindowAggregateITCase.testEventTimeSessionWindowWithTVFNotPullUpIntoWindowAgg (commit bf63127aaa34)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-tvf-session-5s-subquery-filter.sql --events flink-tvf-session-5s-subquery-filter.events.jsonl
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
--   FROM (
--    SELECT * FROM TABLE(
--      SESSION(TABLE T1 PARTITION BY `name`, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--      WHERE window_start > TIMESTAMP '2000-01-01 10:10:00.000'
--   )
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

CREATE VIEW session_filtered AS
SELECT
  `name`,
  window_start,
  window_end,
  COUNT(*) AS cnt,
  SUM(`bigdec`) AS sum_bigdec,
  MAX(`double`) AS max_double,
  MIN(`float`) AS min_float,
  COUNT(DISTINCT `string`) AS cnt_distinct_string
FROM (
  SELECT * FROM TABLE(
    SESSION(TABLE T1 PARTITION BY `name`, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
  WHERE window_start > TIMESTAMP '2000-01-01 10:10:00.000'
)
GROUP BY `name`, window_start, window_end;
