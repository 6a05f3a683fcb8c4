-- flink-window-topn-tumble-5s-tvf-calc  [window_topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowRankITCase.scala :: WindowRankITCase.testTumbleWindowTVFWithCalc (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-window-topn-tumble-5s-tvf-calc.sql --events flink-window-topn-tumble-5s-tvf-calc.events.jsonl
-- compare: append
-- original query:
--   SELECT
--     `int`,
--     `string`,
--     `name`,
--     window_start,
--     window_end,
--     window_time
--   FROM (
--     SELECT *,
--       ROW_NUMBER() OVER(
--         PARTITION BY window_start, window_end, `name` ORDER BY `int` DESC) as rownum
--     FROM TABLE(
--         TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--   )
--   WHERE rownum <= 2

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

CREATE VIEW window_topn_rows AS
SELECT
  `int`,
  `string`,
  `name`,
  window_start,
  window_end,
  window_time
FROM (
  SELECT *,
    ROW_NUMBER() OVER(
      PARTITION BY window_start, window_end, `name` ORDER BY `int` DESC) as rownum
  FROM TABLE(
      TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
)
WHERE rownum <= 2;
