-- flink-window-topn-hop-5s-10s-tvf-top2-by-int  [window_topn]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowRankITCase.scala :: WindowRankITCase.testHopWindowTVF (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-window-topn-hop-5s-10s-tvf-top2-by-int.sql --events flink-window-topn-hop-5s-10s-tvf-top2-by-int.events.jsonl
-- compare: append
-- original query:
--   SELECT
--     TO_TIMESTAMP(`ts`),
--     `int`,
--     `double`,
--     `float`,
--     `bigdec`,
--     `string`,
--     `name`,
--     CAST(`rowtime` AS STRING),
--     window_start,
--     window_end,
--     window_time
--   FROM (
--     SELECT *,
--       ROW_NUMBER() OVER(
--         PARTITION BY window_start, window_end, `name` ORDER BY `int` DESC) as rownum
--     FROM TABLE(
--         HOP(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
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
  rowtime AS ts,
  `int`,
  `double`,
  `float`,
  `bigdec`,
  `string`,
  `name`,
  CAST(`rowtime` AS STRING) AS rowtime_str,
  window_start,
  window_end,
  window_time
FROM (
  SELECT *,
    ROW_NUMBER() OVER(
      PARTITION BY window_start, window_end, `name` ORDER BY `int` DESC) as rownum
  FROM TABLE(
      HOP(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND, INTERVAL '10' SECOND))
)
WHERE rownum <= 2;
