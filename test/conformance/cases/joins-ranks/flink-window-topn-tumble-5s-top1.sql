-- flink-window-topn-tumble-5s-top1  [window_topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowRankITCase.scala :: WindowRankITCase.testTop1 (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-window-topn-tumble-5s-top1.sql --events flink-window-topn-tumble-5s-top1.events.jsonl
-- compare: append
-- original query:
--   SELECT * FROM
--   (
--     SELECT *,
--       ROW_NUMBER() OVER(
--         PARTITION BY window_start, window_end ORDER BY sum_b DESC) as rownum
--     FROM (
--       SELECT
--         `name`,
--         window_start,
--         window_end,
--         COUNT(*) as cnt,
--         SUM(`bigdec`) as sum_b
--       FROM TABLE(
--         TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
--     GROUP BY `name`, window_start, window_end
--     )
--   )
--   WHERE rownum <= 1

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

CREATE VIEW window_topn AS
SELECT * FROM
(
  SELECT *,
    ROW_NUMBER() OVER(
      PARTITION BY window_start, window_end ORDER BY sum_b DESC) as rownum
  FROM (
    SELECT
      `name`,
      window_start,
      window_end,
      COUNT(*) as cnt,
      SUM(`bigdec`) as sum_b
    FROM TABLE(
      TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
  GROUP BY `name`, window_start, window_end
  )
)
WHERE rownum <= 1;
