-- flink-window-topn-cumulate-5s-15s-no-rank-number  [window_topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowRankITCase.scala :: WindowRankITCase.testCumulateWindowWithoutRankNumber (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-window-topn-cumulate-5s-15s-no-rank-number.sql --events flink-window-topn-cumulate-5s-15s-no-rank-number.events.jsonl
-- compare: append
-- original query:
--   SELECT `name`, window_start, window_end, cnt, sum_b, max_d, min_f, uv, distinct_str
--   FROM
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
--         SUM(`bigdec`) as sum_b,
--         MAX(`double`) as max_d,
--         MIN(`float`) as min_f,
--         COUNT(DISTINCT `string`) as uv,
--         concat_distinct_agg(`string`) as distinct_str
--       FROM TABLE(
--         CUMULATE(
--           TABLE T1,
--           DESCRIPTOR(rowtime),
--           INTERVAL '5' SECOND,
--           INTERVAL '15' SECOND))
--     GROUP BY `name`, window_start, window_end
--     )
--   )
--   WHERE rownum > 1 AND rownum <= 2

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
SELECT `name`, window_start, window_end, cnt, sum_b, max_d, min_f, uv
FROM
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
      SUM(`bigdec`) as sum_b,
      MAX(`double`) as max_d,
      MIN(`float`) as min_f,
      COUNT(DISTINCT `string`) as uv
    FROM TABLE(
      CUMULATE(
        TABLE T1,
        DESCRIPTOR(rowtime),
        INTERVAL '5' SECOND,
        INTERVAL '15' SECOND))
  GROUP BY `name`, window_start, window_end
  )
)
WHERE rownum > 1 AND rownum <= 2;
