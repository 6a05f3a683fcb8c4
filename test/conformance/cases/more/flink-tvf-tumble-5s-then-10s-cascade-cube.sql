-- flink-tvf-tumble-5s-then-10s-cascade-cube  [cascade]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowDistinctAggregateITCase.scala :: WindowDistinctAggregateITCase.testCascadingTumbleWindow_Cube (commit 040d69e506e1)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-tvf-tumble-5s-then-10s-cascade-cube.sql --events flink-tvf-tumble-5s-then-10s-cascade-cube.events.jsonl
-- compare: append
-- original query:
--   CREATE VIEW V1 AS
--   SELECT
--     GROUPING_ID(`name`) as group_id,
--     `name`,
--     window_time as rowtime,
--     COUNT(*) as cnt,
--     SUM(`bigdec`) as sum_bigdec,
--     MAX(`double`) as max_double,
--     MIN(`float`) as min_float,
--     COUNT(DISTINCT `string`) as uv
--   FROM TABLE(
--      TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--   GROUP BY CUBE(`name`), window_start, window_end, window_time;
--   SELECT
--     group_id, `name`, window_start, window_end,
--     SUM(cnt),
--     SUM(sum_bigdec),
--     MAX(max_double),
--     MIN(min_float),
--     SUM(uv)
--   FROM TABLE(
--      TUMBLE(TABLE V1, DESCRIPTOR(rowtime), INTERVAL '10' SECOND))
--   GROUP BY group_id, `name`, window_start, window_end

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

CREATE VIEW cascade_10s AS
WITH V1 AS (
  SELECT
    GROUPING_ID(`name`) as group_id,
    `name`,
    window_time as rowtime,
    COUNT(*) as cnt,
    SUM(`bigdec`) as sum_bigdec,
    MAX(`double`) as max_double,
    MIN(`float`) as min_float,
    COUNT(DISTINCT `string`) as uv
  FROM TABLE(
     TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
  GROUP BY CUBE(`name`), window_start, window_end, window_time
)
SELECT
  group_id, `name`, window_start, window_end,
  SUM(cnt) AS sum_cnt,
  SUM(sum_bigdec) AS sum_bigdec,
  MAX(max_double) AS max_double,
  MIN(min_float) AS min_float,
  SUM(uv) AS sum_uv
FROM TABLE(
  TUMBLE(TABLE V1, DESCRIPTOR(rowtime), INTERVAL '10' SECOND))
GROUP BY group_id, `name`, window_start, window_end;
