-- flink-window-dedup-tumble-5s-keep-last-calc  [window_dedup]
-- from: apache/flink flink-table/flink-table-planner/src/test/scala/org/apache/flink/table/planner/runtime/stream/sql/WindowDeduplicateITCase.scala :: WindowDeduplicateITCase.testTumbleWindowKeepLastRowWithCalc (commit 19810b57dd41)
-- license: Apache-2.0
-- run: npx --no tumbleql replay flink-window-dedup-tumble-5s-keep-last-calc.sql --events flink-window-dedup-tumble-5s-keep-last-calc.events.jsonl
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
--         PARTITION BY window_start, window_end, `name` ORDER BY rowtime DESC) as rownum
--     FROM TABLE(
--         TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
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

CREATE VIEW window_dedup AS
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
      PARTITION BY window_start, window_end, `name` ORDER BY rowtime DESC) as rownum
  FROM TABLE(
      TUMBLE(TABLE T1, DESCRIPTOR(rowtime), INTERVAL '5' SECOND))
)
WHERE rownum <= 1;
