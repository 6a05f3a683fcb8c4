-- flink-tvf-tumble-5s-rollup-by-name  [grouping_sets]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowAggregateITCase.scala :: WindowAggregateITCase.testEventTimeTumbleWindow_Rollup (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-tvf-tumble-5s-rollup-by-name.sql --events flink-tvf-tumble-5s-rollup-by-name.events.jsonl
-- compare: append
-- original query:
--   SELECT
--     GROUPING_ID(`name`),
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
--      TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--   GROUP BY ROLLUP(`name`), window_start, window_end

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

CREATE VIEW tumble_rollup AS
SELECT
  GROUPING_ID(`name`) AS gid,
  `name`,
  window_start,
  window_end,
  COUNT(*) AS cnt,
  SUM(`bigdec`) AS sum_bigdec,
  MAX(`double`) AS max_double,
  MIN(`float`) AS min_float,
  COUNT(DISTINCT `string`) AS cnt_distinct_string
FROM TABLE(
  TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
GROUP BY ROLLUP(`name`), window_start, window_end;
